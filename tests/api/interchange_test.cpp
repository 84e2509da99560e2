// REFI-QDA interchange over real HTTP, on the backend the suite runs on: a coded study exported
// as a .qdpx, imported into another program and exported again gives the same codes, sources
// and coded segments; the .qdc codebook goes out and back in; every exported document validates
// against the shipped schemas with Debian's xmllint (an independent process); a project made by
// another tool imports with warnings; bad uploads are refused with a clear error and leave
// nothing behind; and only a study's staff may export or import.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "api/api_fixture.h"
#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::test {
namespace {

namespace qda = interchange::qda;
using qda::testing::make_zip;
using qda::testing::RawEntry;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A file in a fresh temporary directory, removed with it.
class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/trellis-interchange-XXXXXX";
    dir_ = mkdtemp(pattern) ? pattern : "";
  }
  ~TempDir() {
    if (!dir_.empty()) std::system(("rm -rf " + shell_quote(dir_)).c_str());
  }
  std::string write(const std::string& name, const std::string& data) const {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << data;
    return path;
  }
  const std::string& path() const { return dir_; }

 private:
  std::string dir_;
};

// Runs a shell command; returns its exit status and fills `output` (stdout and stderr).
int run(const std::string& command, std::string* output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  std::size_t n;
  output->clear();
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output->append(buffer, n);
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// xmllint --schema: fails (never skips) when xmllint is missing.
void expect_valid(const std::string& xml, const std::string& schema, const std::string& what) {
  TempDir dir;
  std::string file = dir.write("document.xml", xml);
  std::string out;
  int status =
      run("xmllint --noout --nonet --schema " +
              shell_quote(std::string(TRELLIS_SOURCE_DIR) + "/src/interchange/schemas/" + schema) +
              " " + shell_quote(file),
          &out);
  EXPECT_EQ(status, 0) << what << " does not validate against " << schema
                       << " (is xmllint from libxml2-utils installed?):\n"
                       << out;
}

// project.qde of a .qdpx, unzipped by python3's zipfile (independent of the writer).
std::string project_qde(const std::string& qdpx) {
  TempDir dir;
  std::string file = dir.write("project.qdpx", qdpx);
  std::string out;
  int status =
      run("python3 -c 'import sys, zipfile; "
          "sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(\"project.qde\"))' " +
              shell_quote(file),
          &out);
  EXPECT_EQ(status, 0) << out;
  return out;
}

// What a round trip must keep: the code tree (paths with descriptions and colours), the sources
// (names and texts) and the coded segments (source, start, end, code path). GUIDs, users and
// dates are left out, since they differ by design.
struct Essence {
  std::set<std::tuple<std::string, std::string, std::string>> codes;  // path, description, colour
  std::map<std::string, std::string> sources;                         // name -> text
  std::set<std::tuple<std::string, long long, long long, std::string>> segments;

  bool operator==(const Essence&) const = default;
};

Essence essence_of(const std::string& qdpx) {
  Essence e;
  auto p = qda::read_project(qdpx);
  EXPECT_TRUE(static_cast<bool>(p)) << (p ? "" : p.error().message);
  if (!p) return e;
  std::map<std::string, std::string> path_of;
  std::function<void(const std::vector<qda::Code>&, const std::string&)> walk =
      [&](const std::vector<qda::Code>& level, const std::string& parent) {
        for (const qda::Code& c : level) {
          std::string path = parent.empty() ? c.name : parent + "/" + c.name;
          path_of[c.guid] = path;
          std::string colour = c.color.value_or("");
          std::transform(colour.begin(), colour.end(), colour.begin(),
                         [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
          e.codes.insert({path, c.description.value_or(""), colour});
          walk(c.children, path);
        }
      };
  walk(p->codebook, "");
  for (const qda::Source& s : p->sources) {
    EXPECT_FALSE(e.sources.count(s.name)) << "two sources named " << s.name;
    e.sources[s.name] = s.text;
    for (const qda::Selection& sel : s.selections)
      for (const qda::Coding& c : sel.codings)
        e.segments.insert({s.name, sel.start, sel.end, path_of[c.code_guid]});
  }
  return e;
}

class InterchangeTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Fellowship");
    cohort_ = create_cohort(program_, "Winter");
    stream_ = create_stream(cohort_, "Interpretability");
    add_person(cohort_, "organizer@example.org", "organizer");
    add_person(cohort_, "analyst@example.org", "analyst");
    add_person(cohort_, "mentor@example.org", "mentor", stream_);
    add_person(cohort_, "support@example.org", "support");
    for (int i = 0; i < 3; ++i)
      add_person(cohort_, "scholar" + std::to_string(i) + "@example.org", "scholar", stream_);
    organizer_ = sign_in("organizer@example.org");
    analyst_ = sign_in("analyst@example.org");
    // The fresh program and cohort imports go to.
    target_program_ = create_program("Second fellowship");
    target_cohort_ = create_cohort(target_program_, "Spring");
  }

  Browser scholar(int i) { return sign_in("scholar" + std::to_string(i) + "@example.org"); }

  Reply send(const Browser& who, const std::string& method, const std::string& target,
             const std::string& body, const std::string& content_type) {
    HeaderList h = who.headers(origin());
    if (!content_type.empty()) h.emplace_back("Content-Type", content_type);
    return http_->request(method, target, body, h);
  }

  Reply import_project(const Browser& who, const std::string& program, const std::string& cohort,
                       const std::string& bytes,
                       const std::string& content_type = "application/zip") {
    return send(who, "POST",
                "/api/v1/programs/" + program + "/study-imports" +
                    (cohort.empty() ? "" : "?cohort_id=" + cohort),
                bytes, content_type);
  }

  // A named study of the cohort answered by the scholars (two open questions and a rating),
  // coded by the analyst and the organizer, with memos on the study, a code and segments;
  // closed. Returns its id.
  std::string coded_study(const std::string& mode = "named") {
    Reply made = post(
        analyst_, "/api/v1/programs/" + program_ + "/studies",
        {{"title", "Mentor interviews 2026"},
         {"cohort_id", cohort_},
         {"mode", mode},
         {"audience", boost::json::array{"scholar"}},
         {"questions", boost::json::array{boost::json::object{{"prompt", "What helped you most?"}},
                                          boost::json::object{{"prompt", "What do you lack?"}},
                                          boost::json::object{{"kind", "rating"},
                                                              {"prompt", "How useful was it?"}}}}});
    EXPECT_EQ(made.status, 201) << made.body;
    const boost::json::value study = made.json();
    const std::string id = str(study, "id");
    const std::string q1 = str(study.at("questions").at(0), "id");
    const std::string q2 = str(study.at("questions").at(1), "id");
    const std::string q3 = str(study.at("questions").at(2), "id");
    EXPECT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "open"}}).status, 200);
    const std::vector<std::pair<std::string, std::string>> texts = {
        {"Weekly reading with my mentor 📚, and asking for help early.",
         "Confidence: I lacked a PhD, or so I thought. Naïve of me."},
        {"Keeping going after dead ends — the second one hurt.", "Technical knowledge of RL."},
        {"مرحبا: writing short updates that named the bottleneck.", "Time, mostly.\r\nAnd sleep."}};
    for (int i = 0; i < 3; ++i) {
      Reply r = post(
          scholar(i), "/api/v1/studies/" + id + "/responses",
          {{"answers",
            boost::json::array{boost::json::object{{"question_id", q1}, {"text", texts[i].first}},
                               boost::json::object{{"question_id", q2}, {"text", texts[i].second}},
                               boost::json::object{{"question_id", q3}, {"rating", 4}}}}});
      EXPECT_EQ(r.status, 201) << r.body;
    }
    EXPECT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "closed"}}).status, 200);

    // A small tree beside the seeded codes: a parent with a description and colour, a child.
    long long version = codebook_version(analyst_, id);
    Reply parent = post(analyst_, "/api/v1/studies/" + id + "/codes",
                        {{"name", "Support"},
                         {"description", "Help from others"},
                         {"colour", "#1f77b4"},
                         {"codebook_version", version}});
    EXPECT_EQ(parent.status, 201) << parent.body;
    Reply child = post(analyst_, "/api/v1/studies/" + id + "/codes",
                       {{"name", "Mentor's reading group"},
                        {"parent_id", str(parent.json(), "id")},
                        {"codebook_version", version + 1}});
    EXPECT_EQ(child.status, 201) << child.body;
    const std::string support = str(parent.json(), "id"), reading = str(child.json(), "id");
    const std::string grit = code_named(admin_, id, "Endurance and perseverance");
    const std::string phd = code_named(admin_, id, "Credentials (PhD)");

    Reply responses = get(analyst_, "/api/v1/studies/" + id + "/responses?limit=50");
    EXPECT_EQ(responses.status, 200) << responses.body;
    std::vector<std::string> answers;  // open-text answers, each with its text
    std::map<std::string, std::string> text_of;
    const boost::json::value rj = responses.json();
    for (const auto& resp : rj.at("items").as_array())
      for (const auto& a : resp.at("answers").as_array())
        if (a.as_object().contains("text") && !a.at("text").as_string().empty()) {
          answers.push_back(str(a, "id"));
          text_of[answers.back()] = str(a, "text");
        }
    EXPECT_EQ(answers.size(), 6u);
    auto code_span = [&](const Browser& who, const std::string& answer, long long start,
                         long long end, boost::json::array codes, const std::string& memo) {
      Reply r = post(who, "/api/v1/answers/" + answer + "/segments",
                     {{"start", start}, {"end", end}, {"code_ids", codes}, {"memo", memo}});
      EXPECT_EQ(r.status, 201) << r.body;
    };
    for (const std::string& a : answers) {
      // Code points, not bytes: the emoji, Arabic and accents sit before or inside the spans.
      const long long length = static_cast<long long>(count_points(text_of[a]));
      code_span(analyst_, a, 0, std::min<long long>(length, 12), {support, reading},
                "Both apply here.");
      code_span(organizer_, a, 2, length, {grit}, "");
      code_span(analyst_, a, 2, length, {grit}, "");  // the same span, another coder
    }
    code_span(organizer_, answers[1], 12, 21, {phd}, "");
    EXPECT_EQ(post(analyst_, "/api/v1/studies/" + id + "/memos",
                   {{"text", "Asking early shows up everywhere."}})
                  .status,
              201);
    EXPECT_EQ(post(analyst_, "/api/v1/studies/" + id + "/memos",
                   {{"text", "Mostly about reading."}, {"code_id", reading}})
                  .status,
              201);
    return id;
  }

  static std::size_t count_points(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
      if ((c & 0xC0) != 0x80) ++n;
    return n;
  }

  // Path -> (description, colour) of a study's codebook.
  std::map<std::string, std::pair<std::string, std::string>> codebook(const std::string& study) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    Reply r = get(admin_, "/api/v1/studies/" + study + "/codes");
    EXPECT_EQ(r.status, 200) << r.body;
    const boost::json::value j = r.json();
    for (const auto& c : j.at("items").as_array()) {
      const auto& o = c.as_object();
      out[str(c, "path")] = {str(c, "description"),
                             o.contains("colour") ? str(c, "colour") : std::string()};
    }
    return out;
  }

  // Studies of a program and their number of responses, codes, segments and memos: what a
  // failed import must leave exactly as it was.
  std::string program_state(const std::string& program) {
    std::string out;
    Reply list = get(admin_, "/api/v1/programs/" + program + "/studies?limit=200");
    EXPECT_EQ(list.status, 200) << list.body;
    const boost::json::value j = list.json();
    for (const auto& s : j.at("items").as_array()) {
      const std::string id = str(s, "id");
      out +=
          id + ":" +
          std::to_string(
              get(admin_, "/api/v1/studies/" + id + "/codes").json().at("items").as_array().size());
      out +=
          "," +
          std::to_string(
              get(admin_, "/api/v1/studies/" + id + "/memos").json().at("items").as_array().size());
      out += ";";
    }
    return out;
  }

  std::string program_, cohort_, stream_, target_program_, target_cohort_;
  Browser organizer_, analyst_;
};

