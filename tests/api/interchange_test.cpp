// REFI-QDA interchange over real HTTP, on the backend the suite runs on: a coded study exported
// as a .qdpx, imported into another program and exported again gives the same codes, sources
// and coded segments; so does a study built of the tricky cases (CR LF through every input path,
// two codes of the same name under different parents, a category, memos with emoji and Arabic);
// the .qdc codebook goes out and back in; every exported file validates against the shipped
// schemas with Debian's xmllint (an independent process) and meets each expectation of real
// importers that the REFI-QDA README lists (tests/tools/refi_qda_expectations.py); a project made
// by another tool imports with warnings, CR LF line ends and all; bad uploads are refused with a
// clear error and leave nothing behind; and only a study's staff may export or import.
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

// What importers in the field expect beyond the schema, checked by an independent Python reader
// (tests/tools/refi_qda_expectations.py, one check per item of the REFI-QDA README), and the
// schema itself with xmllint: for an exported .qdpx or .qdc, named `file_name`.
void expect_tools_can_read(const std::string& bytes, const std::string& file_name) {
  TempDir dir;
  const std::string file = dir.write(file_name, bytes);
  std::string out;
  int status = run(
      "python3 " +
          shell_quote(std::string(TRELLIS_SOURCE_DIR) + "/tests/tools/refi_qda_expectations.py") +
          " " + shell_quote(file),
      &out);
  EXPECT_EQ(status, 0) << file_name << " misses what importers expect:\n" << out;
  std::string xml = bytes;
  if (file_name.ends_with(".qdpx")) {
    int unzipped =
        run("python3 -c 'import sys, zipfile; sys.stdout.buffer.write("
            "zipfile.ZipFile(sys.argv[1]).read(\"project.qde\"))' " +
                shell_quote(file),
            &xml);
    EXPECT_EQ(unzipped, 0) << xml;
  }
  expect_valid(xml, file_name.ends_with(".qdpx") ? "Project.xsd" : "Codebook.xsd", file_name);
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
  expect_tools_can_read(first.body, "first.qdpx");
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
  expect_tools_can_read(second.body, "second.qdpx");
  Essence before = essence_of(first.body), after = essence_of(second.body);
  EXPECT_EQ(before.codes, after.codes);
  EXPECT_EQ(before.sources, after.sources);
  EXPECT_EQ(before.segments, after.segments);
  EXPECT_EQ(before.sources.size(), 6u);
  EXPECT_GE(before.codes.size(), 14u);
  EXPECT_TRUE(before.codes.count({"Support/Mentor's reading group", "", ""}));
  EXPECT_TRUE(before.codes.count({"Support", "Help from others", "#1f77b4"}));
  EXPECT_TRUE(before.sources.count("scholar0 — What do you lack?"));
  // An answer sent with CR LF is stored, and so exported, with LF only.
  EXPECT_TRUE(std::any_of(before.sources.begin(), before.sources.end(),
                          [](const auto& s) { return s.second == "Time, mostly.\nAnd sleep."; }));

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
  expect_tools_can_read(qdc.body, "exported.qdc");

  Reply qdpx = get(analyst_, "/api/v1/studies/" + study + "/project.qdpx");
  ASSERT_EQ(qdpx.status, 200) << qdpx.body;
  expect_valid(project_qde(qdpx.body), "Project.xsd", "project.qde of the exported .qdpx");
  expect_tools_can_read(qdpx.body, "exported.qdpx");

  // The imported copy's exports validate too.
  Reply imported = import_project(admin_, target_program_, target_cohort_, qdpx.body);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string copy = str(imported.json().at("study"), "id");
  expect_tools_can_read(get(admin_, "/api/v1/studies/" + copy + "/codebook.qdc").body,
                        "imported.qdc");
  expect_tools_can_read(get(admin_, "/api/v1/studies/" + copy + "/project.qdpx").body,
                        "imported.qdpx");
}

