// Measures the studies feature against a running `trellis serve` (bench/run.sh starts one):
//
//   coding   200 coded segments created one after another through the API on a 20 KB answer,
//            HTTP included (keep-alive, as a browser would)
//   report   the full theme report (and co-occurrence) over a study of 1,000 respondents x 5
//            answers with 200,000 coded segments; the study is filled directly in the database
//            (through the storage layer) because only reading it is measured
//   import   1,000 transcripts of 5,000 words each posted as one import job, timed from the
//            request to the job's success, while another connection keeps asking for a study
//            to show that the server keeps serving
//   interchange  a study of 1,000 respondents x 5 answers with 20,000 coded
//            segments (filled through the storage layer) exported as a REFI-QDA project
//            (GET project.qdpx) and that archive imported as a new study (POST study-imports),
//            HTTP included; medians of several runs
//
// Usage: trellis_studies_bench BASE_URL DATABASE_URL TOKEN [coding,report,import,interchange]
// Prints "name value unit" lines that run.sh turns into a table.
#include <algorithm>
#include <atomic>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench_client.h"
#include "core/id.h"
#include "storage/store.h"
#include "storage/studies/study_repositories.h"

using trellis::bench::Client;
using trellis::bench::seconds_since;
using trellis::bench::str;
using Clock = std::chrono::steady_clock;
namespace http = boost::beast::http;

namespace {

const char* kWords[] = {"the",     "scholar", "kept",    "going", "after",   "a",
                        "dead",    "end",     "and",     "asked", "for",     "help",
                        "reading", "papers",  "every",   "week",  "mentor",  "said",
                        "résumé",  "curious", "results", "👍",     "patient", "model"};

std::string words(std::size_t n, std::mt19937& rng) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) out.push_back(i % 17 == 0 ? '\n' : ' ');
    out += kWords[rng() % std::size(kWords)];
  }
  return out;
}

std::string create_study(Client& c, const std::string& program, int questions) {
  boost::json::array qs;
  for (int i = 0; i < questions; ++i)
    qs.push_back(boost::json::object{{"prompt", "Question " + std::to_string(i + 1)}});
  auto s = c.json(http::verb::post, "/api/v1/programs/" + program + "/studies",
                  {{"title", "Bench " + trellis::new_id()}, {"questions", qs}}, 201);
  return str(s, "id");
}

