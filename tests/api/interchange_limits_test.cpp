// What uploads and exports may not do to the server, over real HTTP on the backend under test:
// a .qdpx of any shape within max_body_bytes keeps the server's memory under a stated bound, even
// eight at once, while /healthz keeps answering; control characters in memos and descriptions are
// refused with a clear 400; what is stored exports as valid XML, and as CSV that a spreadsheet
// does not run as a formula.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "api/api_fixture.h"
#include "interchange/qda.h"
#include "unit/interchange/qda_test_util.h"

namespace trellis::test {
namespace {

using interchange::qda::testing::make_zip;

// The bound ADR 0009 states for the server's peak resident memory (VmHWM) under import load
// with the default limits and max_body_bytes.
constexpr long kMemoryBoundKiB = 400L << 10;

// A field of /proc/PID/status in KiB (VmHWM: the peak resident set), 0 when unreadable.
long status_kib(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return 0;
}

const char kProjectOpen[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" "
    "name=\"Load\">";

// The reported shape: megabytes of tiny elements that deflate about 50:1, so the archive passes
// the compression-ratio check. Mostly one name, now and then another, so that it still
// compresses into well under the 1 MiB body limit.
std::string tiny_elements_archive(std::size_t inflated_bytes, unsigned seed) {
  std::mt19937 random(seed);
  std::string qde = kProjectOpen;
  qde.reserve(inflated_bytes + 64);
  while (qde.size() < inflated_bytes) qde += random() % 12 == 0 ? "<b/>" : "<a/>";
  qde += "</Project>";
  return make_zip({{"project.qde", qde}});
}

// A valid project whose two sources are text files as large as the per-entry limit allows,
// compressed just under the 200:1 ratio the reader accepts.
std::string large_texts_archive(unsigned seed) {
  std::mt19937 random(seed);
  auto text = [&] {
    std::string s(30u << 20, 'a');
    for (std::size_t i = 0; i < s.size(); i += 300 + random() % 200)
      s[i] = static_cast<char>('b' + random() % 20);
    return s;
  };
  const std::string a = "a0000000-0000-4000-8000-00000000000" + std::to_string(seed % 10);
  const std::string b = "b0000000-0000-4000-8000-00000000000" + std::to_string(seed % 10);
  std::string qde = std::string(kProjectOpen) + "<Sources>";
  for (const std::string& guid : {a, b})
    qde += "<TextSource guid=\"" + guid + "\" name=\"" + guid + "\" plainTextPath=\"internal://" +
           guid + ".txt\"/>";
  qde += "</Sources></Project>";
  return make_zip(
      {{"project.qde", qde}, {"sources/" + a + ".txt", text()}, {"sources/" + b + ".txt", text()}});
}

class InterchangeLimitsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Imports");
    cohort_ = create_cohort(program_, "Spring");
  }

  Reply import_project(HttpClient& client, const std::string& bytes) {
    HeaderList h = admin_.headers(origin());
    h.emplace_back("Content-Type", "application/zip");
    return client.request(
        "POST", "/api/v1/programs/" + program_ + "/study-imports?cohort_id=" + cohort_, bytes, h);
  }

  std::unique_ptr<HttpClient> new_client() {
    auto client = std::make_unique<HttpClient>("127.0.0.1", server_->port());
    client->set_timeout(std::chrono::seconds(120));
    return client;
  }