TEST_F(InterchangeTest, AProjectSurvivesExportImportAndExportAgain) {
  const std::string study = coded_study();
  Reply first = get(analyst_, "/api/v1/studies/" + study + "/project.qdpx");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.header("Content-Type").value_or(""), "application/zip");
  EXPECT_EQ(first.header("Content-Disposition").value_or(""),
            "attachment; filename=\"mentor-interviews-2026.qdpx\"");

  Reply imported = import_project(admin_, target_program_, target_cohort_, first.body);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const boost::json::value report = imported.json();
  const std::string copy = str(report.at("study"), "id");
  EXPECT_EQ(imported.header("Location").value_or(""), "/api/v1/studies/" + copy);
  EXPECT_EQ(str(report.at("study"), "title"), "Mentor interviews 2026");
  EXPECT_EQ(str(report.at("study"), "status"), "closed");
  EXPECT_EQ(str(report.at("study"), "mode"), "named");
  EXPECT_EQ(str(report.at("study"), "program_id"), target_program_);
  EXPECT_EQ(report.at("sources").as_int64(), 6);
  EXPECT_EQ(report.at("memos").as_int64(), 2);
  // Two coders' identical segments become one; the analyst's double coding stays two.
  EXPECT_EQ(report.at("segments").as_int64(), 6 * 3 + 1);
  ASSERT_EQ(report.at("warnings").as_array().size(), 1u) << imported.body;
  EXPECT_NE(std::string(report.at("warnings").at(0).as_string()).find("imported once"),
            std::string::npos)
      << imported.body;

  // Imported segments are the importer's, with origin import.
  Reply segments = get(admin_, "/api/v1/studies/" + copy + "/segments?limit=200");
  ASSERT_EQ(segments.status, 200) << segments.body;
  const boost::json::value sj = segments.json();
  for (const auto& s : sj.at("items").as_array()) {
    EXPECT_EQ(str(s, "origin"), "import");
    EXPECT_EQ(str(s, "coder_id"), admin_.user_id);
  }

  // The import fills the report summaries in bulk: the whole-study reports (summaries) agree
  // with the same reports scoped to the importer (computed from the segments).
  for (const char* report_path : {"/reports/co-occurrence", "/reports/themes"}) {
    const std::string base = "/api/v1/studies/" + copy + report_path;
    Reply whole = get(admin_, base), scoped = get(admin_, base + "?coder_id=" + admin_.user_id);
    ASSERT_EQ(whole.status, 200) << whole.body;
    ASSERT_EQ(scoped.status, 200) << scoped.body;
    EXPECT_EQ(whole.json().at("items"), scoped.json().at("items")) << report_path;
  }
  EXPECT_FALSE(get(admin_, "/api/v1/studies/" + copy + "/reports/co-occurrence")
                   .json()
                   .at("items")
                   .as_array()
                   .empty());

  Reply second = get(admin_, "/api/v1/studies/" + copy + "/project.qdpx");
  ASSERT_EQ(second.status, 200) << second.body;
  Essence before = essence_of(first.body), after = essence_of(second.body);
  EXPECT_EQ(before.codes, after.codes);
  EXPECT_EQ(before.sources, after.sources);
  EXPECT_EQ(before.segments, after.segments);
  EXPECT_EQ(before.sources.size(), 6u);
  EXPECT_GE(before.codes.size(), 14u);
  EXPECT_TRUE(before.codes.count({"Support/Mentor's reading group", "", ""}));
  EXPECT_TRUE(before.codes.count({"Support", "Help from others", "#1f77b4"}));
  EXPECT_TRUE(before.sources.count("scholar0 — What do you lack?"));
  // CR LF in an answer survives byte for byte.
  EXPECT_TRUE(std::any_of(before.sources.begin(), before.sources.end(),
                          [](const auto& s) { return s.second == "Time, mostly.\r\nAnd sleep."; }));

  // The memos came along: the study's and the code's; segment memos on the selections.
  auto project = qda::read_project(second.body);
  ASSERT_TRUE(static_cast<bool>(project));
  std::set<std::string> notes;
  for (const qda::Note& n : project->notes) notes.insert(n.text);
  EXPECT_TRUE(notes.count("Asking early shows up everywhere."));
  EXPECT_TRUE(notes.count("Mostly about reading."));
  bool memo_found = false;
  for (const qda::Source& s : project->sources)
    for (const qda::Selection& sel : s.selections)
      memo_found = memo_found || sel.memo.value_or("") == "Both apply here.";
  EXPECT_TRUE(memo_found);
}