boost::json::value wait_for_job(Client& c, const std::string& job) {
  for (;;) {
    auto j = c.json(http::verb::get, "/api/v1/jobs/" + job);
    std::string status = str(j, "status");
    if (status == "succeeded" || status == "failed") return j;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void bench_coding(Client& c, const std::string& program) {
  std::mt19937 rng(1);
  const std::string study = create_study(c, program, 1);
  std::string text = words(5000, rng);  // more than 20 KB, cut to 20,000 bytes below
  text.resize(20000);
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  boost::json::array transcripts{boost::json::object{{"respondent", "Mentor"}, {"text", text}}};
  auto job = c.json(http::verb::post, "/api/v1/studies/" + study + "/transcript-imports",
                    {{"transcripts", transcripts}}, 202);
  wait_for_job(c, str(job, "id"));
  auto responses = c.json(http::verb::get, "/api/v1/studies/" + study + "/responses");
  const std::string answer = str(responses.at("items").at(0).at("answers").at(0), "id");
  auto codes = c.json(http::verb::get, "/api/v1/studies/" + study + "/codes");
  const std::string code = str(codes.at("items").at(0), "id");

  std::vector<double> each;
  const auto start = Clock::now();
  for (int i = 0; i < 200; ++i) {
    const auto t = Clock::now();
    boost::json::object body{
        {"start", i * 50}, {"end", i * 50 + 40}, {"code_ids", boost::json::array{code}}};
    c.json(http::verb::post, "/api/v1/answers/" + answer + "/segments", body, 201);
    each.push_back(seconds_since(t));
  }
  const double total = seconds_since(start);
  std::sort(each.begin(), each.end());
  std::printf("coding_200_segments_total %.3f s\n", total);
  std::printf("coding_segment_median %.2f ms\n", each[each.size() / 2] * 1000);
  std::printf("coding_segment_p99 %.2f ms\n", each[each.size() * 99 / 100] * 1000);
}

// How a study is filled for a measurement: coded segments per answer at start = k * step,
// each `length` code points long, over answers of at least min_chars characters of words.
struct FillShape {
  int segments_per_answer;
  long long step, length;
  std::size_t min_chars;
  unsigned seed;
};

struct Filled {
  std::string study, first_answer;
  std::vector<std::string> codes;
  long long segments = 0;
};

// A study of 1,000 respondents x 5 answers, coded by a coder who left (exported as "Former
// member"), written directly through the storage layer: only reading it is measured, and
// filling it through the API would take minutes.
Filled fill_study(Client& c, const std::string& program, const std::string& database_url,
                  const FillShape& shape) {
  Filled out;
  out.study = create_study(c, program, 5);
  auto s = c.json(http::verb::get, "/api/v1/studies/" + out.study);
  std::vector<std::string> questions;
  for (const auto& q : s.at("questions").as_array()) questions.push_back(str(q, "id"));
  auto codes_json = c.json(http::verb::get, "/api/v1/studies/" + out.study + "/codes");
  for (const auto& code : codes_json.at("items").as_array()) out.codes.push_back(str(code, "id"));

  trellis::StoreOptions options;
  options.url = database_url;
  auto store = trellis::open_store(options);
  if (!store) {
    std::fprintf(stderr, "open_store: %s\n", store.error().message.c_str());
    std::exit(1);
  }
  std::mt19937 rng(shape.seed);
  const std::string coder = trellis::new_id();
  auto filled = (*store)->write([&](trellis::Repositories& r) -> trellis::Status {
    for (int resp = 0; resp < 1000; ++resp) {
      trellis::StudyResponse response;
      response.id = trellis::new_id();
      response.study_id = out.study;
      response.respondent_label = "Respondent " + std::to_string(resp);
      response.respondent_group = resp % 2 ? "mentor" : "scholar";
      response.source = trellis::ResponseSource::kTranscript;
      response.submitted_on = "2027-02-01";
      response.submitted_at = 1801526400000;
      std::vector<trellis::Answer> answers;
      for (int q = 0; q < 5; ++q) {
        trellis::Answer a;
        a.id = trellis::new_id();
        a.response_id = response.id;
        a.study_id = out.study;
        a.question_id = questions[q];
        while (a.text.size() < shape.min_chars) a.text += words(50, rng) + " ";
        a.length = 0;
        for (unsigned char ch : a.text) a.length += (ch & 0xC0) != 0x80;
        answers.push_back(std::move(a));
      }
      if (out.first_answer.empty()) out.first_answer = answers[0].id;
      auto inserted = r.studies().responses().insert(response, answers);
      if (!inserted) return inserted;
      for (int q = 0; q < 5; ++q) {
        for (int k = 0; k < shape.segments_per_answer; ++k, ++out.segments) {
          trellis::Segment seg;
          seg.id = trellis::new_id();
          seg.study_id = out.study;
          seg.answer_id = answers[q].id;
          seg.response_id = response.id;
          seg.question_id = questions[q];
          seg.question_position = q + 1;
          seg.code_id = out.codes[rng() % out.codes.size()];
          seg.coder_id = coder;
          seg.start = k * shape.step;
          seg.end = seg.start + shape.length;
          seg.created_at = 1801526400000;
          auto ok = r.studies().segments().insert(seg);
          if (!ok) return ok;
        }
      }
    }
    return trellis::ok_status();
  });
  if (!filled) {
    std::fprintf(stderr, "filling: %s\n", filled.error().message.c_str());
    std::exit(1);
  }
  return out;
}

void bench_report(Client& c, const std::string& host, const std::string& port,
                  const std::string& token, const std::string& program,
                  const std::string& database_url) {
  const auto fill_start = Clock::now();
  const Filled filled = fill_study(c, program, database_url, {40, 20, 15, 900, 2});
  const std::string& study = filled.study;
  const std::vector<std::string>& codes = filled.codes;
  const std::string& first_answer = filled.first_answer;
  std::printf("report_segments %lld segments\n", filled.segments);
  std::printf("report_fill %.1f s\n", seconds_since(fill_start));

  // The fill outlasts the server's keep-alive timeout: read the reports on a new connection.
  Client reader(host, port, token);

  for (const char* report : {"themes", "co-occurrence"}) {
    std::vector<double> times;
    for (int i = 0; i < 7; ++i) {
      const auto t = Clock::now();
      auto r = reader.json(http::verb::get, "/api/v1/studies/" + study + "/reports/" + report);
      times.push_back(seconds_since(t));
      if (std::string(report) == "themes" && r.at("respondents").as_int64() != 1000) {
        std::fprintf(stderr, "unexpected respondents\n");
        std::exit(1);
      }
    }
    std::sort(times.begin(), times.end());
    std::printf("report_%s_median %.1f ms\n", report, times[times.size() / 2] * 1000);
  }

  // Suggested codes for one answer of that study: cold (the model is trained from every coded
  // segment, as after any coding change) and warm (the cached model).
  const std::string target = "/api/v1/answers/" + first_answer + "/suggestions";
  std::vector<double> cold, warm;
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {  // a coding change: the next request trains again
      boost::json::object body{
          {"start", 850 + i}, {"end", 860 + i}, {"code_ids", boost::json::array{codes[0]}}};
      reader.json(http::verb::post, "/api/v1/answers/" + first_answer + "/segments", body, 201);
    }
    auto t = Clock::now();
    reader.json(http::verb::get, target);
    cold.push_back(seconds_since(t));
    for (int k = 0; k < 5; ++k) {
      t = Clock::now();
      reader.json(http::verb::get, target);
      warm.push_back(seconds_since(t));
    }
  }
  std::sort(cold.begin(), cold.end());
  std::sort(warm.begin(), warm.end());
  std::printf("suggest_cold_median %.1f ms\n", cold[cold.size() / 2] * 1000);
  std::printf("suggest_warm_median %.1f ms\n", warm[warm.size() / 2] * 1000);

  // The study-wide queue of answers the coder has not coded, with their top suggestion (the
  // model is cached by now).
  std::vector<double> queue;
  for (int i = 0; i < 7; ++i) {
    const auto t = Clock::now();
    reader.json(http::verb::get, "/api/v1/studies/" + study + "/suggestions?limit=20");
    queue.push_back(seconds_since(t));
  }
  std::sort(queue.begin(), queue.end());
  std::printf("suggest_queue_median %.1f ms\n", queue[queue.size() / 2] * 1000);
}

void bench_import(Client& c, const std::string& host, const std::string& port,
                  const std::string& token, const std::string& program) {
  const std::string study = create_study(c, program, 5);
  std::mt19937 rng(3);
  boost::json::array transcripts;
  std::size_t total_words = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string text;
    for (int q = 1; q <= 5; ++q) {
      text += "Q" + std::to_string(q) + ": " + words(1000, rng) + "\n";
      total_words += 1000;
    }
    transcripts.push_back(
        boost::json::object{{"respondent", "Interviewee " + std::to_string(i)}, {"text", text}});
  }
  const std::string body =
      boost::json::serialize(boost::json::object{{"transcripts", transcripts}});
  std::printf("import_words %zu words\n", total_words);
  std::printf("import_body %.1f MB\n", static_cast<double>(body.size()) / 1e6);

  // Meanwhile another client keeps reading a study and healthz; its slowest answers show whether
  // the import blocks others.
  std::atomic<bool> done{false};
  std::vector<double> others;
  std::thread reader([&] {
    Client other(host, port, token);
    while (!done.load()) {
      const auto t = Clock::now();
      auto [status, text] = other.request(http::verb::get, "/api/v1/studies/" + study);
      if (status != 200) std::fprintf(stderr, "reader got %d\n", status);
      others.push_back(seconds_since(t));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto start = Clock::now();
  auto [status, text] =
      c.request(http::verb::post, "/api/v1/studies/" + study + "/transcript-imports", body);
  if (status != 202) {
    std::fprintf(stderr, "import -> %d: %s\n", status, text.substr(0, 500).c_str());
    std::exit(1);
  }
  const double accepted = seconds_since(start);
  auto job = wait_for_job(c, str(boost::json::parse(text), "id"));
  const double total = seconds_since(start);
  done = true;
  reader.join();
  if (str(job, "status") != "succeeded") {
    std::fprintf(stderr, "import failed: %s\n", boost::json::serialize(job).c_str());
    std::exit(1);
  }
  std::sort(others.begin(), others.end());
  std::printf("import_accepted %.2f s\n", accepted);
  std::printf("import_total %.1f s\n", total);
  std::printf("import_other_requests %zu requests\n", others.size());
  std::printf("import_other_median %.1f ms\n", others[others.size() / 2] * 1000);
  std::printf("import_other_max %.1f ms\n", others.back() * 1000);
}

// A study of 1,000 respondents x 5 answers with 4 coded segments per answer, exported as a
// .qdpx and imported again; each import makes a new study.
void bench_interchange(Client& c, const std::string& host, const std::string& port,
                       const std::string& token, const std::string& program,
                       const std::string& database_url) {
  const Filled filled = fill_study(c, program, database_url, {4, 100, 60, 600, 4});
  const std::string& study = filled.study;
  const long long segments = filled.segments;
  std::printf("interchange_segments %lld segments\n", segments);
  // Closed, as an exported study usually is.
  Client client(host, port, token);
  client.json(http::verb::patch, "/api/v1/studies/" + study, {{"status", "closed"}});

  std::vector<double> exports;
  std::string archive;
  for (int i = 0; i < 5; ++i) {
    const auto t = Clock::now();
    auto [status, body] =
        client.request(http::verb::get, "/api/v1/studies/" + study + "/project.qdpx");
    exports.push_back(seconds_since(t));
    if (status != 200) {
      std::fprintf(stderr, "export -> %d: %s\n", status, body.substr(0, 500).c_str());
      std::exit(1);
    }
    archive = std::move(body);
  }
  std::sort(exports.begin(), exports.end());
  std::printf("interchange_archive %.1f MB\n", static_cast<double>(archive.size()) / 1e6);
  std::printf("interchange_export_median %.2f s\n", exports[exports.size() / 2]);

  std::vector<double> imports;
  for (int i = 0; i < 3; ++i) {
    const auto t = Clock::now();
    auto [status, body] =
        client.request(http::verb::post, "/api/v1/programs/" + program + "/study-imports", archive,
                       "application/zip");
    imports.push_back(seconds_since(t));
    if (status != 201) {
      std::fprintf(stderr, "import -> %d: %s\n", status, body.substr(0, 500).c_str());
      std::exit(1);
    }
    auto report = boost::json::parse(body);
    if (report.at("segments").as_int64() != segments) {
      std::fprintf(stderr, "import made %lld segments\n",
                   static_cast<long long>(report.at("segments").as_int64()));
      std::exit(1);
    }
  }
  std::sort(imports.begin(), imports.end());
  std::printf("interchange_import_median %.2f s\n", imports[imports.size() / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr,
                 "usage: %s BASE_URL DATABASE_URL TOKEN [coding,report,import,interchange]\n",
                 argv[0]);
    return 2;
  }
  const std::string parts = argc == 5 ? argv[4] : "coding,report,import,interchange";
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // run.sh reads the lines as they come
  const std::string database_url = argv[2], token = argv[3];
  const auto [host, port] = trellis::bench::host_and_port(argv[1]);
  Client c(host, port, token);
  auto programs = c.json(http::verb::get, "/api/v1/programs");
  const std::string program = str(programs.at("items").at(0), "id");
  if (parts.find("coding") != std::string::npos) bench_coding(c, program);
  if (parts.find("report") != std::string::npos)
    bench_report(c, host, port, token, program, database_url);
  if (parts.find("import") != std::string::npos) {
    Client fresh(host, port, token);  // the report's fill may have outlasted the keep-alive
    bench_import(fresh, host, port, token, program);
  }
  if (parts.find("interchange") != std::string::npos) {
    Client fresh(host, port, token);
    bench_interchange(fresh, host, port, token, program, database_url);
  }
  return 0;
}