  std::string program_, cohort_;
};

TEST_F(InterchangeLimitsTest, UploadsOfAnyShapeKeepTheServerWithinItsMemoryBound) {
  const std::vector<std::string> uploads = {tiny_elements_archive(24u << 20, 1),
                                            tiny_elements_archive(24u << 20, 2),
                                            tiny_elements_archive(16u << 20, 3),
                                            tiny_elements_archive(20u << 20, 4),
                                            large_texts_archive(5),
                                            large_texts_archive(6),
                                            large_texts_archive(7),
                                            large_texts_archive(8)};
  for (const std::string& u : uploads) ASSERT_LT(u.size(), 1u << 20) << "over max_body_bytes";

  const int pid = static_cast<int>(server_->pid());
  const long idle_kib = status_kib(pid, "VmHWM");
  ASSERT_GT(idle_kib, 0) << "cannot read /proc/" << pid << "/status";

  // /healthz must keep answering while the eight imports run: every probe gets 200 within the
  // client's 5 s timeout. Probes are paced by waiting for the imports' end, so the last one
  // starts no later than when they finish.
  std::mutex imports_mutex;
  std::condition_variable imports_done;
  bool importing = true;
  std::atomic<long> slowest_health_ms{0}, health_failures{0}, health_answers{0};
  std::thread health([&] {
    auto client = new_client();
    client->set_timeout(std::chrono::seconds(5));
    while (true) {
      const auto start = std::chrono::steady_clock::now();
      try {
        if (client->get("/healthz").status != 200) ++health_failures;
      } catch (const std::exception&) {
        ++health_failures;
      }
      const long ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::steady_clock::now() - start)
                                            .count());
      slowest_health_ms = std::max(slowest_health_ms.load(), ms);
      ++health_answers;
      std::unique_lock lock(imports_mutex);
      if (imports_done.wait_for(lock, std::chrono::milliseconds(20), [&] { return !importing; }))
        break;
    }
  });

  std::vector<Reply> replies(uploads.size());
  std::vector<std::thread> senders;
  for (std::size_t i = 0; i < uploads.size(); ++i)
    senders.emplace_back([&, i] {
      auto client = new_client();
      replies[i] = import_project(*client, uploads[i]);
    });
  for (std::thread& t : senders) t.join();
  {
    std::lock_guard lock(imports_mutex);
    importing = false;
  }
  imports_done.notify_all();
  health.join();

  const long peak_kib = status_kib(pid, "VmHWM");
  std::printf("server VmHWM: idle %ld KiB, after eight imports %ld KiB\n", idle_kib, peak_kib);
  EXPECT_LT(peak_kib, kMemoryBoundKiB);
  EXPECT_EQ(health_failures.load(), 0);
  EXPECT_GT(health_answers.load(), 0);
  std::printf("slowest /healthz during the imports: %ld ms\n", slowest_health_ms.load());
  EXPECT_LT(slowest_health_ms.load(), 5000);

  int busy = 0;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    const Reply& r = replies[i];
    if (r.status == 503) {
      ++busy;
      EXPECT_TRUE(r.header("Retry-After").has_value()) << r.body;
      EXPECT_NE(r.body.find("try again"), std::string::npos) << r.body;
      continue;
    }
    if (i < 4) {
      EXPECT_EQ(r.status, 413) << r.body;
      EXPECT_NE(r.body.find("XML nodes"), std::string::npos) << r.body;
    } else {
      // Read within the limits, then refused by Trellis's own 200 KB answer limit.
      EXPECT_EQ(r.status, 400) << r.body;
      EXPECT_NE(r.body.find("nothing was imported"), std::string::npos) << r.body;
    }
  }
  EXPECT_LT(busy, 8) << "no import ran at all";
}

TEST_F(InterchangeLimitsTest, TheServerStaysUsableAfterRefusedImports) {
  auto client = new_client();
  Reply refused = import_project(*client, tiny_elements_archive(8u << 20, 9));
  EXPECT_EQ(refused.status, 413) << refused.body;
  EXPECT_NE(refused.body.find("project.qde has more than 500000 XML nodes"), std::string::npos)
      << refused.body;
  // The import slot is given back: a good project imports right after.
  const std::string source = "c0000000-0000-4000-8000-000000000001";
  Reply ok = import_project(
      *client,
      make_zip({{"project.qde", std::string(kProjectOpen) + "<Sources><TextSource guid=\"" +
                                    source + "\" name=\"One\" plainTextPath=\"internal://" +
                                    source + ".txt\"/></Sources></Project>"},
                {"sources/" + source + ".txt", "Short text."}}));
  EXPECT_EQ(ok.status, 201) << ok.body;
}

