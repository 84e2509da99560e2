#include "storage/sql/checkins/checkin_repositories.h"
#include "storage/sql/query.h"

namespace trellis {
namespace {

ConsentLevel level_of(const std::string& name) {
  return parse_consent_level(name).value_or(ConsentLevel::kNone);
}

}  // namespace

Result<Consent> SqlConsentRepository::find(const std::string& scholar_id,
                                           const std::string& program_id) {
  Consent c;
  std::string level;
  long long mentor_flag = 0, changed_at = 0;
  try {
    Query q(ctx_.session,
            "SELECT level, mentor_flag, changed_at FROM checkin_consents WHERE scholar_id = "
            ":scholar_id AND program_id = :program_id");
    q.into(level).into(mentor_flag).into(changed_at);
    q.bind("scholar_id", scholar_id).bind("program_id", program_id);
    if (!q.fetch_one()) return Error::not_found("No consent was given in this program.");
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_consents");
  }
  c.scholar_id = scholar_id;
  c.program_id = program_id;
  c.level = level_of(level);
  c.mentor_flag = mentor_flag != 0;
  c.changed_at = changed_at;
  return c;
}

Status SqlConsentRepository::save(const Consent& consent, const ConsentChange& change) {
  try {
    Query(ctx_.session,
          "INSERT INTO checkin_consents (scholar_id, program_id, level, mentor_flag, changed_at) "
          "VALUES (:scholar_id, :program_id, :level, :mentor_flag, :changed_at) ON CONFLICT "
          "(scholar_id, program_id) DO UPDATE SET level = excluded.level, mentor_flag = "
          "excluded.mentor_flag, changed_at = excluded.changed_at")
        .bind("scholar_id", consent.scholar_id)
        .bind("program_id", consent.program_id)
        .bind("level", std::string(consent_level_name(consent.level)))
        .bind("mentor_flag", static_cast<long long>(consent.mentor_flag ? 1 : 0))
        .bind("changed_at", static_cast<long long>(consent.changed_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_consents");
  }
  try {
    Query(ctx_.session,
          "INSERT INTO checkin_consent_history (id, scholar_id, program_id, level, mentor_flag, "
          "changed_at) VALUES (:id, :scholar_id, :program_id, :level, :mentor_flag, :changed_at)")
        .bind("id", change.id)
        .bind("scholar_id", change.scholar_id)
        .bind("program_id", change.program_id)
        .bind("level", std::string(consent_level_name(change.level)))
        .bind("mentor_flag", static_cast<long long>(change.mentor_flag ? 1 : 0))
        .bind("changed_at", static_cast<long long>(change.changed_at))
        .execute();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_consent_history");
  }
  return ok_status();
}

Result<std::vector<ConsentChange>> SqlConsentRepository::history(const std::string& scholar_id,
                                                                 const std::string& program_id) {
  std::vector<ConsentChange> out;
  try {
    ConsentChange row;
    std::string level;
    long long mentor_flag = 0, changed_at = 0;
    Query q(ctx_.session,
            "SELECT id, level, mentor_flag, changed_at FROM checkin_consent_history WHERE "
            "scholar_id = :scholar_id AND program_id = :program_id ORDER BY changed_at DESC, id "
            "DESC");
    q.into(row.id).into(level).into(mentor_flag).into(changed_at);
    q.bind("scholar_id", scholar_id).bind("program_id", program_id);
    q.for_each_row([&] {
      ConsentChange c{row.id,          scholar_id,       program_id,
                      level_of(level), mentor_flag != 0, changed_at};
      out.push_back(std::move(c));
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_consent_history");
  }
  return out;
}

Result<std::vector<Consent>> SqlConsentRepository::list_by_program(const std::string& program_id) {
  std::vector<Consent> out;
  try {
    std::string scholar_id, level;
    long long mentor_flag = 0, changed_at = 0;
    Query q(ctx_.session,
            "SELECT scholar_id, level, mentor_flag, changed_at FROM checkin_consents WHERE "
            "program_id = :program_id ORDER BY scholar_id");
    q.into(scholar_id).into(level).into(mentor_flag).into(changed_at);
    q.bind("program_id", program_id);
    q.for_each_row([&] {
      out.push_back({scholar_id, program_id, level_of(level), mentor_flag != 0, changed_at});
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "checkin_consents");
  }
  return out;
}

Result<bool> SqlDisclosureRepository::insert_once(const Disclosure& d) {
  std::string inserted;
  try {
    Query q(ctx_.session,
            "INSERT INTO wellbeing_disclosures (id, scholar_id, program_id, recipient, what, "
            "reference_id, disclosed_at) VALUES (:id, :scholar_id, :program_id, :recipient, "
            ":what, :reference_id, :disclosed_at) ON CONFLICT (scholar_id, recipient, what, "
            "reference_id) DO NOTHING RETURNING id");
    q.into(inserted)
        .bind("id", d.id)
        .bind("scholar_id", d.scholar_id)
        .bind("program_id", d.program_id)
        .bind("recipient", d.recipient)
        .bind("what", std::string(disclosure_kind_name(d.what)))
        .bind("reference_id", d.reference_id)
        .bind("disclosed_at", static_cast<long long>(d.disclosed_at));
    return q.fetch_one();
  } catch (const std::exception& e) {
    return ctx_.fail(e, "wellbeing_disclosures");
  }
}

Result<std::vector<Disclosure>> SqlDisclosureRepository::list_by_scholar(
    const std::string& scholar_id, const std::string& program_id) {
  std::vector<Disclosure> out;
  try {
    Disclosure row;
    std::string what;
    long long at = 0;
    Query q(ctx_.session,
            "SELECT id, recipient, what, reference_id, disclosed_at FROM wellbeing_disclosures "
            "WHERE scholar_id = :scholar_id AND program_id = :program_id ORDER BY disclosed_at "
            "DESC, id DESC");
    q.into(row.id).into(row.recipient).into(what).into(row.reference_id).into(at);
    q.bind("scholar_id", scholar_id).bind("program_id", program_id);
    q.for_each_row([&] {
      Disclosure d = row;
      d.scholar_id = scholar_id;
      d.program_id = program_id;
      d.what = parse_disclosure_kind(what).value_or(DisclosureKind::kAlert);
      d.disclosed_at = at;
      out.push_back(std::move(d));
    });
  } catch (const std::exception& e) {
    return ctx_.fail(e, "wellbeing_disclosures");
  }
  return out;
}

}  // namespace trellis
