#include "storage/sql/query.h"
#include "storage/sql/studies/study_repositories.h"

namespace trellis {
namespace {

constexpr const char* kCodeColumns =
    "id, study_id, parent_id, name, description, colour, seed_key, category, created_at";
constexpr const char* kMemoColumns =
    "id, study_id, code_id, author_id, body, version, created_at, updated_at";

struct CodeRow {
  std::string id, study_id, parent_id, name, description, colour, seed_key;
  soci::indicator parent_null = soci::i_null;
  long long category = 0, created_at = 0;
  void read_into(Query& q) {
    q.into(id)
        .into(study_id)
        .into(parent_id, parent_null)
        .into(name)
        .into(description)
        .into(colour)
        .into(seed_key)
        .into(category)
        .into(created_at);
  }
  Code to_code() const {
    Code c;
    c.id = id;
    c.study_id = study_id;
    if (parent_null == soci::i_ok) c.parent_id = parent_id;
    c.name = name;
    c.description = description;
    c.colour = colour;
    c.seed_key = seed_key;
    c.category = category != 0;
    c.created_at = created_at;
    return c;
  }
};

struct MemoRow {
  std::string id, study_id, code_id, author_id, body;
  soci::indicator code_null = soci::i_null;
  long long version = 0, created_at = 0, updated_at = 0;
  void read_into(Query& q) {
    q.into(id)
        .into(study_id)
        .into(code_id, code_null)
        .into(author_id)
        .into(body)
        .into(version)
        .into(created_at)
        .into(updated_at);
  }
  Memo to_memo() const {
    Memo m{id, study_id, std::nullopt, author_id, body, version, created_at, updated_at};
    if (code_null == soci::i_ok) m.code_id = code_id;
    return m;
  }
};

Error code_not_found() {
  return Error::not_found("This code does not exist.");
}
Error memo_not_found() {
  return Error::not_found("This memo does not exist.");
}

// Rows per code of `table` in study :id; of one person (`who_column` = who) when who is set.
std::map<std::string, long long> counts(soci::session& session, const std::string& table,
                                        const std::string& study_id, const std::string& who_column,
                                        const std::optional<std::string>& who) {
  std::map<std::string, long long> out;
  std::string code;
  long long n = 0;
  std::string sql =
      "SELECT code_id, count(*) FROM " + table + " WHERE study_id = :id AND code_id IS NOT NULL";
  if (who) sql += " AND " + who_column + " = :who";
  Query q(session, sql + " GROUP BY code_id");
  q.into(code).into(n).bind("id", study_id);
  if (who) q.bind("who", *who);
  q.for_each_row([&] { out[code] = n; });
  return out;
}

}  // namespace

Status SqlCodebookRepository::insert(const Code& c) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_codes (id, study_id, parent_id, sibling_key, name, description, "
          "colour, seed_key, category, created_at) VALUES (:id, :study_id, :parent_id, "
          ":sibling_key, :name, :description, :colour, :seed_key, :category, :created_at)")
        .bind("id", c.id)
        .bind("study_id", c.study_id)
        .bind("parent_id", c.parent_id)
        .bind("sibling_key", c.parent_id.value_or(""))
        .bind("name", c.name)
        .bind("description", c.description)
        .bind("colour", c.colour)
        .bind("seed_key", c.seed_key)
        .bind("category", c.category ? 1LL : 0LL)
        .bind("created_at", static_cast<long long>(c.created_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_codes");
  }
  return ok_status();
}

Result<Code> SqlCodebookRepository::find(const std::string& id) {
  try {
    CodeRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kCodeColumns + " FROM study_codes WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return code_not_found();
    return row.to_code();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_codes");
  }
}

Status SqlCodebookRepository::update(const Code& c) {
  try {
    std::string updated;
    Query q(ctx_.session,
            "UPDATE study_codes SET parent_id = :parent_id, sibling_key = :sibling_key, "
            "name = :name, description = :description, colour = :colour, category = :category "
            "WHERE id = :id RETURNING id");
    q.into(updated)
        .bind("parent_id", c.parent_id)
        .bind("sibling_key", c.parent_id.value_or(""))
        .bind("name", c.name)
        .bind("description", c.description)
        .bind("colour", c.colour)
        .bind("category", c.category ? 1LL : 0LL)
        .bind("id", c.id);
    if (!q.fetch_one()) return code_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_codes");
  }
  return ok_status();
}

Status SqlCodebookRepository::remove(const std::string& id) {
  try {
    std::string removed;
    // Descendants and their segments and memos go with it (ON DELETE CASCADE).
    Query q(ctx_.session, "DELETE FROM study_codes WHERE id = :id RETURNING id");
    if (!q.into(removed).bind("id", id).fetch_one()) return code_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_codes");
  }
  return ok_status();
}

Result<std::vector<Code>> SqlCodebookRepository::list(const std::string& study_id) {
  std::vector<Code> out;
  try {
    CodeRow row;
    Query q(ctx_.session, std::string("SELECT ") + kCodeColumns +
                              " FROM study_codes WHERE study_id = :id ORDER BY created_at, id");
    row.read_into(q);
    q.bind("id", study_id);
    q.for_each_row([&] { out.push_back(row.to_code()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_codes");
  }
  return out;
}

Result<std::map<std::string, long long>> SqlCodebookRepository::segment_counts(
    const std::string& study_id, const std::optional<std::string>& only_coder) {
  try {
    return counts(ctx_.session, "study_segments", study_id, "coder_id", only_coder);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
}

Result<std::map<std::string, long long>> SqlCodebookRepository::memo_counts(
    const std::string& study_id, const std::optional<std::string>& only_author) {
  try {
    return counts(ctx_.session, "study_memos", study_id, "author_id", only_author);
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_memos");
  }
}

Result<long long> SqlCodebookRepository::move_coding(const std::string& from,
                                                     const std::string& into) {
  try {
    // Segments `into` already has (same answer, coder and span) would be duplicates: drop them.
    Query(ctx_.session,
          "DELETE FROM study_segments WHERE code_id = :from AND EXISTS (SELECT 1 FROM "
          "study_segments t WHERE t.code_id = :into AND t.answer_id = study_segments.answer_id "
          "AND t.coder_id = study_segments.coder_id AND t.start_offset = "
          "study_segments.start_offset AND t.end_offset = study_segments.end_offset)")
        .bind("from", from)
        .bind("into", into)
        .execute();
    long long moved = 0;
    Query count(ctx_.session, "SELECT count(*) FROM study_segments WHERE code_id = :from");
    count.into(moved).bind("from", from).fetch_one();
    Query(ctx_.session,
          "UPDATE study_segments SET code_id = :into, version = version + 1 WHERE code_id = :from")
        .bind("into", into)
        .bind("from", from)
        .execute();
    // The summary of both codes is rebuilt from the segments, now all under `into`.
    Query(ctx_.session, "DELETE FROM study_response_codes WHERE code_id = :from")
        .bind("from", from)
        .execute();
    Query(ctx_.session, "DELETE FROM study_response_codes WHERE code_id = :into")
        .bind("into", into)
        .execute();
    Query(ctx_.session,
          "INSERT INTO study_response_codes (study_id, response_id, code_id, segments, "
          "first_mention) SELECT study_id, response_id, code_id, count(*), "
          "MIN(question_position * 1000000000 + start_offset) FROM study_segments WHERE code_id "
          "= :into GROUP BY study_id, response_id, code_id")
        .bind("into", into)
        .execute();
    std::string study_id;
    Query study(ctx_.session, "SELECT study_id FROM study_codes WHERE id = :into");
    if (study.into(study_id).bind("into", into).fetch_one())
      rebuild_code_pairs(ctx_.session, study_id);
    Query(ctx_.session, "UPDATE study_memos SET code_id = :into WHERE code_id = :from")
        .bind("into", into)
        .bind("from", from)
        .execute();
    Query(ctx_.session, "DELETE FROM study_suggestion_rejections WHERE code_id = :from")
        .bind("from", from)
        .execute();
    return moved;
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_segments");
  }
}

Status SqlCodebookRepository::insert_memo(const Memo& m) {
  try {
    Query(ctx_.session,
          "INSERT INTO study_memos (id, study_id, code_id, author_id, body, version, created_at, "
          "updated_at) VALUES (:id, :study_id, :code_id, :author_id, :body, :version, "
          ":created_at, :updated_at)")
        .bind("id", m.id)
        .bind("study_id", m.study_id)
        .bind("code_id", m.code_id)
        .bind("author_id", m.author_id)
        .bind("body", m.text)
        .bind("version", m.version)
        .bind("created_at", static_cast<long long>(m.created_at))
        .bind("updated_at", static_cast<long long>(m.updated_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_memos");
  }
  return ok_status();
}

Result<Memo> SqlCodebookRepository::find_memo(const std::string& id) {
  try {
    MemoRow row;
    Query q(ctx_.session,
            std::string("SELECT ") + kMemoColumns + " FROM study_memos WHERE id = :id");
    row.read_into(q);
    if (!q.bind("id", id).fetch_one()) return memo_not_found();
    return row.to_memo();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_memos");
  }
}

Status SqlCodebookRepository::update_memo(const Memo& m) {
  try {
    std::string updated;
    Query q(ctx_.session,
            "UPDATE study_memos SET body = :body, version = :version, updated_at = :updated_at "
            "WHERE id = :id AND version = :previous RETURNING id");
    q.into(updated)
        .bind("body", m.text)
        .bind("version", m.version)
        .bind("updated_at", static_cast<long long>(m.updated_at))
        .bind("id", m.id)
        .bind("previous", m.version - 1);
    if (!q.fetch_one()) return Error::conflict("The memo changed meanwhile.", "version");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_memos");
  }
  return ok_status();
}

Status SqlCodebookRepository::remove_memo(const std::string& id) {
  try {
    std::string removed;
    Query q(ctx_.session, "DELETE FROM study_memos WHERE id = :id RETURNING id");
    if (!q.into(removed).bind("id", id).fetch_one()) return memo_not_found();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_memos");
  }
  return ok_status();
}

Result<std::vector<Memo>> SqlCodebookRepository::list_memos(
    const std::string& study_id, const std::optional<std::string>& code_id) {
  std::vector<Memo> out;
  try {
    MemoRow row;
    std::string sql =
        std::string("SELECT ") + kMemoColumns + " FROM study_memos WHERE study_id = :id";
    if (code_id) sql += " AND code_id = :code_id";
    sql += " ORDER BY id";
    Query q(ctx_.session, sql);
    row.read_into(q);
    q.bind("id", study_id);
    if (code_id) q.bind("code_id", *code_id);
    q.for_each_row([&] { out.push_back(row.to_memo()); });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "study_memos");
  }
  return out;
}

}  // namespace trellis