TEST_F(InterchangeTest, ExportsValidateAgainstTheSchemasWithXmllint) {
  const std::string study = coded_study();
  Reply qdc = get(analyst_, "/api/v1/studies/" + study + "/codebook.qdc");
  ASSERT_EQ(qdc.status, 200) << qdc.body;
  EXPECT_EQ(qdc.header("Content-Type").value_or(""), "application/xml; charset=utf-8");
  EXPECT_EQ(qdc.header("Content-Disposition").value_or(""),
            "attachment; filename=\"mentor-interviews-2026-codebook.qdc\"");
  expect_valid(qdc.body, "Codebook.xsd", "the exported .qdc");

  Reply qdpx = get(analyst_, "/api/v1/studies/" + study + "/project.qdpx");
  ASSERT_EQ(qdpx.status, 200) << qdpx.body;
  expect_valid(project_qde(qdpx.body), "Project.xsd", "project.qde of the exported .qdpx");

  // The imported copy's exports validate too.
  Reply imported = import_project(admin_, target_program_, target_cohort_, qdpx.body);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string copy = str(imported.json().at("study"), "id");
  expect_valid(get(admin_, "/api/v1/studies/" + copy + "/codebook.qdc").body, "Codebook.xsd",
               "the imported study's .qdc");
  expect_valid(project_qde(get(admin_, "/api/v1/studies/" + copy + "/project.qdpx").body),
               "Project.xsd", "the imported study's project.qde");
}

