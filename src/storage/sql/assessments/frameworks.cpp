#include "storage/sql/assessments/assessment_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

constexpr const char* kVersionColumns =
    "id, program_id, number, name, created_at, COALESCE(created_by, '')";

struct VersionRow {
  std::string id, program_id, name, created_by;
  long long number = 0, created_at = 0;

  void read_into(Query& q) {
    q.into(id).into(program_id).into(number).into(name).into(created_at).into(created_by);
  }
  FrameworkVersion to_version() const {
    FrameworkVersion v;
    v.id = id;
    v.program_id = program_id;
    v.number = static_cast<int>(number);
    v.name = name;
    v.created_at = created_at;
    v.created_by = created_by;
    return v;
  }
};

Error version_not_found() {
  return Error::not_found("This framework version does not exist.");
}

}  // namespace

Status SqlFrameworkRepository::insert_version(const FrameworkVersion& version) {
  try {
    Query(ctx_.session,
          "INSERT INTO framework_versions (id, program_id, number, name, created_at, created_by) "
          "VALUES (:id, :program_id, :number, :name, :created_at, :created_by)")
        .bind("id", version.id)
        .bind("program_id", version.program_id)
        .bind("number", static_cast<long long>(version.number))
        .bind("name", version.name)
        .bind("created_at", static_cast<long long>(version.created_at))
        .bind("created_by", version.created_by.empty()
                                ? std::nullopt
                                : std::optional<std::string>(version.created_by))
        .execute();
    for (std::size_t i = 0; i < version.qualities.size(); ++i) {
      const Quality& q = version.qualities[i];
      Query(ctx_.session,
            "INSERT INTO framework_qualities (version_id, position, quality_key, name, summary, "
            "level1, level2, level3, level4, level5, retired) VALUES (:version_id, :position, "
            ":quality_key, :name, :summary, :l1, :l2, :l3, :l4, :l5, :retired)")
          .bind("version_id", version.id)
          .bind("position", static_cast<long long>(i))
          .bind("quality_key", q.key)
          .bind("name", q.name)
          .bind("summary", q.summary)
          .bind("l1", q.levels[0])
          .bind("l2", q.levels[1])
          .bind("l3", q.levels[2])
          .bind("l4", q.levels[3])
          .bind("l5", q.levels[4])
          .bind("retired", q.retired ? 1LL : 0LL)
          .execute();
    }
  } catch (const std::exception& e) {
    return ctx_.fail(e, "framework_versions");
  }
  return ok_status();
}

Status SqlFrameworkRepository::load_qualities(FrameworkVersion& version) {
  try {
    Quality q;
    long long retired = 0;
    Query query(ctx_.session,
                "SELECT quality_key, name, summary, level1, level2, level3, level4, level5, "
                "retired FROM framework_qualities WHERE version_id = :id ORDER BY position");
    query.into(q.key).into(q.name).into(q.summary);
    for (auto& level : q.levels) query.into(level);
    query.into(retired).bind("id", version.id);
    query.for_each_row([&] {
      q.retired = retired != 0;
      version.qualities.push_back(q);
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "framework_qualities");
  }
  return ok_status();
}

Result<FrameworkVersion> SqlFrameworkRepository::find_version(const std::string& id) {
  VersionRow row;
  try {
    Query q(ctx_.session,
            std::string("SELECT ") + kVersionColumns + " FROM framework_versions WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return version_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "framework_versions");
  }
  FrameworkVersion v = row.to_version();
  TRY(load_qualities(v));
  return v;
}

Result<FrameworkVersion> SqlFrameworkRepository::find_latest(const std::string& program_id) {
  VersionRow row;
  try {
    Query q(ctx_.session, std::string("SELECT ") + kVersionColumns +
                              " FROM framework_versions WHERE program_id = :program_id "
                              "ORDER BY number DESC LIMIT 1");
    row.read_into(q);
    if (!q.bind("program_id", program_id).fetch_one()) return version_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "framework_versions");
  }
  FrameworkVersion v = row.to_version();
  TRY(load_qualities(v));
  return v;
}

Result<std::vector<FrameworkVersion>> SqlFrameworkRepository::list_versions(
    const std::string& program_id) {
  std::vector<FrameworkVersion> out;
  try {
    VersionRow row;
    Query q(ctx_.session, std::string("SELECT ") + kVersionColumns +
                              " FROM framework_versions WHERE program_id = :program_id "
                              "ORDER BY number DESC");
    row.read_into(q);
    q.bind("program_id", program_id);
    q.for_each_row([&] { out.push_back(row.to_version()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "framework_versions");
  }
  return out;
}

}  // namespace trellis