// Text that exports must carry: memos and descriptions with tab, line ends, emoji and Arabic;
// control characters refused where they come in.
class ExportSafetyTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    program_ = create_program("Exports");
    const std::string cohort = create_cohort(program_, "Spring");
    // An imported project is the quickest study with an answer to code.
    const std::string source = "d0000000-0000-4000-8000-000000000001";
    HeaderList h = admin_.headers(origin());
    h.emplace_back("Content-Type", "application/zip");
    Reply imported = http_->request(
        "POST", "/api/v1/programs/" + program_ + "/study-imports?cohort_id=" + cohort,
        make_zip({{"project.qde", std::string(kProjectOpen) + "<Sources><TextSource guid=\"" +
                                      source + "\" name=\"Interview\" plainTextPath=\"internal://" +
                                      source + ".txt\"/></Sources></Project>"},
                  {"sources/" + source + ".txt", "We met weekly. مرحبا 📚 It helped."}}),
        h);
    ASSERT_EQ(imported.status, 201) << imported.body;
    study_ = str(imported.json().at("study"), "id");
    Reply responses = get(admin_, "/api/v1/studies/" + study_ + "/responses");
    ASSERT_EQ(responses.status, 200) << responses.body;
    answer_ = str(responses.json().at("items").at(0).at("answers").at(0), "id");
  }

  std::string new_code(const std::string& name, const std::string& description) {
    Reply r = post(admin_, "/api/v1/studies/" + study_ + "/codes",
                   {{"name", name},
                    {"description", description},
                    {"codebook_version", codebook_version(admin_, study_)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? str(r.json(), "id") : std::string();
  }

  Reply send_csv(const std::string& csv) {
    HeaderList h = admin_.headers(origin());
    h.emplace_back("Content-Type", "text/csv");
    return http_->request("POST", "/api/v1/studies/" + study_ + "/codebook-imports", csv, h);
  }

  void expect_refused(const Reply& r, const std::string& field, const std::string& character) {
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_NE(r.body.find("\"field\":\"" + field + "\""), std::string::npos) << r.body;
    EXPECT_NE(r.body.find(character), std::string::npos) << r.body;
  }

  std::string program_, study_, answer_;
};

TEST_F(ExportSafetyTest, ControlCharactersInMemosAndDescriptionsAreRefused) {
  const std::string code = new_code("Routine", "Meets on a schedule.");
  expect_refused(post(admin_, "/api/v1/studies/" + study_ + "/codes",
                      {{"name", "Bell"},
                       {"description", "ring\x07"},
                       {"codebook_version", codebook_version(admin_, study_)}}),
                 "description", "U+0007");
  expect_refused(patch(admin_, "/api/v1/codes/" + code,
                       {{"description", std::string("nul\0", 4)},
                        {"codebook_version", codebook_version(admin_, study_)}}),
                 "description", "U+0000");
  expect_refused(post(admin_, "/api/v1/studies/" + study_ + "/memos", {{"text", "esc\x1B[0m"}}),
                 "text", "U+001B");
  expect_refused(
      post(
          admin_, "/api/v1/answers/" + answer_ + "/segments",
          {{"start", 0}, {"end", 6}, {"code_ids", boost::json::array{code}}, {"memo", "form\x0C"}}),
      "memo", "U+000C");
  Reply csv = send_csv("name,description\nTab,\"bad\x0B\"\n");
  EXPECT_EQ(csv.status, 400) << csv.body;
  EXPECT_NE(csv.body.find("U+000B"), std::string::npos) << csv.body;

  // Nothing was stored, and both exports still answer.
  EXPECT_EQ(get(admin_, "/api/v1/studies/" + study_ + "/codebook.qdc").status, 200);
  EXPECT_EQ(get(admin_, "/api/v1/studies/" + study_ + "/project.qdpx").status, 200);
}

TEST_F(ExportSafetyTest, AllowedTextExportsAsValidXmlAndAsInertCsv) {
  const std::string code = new_code("Routine", "\r=2+3 says a spreadsheet\tand more");
  ASSERT_FALSE(code.empty());
  Reply segment = post(admin_, "/api/v1/answers/" + answer_ + "/segments",
                       {{"start", 0},
                        {"end", 6},
                        {"code_ids", boost::json::array{code}},
                        {"memo", "\t=HYPERLINK(\"http://x\")\nمرحبا 📚"}});
  ASSERT_EQ(segment.status, 201) << segment.body;
  EXPECT_EQ(post(admin_, "/api/v1/studies/" + study_ + "/memos", {{"text", "a\tb\r\nc"}}).status,
            201);

  Reply segments_csv = get(admin_, "/api/v1/studies/" + study_ + "/segments.csv");
  ASSERT_EQ(segments_csv.status, 200) << segments_csv.body;
  EXPECT_NE(segments_csv.body.find("\"'\t=HYPERLINK(\"\"http://x\"\")\nمرحبا 📚\""),
            std::string::npos)
      << segments_csv.body;
  Reply codebook_csv = get(admin_, "/api/v1/studies/" + study_ + "/codebook.csv");
  ASSERT_EQ(codebook_csv.status, 200) << codebook_csv.body;
  EXPECT_NE(codebook_csv.body.find("\"'\r=2+3 says a spreadsheet\tand more\""), std::string::npos)
      << codebook_csv.body;

  Reply qdc = get(admin_, "/api/v1/studies/" + study_ + "/codebook.qdc");
  ASSERT_EQ(qdc.status, 200) << qdc.body;
  EXPECT_TRUE(interchange::qda::validate_codebook_xml(qdc.body).ok());
  Reply qdpx = get(admin_, "/api/v1/studies/" + study_ + "/project.qdpx");
  ASSERT_EQ(qdpx.status, 200) << qdpx.body;
  auto project = interchange::qda::read_project(qdpx.body);
  ASSERT_TRUE(project.ok()) << project.error().message;
  ASSERT_EQ(project->sources.size(), 1u);
  ASSERT_EQ(project->sources[0].selections.size(), 1u);
  EXPECT_EQ(project->sources[0].selections[0].memo, "\t=HYPERLINK(\"http://x\")\nمرحبا 📚");
}

}  // namespace
}  // namespace trellis::test