TEST_F(InterchangeTest, ACodebookGoesOutAsQdcAndBackIntoAnEmptyStudy) {
  const std::string study = coded_study();
  Reply qdc = get(analyst_, "/api/v1/studies/" + study + "/codebook.qdc");
  ASSERT_EQ(qdc.status, 200) << qdc.body;
  expect_tools_can_read(qdc.body, "codebook.qdc");

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
  expect_tools_can_read(qdpx.body, "anonymous.qdpx");
  auto project = qda::read_project(qdpx.body);
  ASSERT_TRUE(static_cast<bool>(project));
  ASSERT_EQ(project->sources.size(), 6u);
  // An anonymous answer carries no time, and its source none either.
  for (const qda::Source& s : project->sources) EXPECT_FALSE(s.created.has_value()) << s.name;
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

// Everything an exchange must keep, read from a .qdpx: the codes with their category flag and
// parents (by path), the sources' names and texts, the coded segments with the text they select
// and their memo, and the notes with what they are about.
struct Exchange {
  std::set<std::tuple<std::string, std::string, std::string, bool>> codes;  // path, desc, colour,
                                                                            // codable
  std::map<std::string, std::string> sources;                               // name -> text
  // source, start, end, code path, selected text, selection memo
  std::set<std::tuple<std::string, long long, long long, std::string, std::string, std::string>>
      segments;
  std::set<std::tuple<std::string, std::string, std::string>> notes;  // about, name, text

  bool operator==(const Exchange&) const = default;
};

std::string code_points(const std::string& text, long long start, long long end) {
  return std::string(qda::testing::slice(text, start, end));
}

Exchange exchange_of(const std::string& qdpx) {
  Exchange e;
  auto p = qda::read_project(qdpx);
  EXPECT_TRUE(static_cast<bool>(p)) << (p ? "" : p.error().message);
  if (!p) return e;
  std::map<std::string, std::string> path_of;
  std::function<void(const std::vector<qda::Code>&, const std::string&)> walk =
      [&](const std::vector<qda::Code>& level, const std::string& parent) {
        for (const qda::Code& c : level) {
          const std::string path = parent.empty() ? c.name : parent + "/" + c.name;
          path_of[c.guid] = path;
          e.codes.insert({path, c.description.value_or(""), c.color.value_or(""), c.is_codable});
          walk(c.children, path);
        }
      };
  walk(p->codebook, "");
  for (const qda::Source& s : p->sources) {
    e.sources[s.name] = s.text;
    for (const qda::Selection& sel : s.selections)
      for (const qda::Coding& c : sel.codings)
        e.segments.insert({s.name, sel.start, sel.end, path_of[c.code_guid],
                           code_points(s.text, sel.start, sel.end), sel.memo.value_or("")});
  }
  for (const qda::Note& n : p->notes) {
    std::string about = n.about_project ? "project" : "";
    for (const std::string& t : n.targets) about += (about.empty() ? "" : ",") + path_of[t];
    e.notes.insert({about, n.name, n.text});
  }
  return e;
}

// The tricky cases of a real exchange, built through every input path, survive export, import and
// export again: CR LF and lone CR from the JSON API, a CSV transcript and a JSON transcript (all
// stored and exported with LF); two codes named Other under different parents; a category; a
// three-level tree; overlapping segments by two coders; memos on the study, a code and segments
// with emoji and Arabic. Every exported file meets what importers expect.
TEST_F(InterchangeTest, TheTrickyCasesSurviveExportImportAndExportAgain) {
  Reply made = post(
      analyst_, "/api/v1/programs/" + program_ + "/studies",
      {{"title", "Tricky exchange"},
       {"cohort_id", cohort_},
       {"audience", boost::json::array{"scholar"}},
       {"seed_codebook", false},
       {"questions", boost::json::array{boost::json::object{{"prompt", "What helped you most?"}},
                                        boost::json::object{{"prompt", "What do you lack?"}}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string id = str(made.json(), "id");
  const std::string q1 = str(made.json().at("questions").at(0), "id");
  const std::string q2 = str(made.json().at("questions").at(1), "id");

  // Input path 1: a JSON transcript with CR LF and a lone CR.
  Reply json_transcript =
      post(analyst_, "/api/v1/studies/" + id + "/transcript-imports",
           {{"transcripts",
             boost::json::array{boost::json::object{
                 {"respondent", "Mentor JSON"},
                 {"group", "mentor"},
                 {"text", "Q1: Alpha 📚\r\nbeta\rgamma مرحبا\r\nQ2: Delta\r\n\r\nepsilon"}}}}});
  ASSERT_EQ(json_transcript.status, 202) << json_transcript.body;
  EXPECT_EQ(str(finished_job(analyst_, str(json_transcript.json(), "id")), "status"), "succeeded");
  // Input path 2: a CSV transcript whose quoted answers hold CR LF.
  Reply csv_transcript = send(analyst_, "POST", "/api/v1/studies/" + id + "/transcript-imports",
                              "respondent,question,answer,group\r\n"
                              "Mentor CSV,1,\"Line one\r\nline two 🎓\",mentor\r\n"
                              "Mentor CSV,2,\"Arabic: شكرا\r\nend\",mentor\r\n",
                              "text/csv");
  ASSERT_EQ(csv_transcript.status, 202) << csv_transcript.body;
  EXPECT_EQ(str(finished_job(analyst_, str(csv_transcript.json(), "id")), "status"), "succeeded");
  // Input path 3: answers through the JSON API.
  ASSERT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "open"}}).status, 200);
  Reply answered = post(
      scholar(0), "/api/v1/studies/" + id + "/responses",
      {{"answers",
        boost::json::array{
            boost::json::object{{"question_id", q1},
                                {"text", "First line.\r\nSecond, with 📚 and مرحبا.\r\nThird."}},
            boost::json::object{{"question_id", q2}, {"text", "Lone\rCR here."}}}}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  ASSERT_EQ(patch(admin_, "/api/v1/studies/" + id, {{"status", "closed"}}).status, 200);

  // Every path stored LF only.
  std::map<std::string, std::string> text_of;  // answer id -> text
  Reply responses = get(analyst_, "/api/v1/studies/" + id + "/responses?limit=50");
  ASSERT_EQ(responses.status, 200) << responses.body;
  const boost::json::value rj = responses.json();
  for (const auto& resp : rj.at("items").as_array())
    for (const auto& a : resp.at("answers").as_array())
      if (a.as_object().contains("text")) text_of[str(a, "id")] = str(a, "text");
  std::set<std::string> texts;
  for (const auto& [answer, text] : text_of) texts.insert(text);
  EXPECT_EQ(texts, (std::set<std::string>{"Alpha 📚\nbeta\ngamma مرحبا", "Delta\n\nepsilon",
                                          "Line one\nline two 🎓", "Arabic: شكرا\nend",
                                          "First line.\nSecond, with 📚 and مرحبا.\nThird.",
                                          "Lone\nCR here."}));

  // The codebook: a category with a child "Other", a code with another child "Other", three levels.
  auto add_code = [&](const std::string& name, const std::string& parent, bool category,
                      const std::string& colour) {
    boost::json::object body{{"name", name},
                             {"category", category},
                             {"codebook_version", codebook_version(analyst_, id)}};
    if (!parent.empty()) body["parent_id"] = parent;
    if (!colour.empty()) body["colour"] = colour;
    Reply r = post(analyst_, "/api/v1/studies/" + id + "/codes", body);
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json().at("category").as_bool(), category);
    return str(r.json(), "id");
  };
  const std::string language = add_code("Language", "", true, "#9467bd");
  const std::string language_other = add_code("Other", language, false, "#8c564b");
  const std::string support = add_code("Support", "", false, "#1f77b4");
  const std::string support_other = add_code("Other", support, false, "");
  const std::string peers = add_code("Peers", support, false, "");
  const std::string study_group = add_code("Study group", peers, false, "#2ca02c");

  // A category cannot be applied.
  const std::string some_answer = text_of.begin()->first;
  Reply refused = post(analyst_, "/api/v1/answers/" + some_answer + "/segments",
                       {{"start", 0}, {"end", 2}, {"code_ids", boost::json::array{language}}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(str(refused.json().at("error"), "field"), "code_ids");

  auto code_span = [&](const Browser& who, const std::string& answer, long long start,
                       long long end, boost::json::array codes, const std::string& memo) {
    Reply r = post(who, "/api/v1/answers/" + answer + "/segments",
                   {{"start", start}, {"end", end}, {"code_ids", codes}, {"memo", memo}});
    EXPECT_EQ(r.status, 201) << r.body;
  };
  for (const auto& [answer, text] : text_of) {
    const long long length = static_cast<long long>(count_points(text));
    // Spans across the line breaks, overlapping, by two coders.
    code_span(analyst_, answer, 0, std::min<long long>(length, 12), {support_other, study_group},
              "ملاحظة 🎯 across lines");
    code_span(organizer_, answer, 1, length, {language_other}, "");
    code_span(analyst_, answer, 1, length, {language_other}, "");
  }
  for (const auto& [text, code] : std::vector<std::pair<std::string, std::string>>{
           {"Study memo 📚 مرحبا\nsecond line", ""},
           {"Another study memo", ""},
           {"Other languages: العربية 🗣️", language_other},
           {"Other support: peers, family", support_other}}) {
    boost::json::object body{{"text", text}};
    if (!code.empty()) body["code_id"] = code;
    EXPECT_EQ(post(analyst_, "/api/v1/studies/" + id + "/memos", body).status, 201);
  }

  Reply first = get(analyst_, "/api/v1/studies/" + id + "/project.qdpx");
  ASSERT_EQ(first.status, 200) << first.body;
  expect_tools_can_read(first.body, "tricky.qdpx");
  Reply first_qdc = get(analyst_, "/api/v1/studies/" + id + "/codebook.qdc");
  ASSERT_EQ(first_qdc.status, 200) << first_qdc.body;
  expect_tools_can_read(first_qdc.body, "tricky.qdc");

  // Notes carry their dates and live in note files; sources, selections and codings have dates.
  const std::string qde = project_qde(first.body);
  EXPECT_EQ(qde.find("PlainTextContent"), std::string::npos);
  auto project = qda::read_project(first.body);
  ASSERT_TRUE(static_cast<bool>(project));
  ASSERT_EQ(project->notes.size(), 4u);
  std::set<std::string> note_names;
  for (const qda::Note& n : project->notes) {
    EXPECT_TRUE(n.created.has_value()) << n.name;
    EXPECT_EQ(qda::testing::entry(first.body, "sources/" + n.guid + ".txt"), n.text);
    note_names.insert(n.name);
  }
  EXPECT_EQ(note_names, (std::set<std::string>{"Study memo", "Study memo (2)",
                                               "Memo on Language/Other", "Memo on Support/Other"}));
  EXPECT_TRUE(project->created.has_value());
  for (const qda::Source& src : project->sources) {
    EXPECT_TRUE(src.created.has_value()) << src.name;
    for (const qda::Selection& sel : src.selections) {
      EXPECT_TRUE(sel.created.has_value());
      for (const qda::Coding& c : sel.codings) EXPECT_TRUE(c.created.has_value());
    }
  }
  // The two codes named Other are written apart: the nested ones qualified by their parent.
  EXPECT_NE(qde.find("name=\"Language/Other\""), std::string::npos);
  EXPECT_NE(qde.find("name=\"Support/Other\""), std::string::npos);
  EXPECT_NE(qde.find("name=\"Language\" isCodable=\"false\""), std::string::npos);

  Reply imported = import_project(admin_, target_program_, target_cohort_, first.body);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const boost::json::value report = imported.json();
  const std::string copy = str(report.at("study"), "id");
  EXPECT_EQ(report.at("memos").as_int64(), 4);
  // The only warning: two coders' identical segments became one, said once with its count.
  ASSERT_EQ(report.at("warnings").as_array().size(), 1u) << imported.body;
  EXPECT_NE(std::string(report.at("warnings").at(0).as_string()).find("6 coding(s)"),
            std::string::npos)
      << imported.body;
  // The category and both codes named Other arrive as such.
  Reply copy_codes = get(admin_, "/api/v1/studies/" + copy + "/codes");
  ASSERT_EQ(copy_codes.status, 200) << copy_codes.body;
  std::map<std::string, bool> category_of;
  const boost::json::value cj = copy_codes.json();
  for (const auto& c : cj.at("items").as_array())
    category_of[str(c, "path")] = c.at("category").as_bool();
  EXPECT_EQ(category_of, (std::map<std::string, bool>{{"Language", true},
                                                      {"Language/Other", false},
                                                      {"Support", false},
                                                      {"Support/Other", false},
                                                      {"Support/Peers", false},
                                                      {"Support/Peers/Study group", false}}));

  Reply second = get(admin_, "/api/v1/studies/" + copy + "/project.qdpx");
  ASSERT_EQ(second.status, 200) << second.body;
  expect_tools_can_read(second.body, "tricky-again.qdpx");
  expect_tools_can_read(get(admin_, "/api/v1/studies/" + copy + "/codebook.qdc").body,
                        "tricky-again.qdc");

  const Exchange before = exchange_of(first.body), after = exchange_of(second.body);
  EXPECT_EQ(before.codes, after.codes);
  EXPECT_EQ(before.sources, after.sources);
  EXPECT_EQ(before.segments, after.segments);
  EXPECT_EQ(before.notes, after.notes);
  EXPECT_EQ(before.codes.size(), 6u);
  EXPECT_TRUE(before.codes.count({"Language", "", "#9467bd", false}));
  EXPECT_EQ(before.sources.size(), 6u);
  EXPECT_EQ(before.segments.size(), 6u * 3);
  EXPECT_TRUE(before.notes.count(
      {"Language/Other", "Memo on Language/Other", "Other languages: العربية 🗣️"}));
  EXPECT_TRUE(before.notes.count({"project", "Study memo", "Study memo 📚 مرحبا\nsecond line"}));
  // The selected text is what was coded, line breaks and all.
  EXPECT_TRUE(std::any_of(before.segments.begin(), before.segments.end(), [](const auto& seg) {
    return std::get<4>(seg) == "First line.\n" && std::get<5>(seg) == "ملاحظة 🎯 across lines";
  }));

  // The .qdc keeps the category too, into an empty study.
  Reply empty = post(analyst_, "/api/v1/programs/" + program_ + "/studies",
                     {{"title", "Empty"},
                      {"cohort_id", cohort_},
                      {"seed_codebook", false},
                      {"questions", boost::json::array{boost::json::object{{"prompt", "Why?"}}}}});
  ASSERT_EQ(empty.status, 201) << empty.body;
  const std::string target = str(empty.json(), "id");
  Reply merged = send(analyst_, "POST", "/api/v1/studies/" + target + "/codebook-imports",
                      first_qdc.body, "application/xml");
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json().at("created").as_int64(), 6);
  std::map<std::string, bool> merged_categories;
  const boost::json::value mj = get(analyst_, "/api/v1/studies/" + target + "/codes").json();
  for (const auto& c : mj.at("items").as_array())
    merged_categories[str(c, "path")] = c.at("category").as_bool();
  EXPECT_EQ(merged_categories, category_of);
}

// A project from a tool that stores CR LF, with positions counted on the text as stored in the
// archive (as the standard says): the study keeps LF only, and every coding still selects the
// same words. A category the project applies to text stays a code, so its codings are kept.
TEST_F(InterchangeTest, AProjectWithCrLfLineEndsImportsWithLfAndTheSameSelections) {
  const std::string source = "50c00000-0000-4000-8000-000000000001";
  const std::string text = "Line one\r\nLine two 📚\r\nLine three\rend";
  //                        0-7 8,9   10-19      20,21 22-31    32 33-35
  auto selection = [](int n, int start, int end, const std::string& code) {
    return "<PlainTextSelection guid=\"5e100000-0000-4000-8000-00000000000" + std::to_string(n) +
           "\" startPosition=\"" + std::to_string(start) + "\" endPosition=\"" +
           std::to_string(end) + "\"><Coding guid=\"c0d10000-0000-4000-8000-00000000000" +
           std::to_string(n) + "\"><CodeRef targetGUID=\"" + code + "\"/></Coding>" +
           "</PlainTextSelection>";
  };
  const std::string grouping = "c0de0000-0000-4000-8000-000000000001";
  const std::string applied_category = "c0de0000-0000-4000-8000-000000000002";
  const std::string code = "c0de0000-0000-4000-8000-000000000003";
  const std::string qde =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"Windows tool\" origin=\"Some tool\">"
      "<CodeBook><Codes><Code guid=\"" +
      grouping + "\" name=\"Group\" isCodable=\"false\" color=\"#AABBCC\"><Code guid=\"" + code +
      "\" name=\"Group/Words\" isCodable=\"true\"/></Code><Code guid=\"" + applied_category +
      "\" name=\"Odd\" isCodable=\"false\"/></Codes></CodeBook><Sources><TextSource guid=\"" +
      source + "\" name=\"Interview\" plainTextPath=\"internal://" + source + ".txt\">" +
      selection(1, 10, 20, code) + selection(2, 27, 32, code) + selection(3, 8, 9, code) +
      selection(4, 33, 36, applied_category) + "</TextSource></Sources></Project>";
  const std::string bytes = make_zip({{"project.qde", qde}, {"sources/" + source + ".txt", text}});
  Reply r = import_project(analyst_, program_, cohort_, bytes);
  ASSERT_EQ(r.status, 201) << r.body;
  const boost::json::value report = r.json();
  std::string warnings;
  for (const auto& w : report.at("warnings").as_array())
    warnings += std::string(w.as_string()) + "\n";
  EXPECT_NE(warnings.find("1 source(s) had CR LF or CR line ends"), std::string::npos) << warnings;
  // The selection of nothing but the CR of a CR LF is left out; the others land on their words.
  EXPECT_NE(warnings.find("1 selection(s) of no text"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("the code 'Odd': a category"), std::string::npos) << warnings;
  EXPECT_EQ(report.at("segments").as_int64(), 3);
  const std::string id = str(report.at("study"), "id");

  Reply responses = get(analyst_, "/api/v1/studies/" + id + "/responses");
  ASSERT_EQ(responses.status, 200) << responses.body;
  EXPECT_EQ(str(responses.json().at("items").at(0).at("answers").at(0), "text"),
            "Line one\nLine two 📚\nLine three\nend");
  Reply csv = get(analyst_, "/api/v1/studies/" + id + "/segments.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  for (const char* row :
       {",Group/Words,9,19,Line two 📚,", ",Group/Words,25,30,three,", ",Odd,31,34,end,"})
    EXPECT_NE(csv.body.find(row), std::string::npos) << row << "\n" << csv.body;
  std::map<std::string, bool> category_of;
  const boost::json::value cj = get(analyst_, "/api/v1/studies/" + id + "/codes").json();
  for (const auto& c : cj.at("items").as_array()) {
    category_of[str(c, "path")] = c.at("category").as_bool();
    if (str(c, "path") == "Group") {
      EXPECT_EQ(str(c, "colour"), "#aabbcc");
    }
  }
  EXPECT_EQ(category_of,
            (std::map<std::string, bool>{{"Group", true}, {"Group/Words", false}, {"Odd", false}}));
}

// A category groups codes: it cannot be applied, nothing can move onto it, and a code that
// segments carry cannot become one; the codebook says which codes are categories.
TEST_F(InterchangeTest, ACategoryIsNeverApplied) {
  const std::string study = coded_study();
  const std::string support = code_named(admin_, study, "Support");
  const std::string phd = code_named(admin_, study, "Credentials (PhD)");
  Reply grouping = post(analyst_, "/api/v1/studies/" + study + "/codes",
                        {{"name", "Obstacles"},
                         {"category", true},
                         {"codebook_version", codebook_version(analyst_, study)}});
  ASSERT_EQ(grouping.status, 201) << grouping.body;
  const std::string obstacles = str(grouping.json(), "id");
  EXPECT_TRUE(grouping.json().at("category").as_bool());

  // Support carries segments: it cannot become a category.
  Reply to_category =
      patch(analyst_, "/api/v1/codes/" + support,
            {{"category", true}, {"codebook_version", codebook_version(analyst_, study)}});
  EXPECT_EQ(to_category.status, 400) << to_category.body;
  EXPECT_EQ(str(to_category.json().at("error"), "field"), "category");
  EXPECT_NE(to_category.body.find("coded segment(s) carry this code"), std::string::npos);
  // Nothing merges into a category, and no segment moves onto it.
  Reply merge =
      post(analyst_, "/api/v1/codes/" + phd + "/merger",
           {{"into_code_id", obstacles}, {"codebook_version", codebook_version(analyst_, study)}});
  EXPECT_EQ(merge.status, 400) << merge.body;
  Reply segments = get(analyst_, "/api/v1/studies/" + study + "/segments?code_id=" + phd);
  ASSERT_EQ(segments.status, 200) << segments.body;
  const boost::json::value segment = segments.json().at("items").at(0);
  Reply moved = patch(analyst_, "/api/v1/segments/" + str(segment, "id"),
                      {{"code_id", obstacles}, {"version", segment.at("version")}});
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_EQ(str(moved.json().at("error"), "field"), "code_id");

  // A code without segments becomes a category, and goes back.
  Reply child = post(analyst_, "/api/v1/studies/" + study + "/codes",
                     {{"name", "No time"},
                      {"parent_id", obstacles},
                      {"codebook_version", codebook_version(analyst_, study)}});
  ASSERT_EQ(child.status, 201) << child.body;
  EXPECT_FALSE(child.json().at("category").as_bool());
  const std::string no_time = str(child.json(), "id");
  Reply made = patch(analyst_, "/api/v1/codes/" + no_time,
                     {{"category", true}, {"codebook_version", codebook_version(analyst_, study)}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_TRUE(made.json().at("category").as_bool());
  Reply back =
      patch(analyst_, "/api/v1/codes/" + no_time,
            {{"category", false}, {"codebook_version", codebook_version(analyst_, study)}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_FALSE(back.json().at("category").as_bool());

  // The CSV codebook says it too, and reads it back.
  Reply csv = get(analyst_, "/api/v1/studies/" + study + "/codebook.csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.rfind("name,description,parent,colour,category\r\n", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("Obstacles,,,,true\r\n"), std::string::npos) << csv.body;
}

}  // namespace
}  // namespace trellis::test