TEST_F(InterchangeTest, ACodebookGoesOutAsQdcAndBackIntoAnEmptyStudy) {
  const std::string study = coded_study();
  Reply qdc = get(analyst_, "/api/v1/studies/" + study + "/codebook.qdc");
  ASSERT_EQ(qdc.status, 200) << qdc.body;

  Reply empty = post(analyst_, "/api/v1/programs/" + program_ + "/studies",
                     {{"title", "Empty"},
                      {"cohort_id", cohort_},
                      {"seed_codebook", false},
                      {"questions", boost::json::array{boost::json::object{{"prompt", "Why?"}}}}});
  ASSERT_EQ(empty.status, 201) << empty.body;
  const std::string target = str(empty.json(), "id");
  EXPECT_EQ(get(analyst_, "/api/v1/studies/" + target + "/codebook.qdc").status, 409);

  Reply merged = send(analyst_, "POST", "/api/v1/studies/" + target + "/codebook-imports", qdc.body,
                      "application/xml");
  ASSERT_EQ(merged.status, 200) << merged.body;
  const auto original = codebook(study);
  EXPECT_EQ(merged.json().at("created").as_int64(), static_cast<long long>(original.size()));
  EXPECT_EQ(merged.json().at("codebook_version").as_int64(), 2);
  EXPECT_EQ(codebook(target), original);

  // Merging again by path adds nothing and leaves the version alone; text/xml is accepted too.
  Reply again = send(analyst_, "POST", "/api/v1/studies/" + target + "/codebook-imports", qdc.body,
                     "text/xml");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("created").as_int64(), 0);
  EXPECT_EQ(again.json().at("unchanged").as_int64(), static_cast<long long>(original.size()));
  EXPECT_EQ(again.json().at("codebook_version").as_int64(), 2);

  // A broken .qdc changes nothing and says where it broke.
  Reply broken = send(analyst_, "POST", "/api/v1/studies/" + target + "/codebook-imports",
                      "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n"
                      "<Codes><Code name=\"x\"></Codes></CodeBook>",
                      "application/xml");
  ASSERT_EQ(broken.status, 400) << broken.body;
  EXPECT_NE(broken.json().at("error").at("message").as_string().find("line"), std::string::npos)
      << broken.body;
  Reply invalid = send(analyst_, "POST", "/api/v1/studies/" + target + "/codebook-imports",
                       "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">"
                       "<Codes><Code guid=\"not-a-guid\" name=\"x\" isCodable=\"true\"/></Codes>"
                       "</CodeBook>",
                       "application/xml");
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_EQ(codebook(target), original);
  EXPECT_EQ(codebook_version(analyst_, target), 2);
  EXPECT_EQ(send(analyst_, "POST", "/api/v1/studies/" + target + "/codebook-imports", qdc.body,
                 "application/json")
                .status,
            415);
}

TEST_F(InterchangeTest, AProjectFromAnotherToolImportsWithWarnings) {
  const std::string qde =
      read_text(std::string(TRELLIS_SOURCE_DIR) + "/tests/data/interchange/atlas_like/project.qde");
  ASSERT_FALSE(qde.empty());
  const std::string bytes = make_zip({{"project.qde", qde}});
  Reply r = import_project(analyst_, program_, cohort_, bytes, "application/octet-stream");
  ASSERT_EQ(r.status, 201) << r.body;
  const boost::json::value report = r.json();
  EXPECT_EQ(str(report.at("study"), "title"), "Mentor interviews (ATLAS.ti)");
  EXPECT_EQ(report.at("codes").as_int64(), 6);
  EXPECT_EQ(report.at("sources").as_int64(), 2);
  EXPECT_EQ(report.at("segments").as_int64(), 6);
  EXPECT_EQ(report.at("memos").as_int64(), 2);
  std::string warnings;
  for (const auto& w : report.at("warnings").as_array())
    warnings += std::string(w.as_string()) + "\n";
  EXPECT_NE(warnings.find("PDF"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("'/'"), std::string::npos) << warnings;

  const std::string id = str(report.at("study"), "id");
  auto book = codebook(id);
  EXPECT_EQ(book["Persistence"].first, "Keeps going after setbacks.");
  EXPECT_EQ(book["Persistence/After dead ends"].second, "#aabbcc");
  EXPECT_TRUE(book.count("Credentials∕PhD"));

  // Coded segments land on the same text, in code points (an em dash precedes one of them).
  Reply csv = get(analyst_, "/api/v1/studies/" + id + "/segments.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  for (const char* row :
       {"Interview A,", ",Persistence/After dead ends,63,89,kept going after dead ends,",
        ",Help seeking,100,120,asked for help early,", "Early, not late.",
        ",Communication,48,74,Writing/explaining clearly,"})
    EXPECT_NE(csv.body.find(row), std::string::npos) << row << "\n" << csv.body;
  Reply memos = get(analyst_, "/api/v1/studies/" + id + "/memos");
  EXPECT_NE(memos.body.find("Most scholars stop after two dead ends."), std::string::npos);
  EXPECT_NE(memos.body.find("Twelve interviews planned"), std::string::npos);
}

TEST_F(InterchangeTest, BadUploadsAreRefusedAndLeaveNothingBehind) {
  const std::string good_qde =
      read_text(std::string(TRELLIS_SOURCE_DIR) + "/tests/data/interchange/atlas_like/project.qde");
  const std::string before = program_state(target_program_);
  auto refused = [&](const std::string& bytes, int status, const std::string& needle,
                     const std::string& content_type = "application/zip") {
    Reply r = import_project(admin_, target_program_, target_cohort_, bytes, content_type);
    EXPECT_EQ(r.status, status) << needle << ": " << r.body;
    if (!r.body.empty() && r.body.front() == '{') {
      const boost::json::value j = r.json();
      const std::string message(j.at("error").at("message").as_string());
      EXPECT_NE((message + boost::json::serialize(j)).find(needle), std::string::npos)
          << "expected \"" << needle << "\" in " << r.body;
    }
    EXPECT_EQ(program_state(target_program_), before) << "after " << needle;
  };
  refused("this is not a zip file at all", 400, "zip");
  refused(make_zip({{"sources/a.txt", "hello"}}), 400, "project.qde");
  refused(make_zip({{"project.qde",
                     "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:"
                     "project:1.0\" name=\"x\">\n<Users>\n</Project>"}}),
          400, "line");
  refused(make_zip({{"project.qde",
                     "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" "
                     "name=\"x\">\n<Bogus/>\n</Project>"}}),
          400, "Bogus");
  std::string dangling = good_qde;
  const std::string ref = "<CodeRef targetGUID=\"{DEADBEEF-0000-4000-8000-000000000099}\"/>";
  dangling.replace(dangling.find("<CodeRef"),
                   dangling.find("/>", dangling.find("<CodeRef")) + 2 - dangling.find("<CodeRef"),
                   ref);
  refused(make_zip({{"project.qde", dangling}}), 400, "deadbeef");
  refused(make_zip({{"project.qde", good_qde}, {"../evil.txt", "x"}}), 400, "..");
  // Two MiB of zeros compress about 1000:1, far beyond the 200:1 a text file reaches.
  refused(make_zip({{"project.qde", std::string(2u << 20, '\0')}}), 413, "zip bomb");
  // Over the server's body limit (1 MiB by default).
  refused(make_zip({{"project.qde", good_qde},
                    {"sources/big.bin", std::string(1536u << 10, 'x'), true}}),
          413, "");
  refused(make_zip({{"project.qde", good_qde}}), 415, "application/zip", "application/json");
  refused("", 400, "empty");
}

TEST_F(InterchangeTest, OnlyTheStudysStaffExportAndImport) {
  const std::string study = coded_study();
  Reply qdpx = get(analyst_, "/api/v1/studies/" + study + "/project.qdpx");
  ASSERT_EQ(qdpx.status, 200);
  EXPECT_EQ(get(organizer_, "/api/v1/studies/" + study + "/codebook.qdc").status, 200);
  EXPECT_EQ(get(organizer_, "/api/v1/studies/" + study + "/project.qdpx").status, 200);

  Browser scholar0 = scholar(0), mentor = sign_in("mentor@example.org"),
          support = sign_in("support@example.org");
  // The scholars are the audience: they see the study but may not export it.
  EXPECT_EQ(get(scholar0, "/api/v1/studies/" + study + "/project.qdpx").status, 403);
  EXPECT_EQ(get(scholar0, "/api/v1/studies/" + study + "/codebook.qdc").status, 403);
  EXPECT_EQ(get(mentor, "/api/v1/studies/" + study + "/project.qdpx").status, 404);
  EXPECT_EQ(get(support, "/api/v1/studies/" + study + "/project.qdpx").status, 404);

  const std::string before = program_state(program_);
  for (const Browser* who : {&scholar0, &mentor, &support})
    EXPECT_EQ(import_project(*who, program_, cohort_, qdpx.body).status, 403);
  EXPECT_EQ(import_project(analyst_, target_program_, target_cohort_, qdpx.body).status, 404);
  EXPECT_EQ(program_state(program_), before);
  EXPECT_EQ(import_project(analyst_, program_, cohort_, qdpx.body).status, 201);
  EXPECT_EQ(import_project(organizer_, program_, cohort_, qdpx.body).status, 201);
  EXPECT_EQ(import_project(organizer_, program_, "", qdpx.body).status, 201);
}

TEST_F(InterchangeTest, AnAnonymousStudyNamesNobody) {
  // Three respondents: anonymous answers are released only at the program's minimum group size.
  ASSERT_EQ(patch(admin_, "/api/v1/programs/" + program_, {{"min_group_size", 3}}).status, 200);
  const std::string study = coded_study("anonymous");
  Reply qdpx = get(analyst_, "/api/v1/studies/" + study + "/project.qdpx");
  ASSERT_EQ(qdpx.status, 200) << qdpx.body;
  auto project = qda::read_project(qdpx.body);
  ASSERT_TRUE(static_cast<bool>(project));
  ASSERT_EQ(project->sources.size(), 6u);
  for (const qda::Source& s : project->sources) {
    EXPECT_EQ(s.name.rfind("Response ", 0), 0u) << s.name;
    EXPECT_EQ(s.name.find("Scholar"), std::string::npos) << s.name;
    EXPECT_EQ(s.name.find("scholar"), std::string::npos) << s.name;
  }
  const std::string qde = project_qde(qdpx.body);
  EXPECT_EQ(qde.find("scholar0"), std::string::npos);
  // The users are the coders, by display name; no respondent.
  for (const qda::User& u : project->users)
    EXPECT_EQ(u.name.find("scholar"), std::string::npos) << u.name;
}

}  // namespace
}  // namespace trellis::test
