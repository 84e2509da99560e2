// ProgramRepository, CohortRepository and StreamRepository on both backends.
#include "store_fixture.h"

namespace trellis::test {
namespace {

using ProgramsTest = StoreTest;

TEST_F(ProgramsTest, InsertFindUpdate) {
  Program p = program("Fellowship");
  ASSERT_OK(write([&](Repositories& r) { return r.programs().insert(p); }));
  auto found = read<Program>([&](Repositories& r) { return r.programs().find(p.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->name, "Fellowship");
  EXPECT_EQ(found->description, "A research program");
  EXPECT_EQ(found->min_group_size, 5);
  EXPECT_EQ(found->created_at, p.created_at);

  p.name = "Fellowship II";
  p.description = "";
  p.min_group_size = 7;
  ASSERT_OK(write([&](Repositories& r) { return r.programs().update(p); }));
  auto by_name =
      read<Program>([&](Repositories& r) { return r.programs().find_by_name("Fellowship II"); });
  ASSERT_OK(by_name);
  EXPECT_EQ(by_name->id, p.id);
  EXPECT_EQ(by_name->description, "");
  EXPECT_EQ(by_name->min_group_size, 7);
}

TEST_F(ProgramsTest, MissingProgramsAreNotFound) {
  auto find = read<Program>([&](Repositories& r) { return r.programs().find(new_id()); });
  EXPECT_EQ(find.error().code, ErrorCode::kNotFound);
  auto by_name = read<Program>([&](Repositories& r) { return r.programs().find_by_name("x"); });
  EXPECT_EQ(by_name.error().code, ErrorCode::kNotFound);
  Status update = write([&](Repositories& r) { return r.programs().update(program("x")); });
  EXPECT_EQ(update.error().code, ErrorCode::kNotFound);
}

TEST_F(ProgramsTest, DuplicateNameIsAConflictOnName) {
  ASSERT_OK(write([&](Repositories& r) { return r.programs().insert(program("Fellowship")); }));
  Status again = write([&](Repositories& r) { return r.programs().insert(program("Fellowship")); });
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "name");

  Program other = program("Other");
  ASSERT_OK(write([&](Repositories& r) { return r.programs().insert(other); }));
  other.name = "Fellowship";
  Status renamed = write([&](Repositories& r) { return r.programs().update(other); });
  EXPECT_EQ(renamed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(renamed.error().field, "name");
}

TEST_F(ProgramsTest, GroupSizeBelowThreeIsRejectedByTheSchema) {
  Program p = program("Tiny");
  p.min_group_size = 2;
  Status s = write([&](Repositories& r) { return r.programs().insert(p); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(s.error().field, "min_group_size");
}

TEST_F(ProgramsTest, ListPages) {
  ASSERT_OK(write([&](Repositories& r) -> Status {
    for (int i = 0; i < 5; ++i) TRY(r.programs().insert(program("P" + std::to_string(i))));
    return ok_status();
  }));
  PageRequest page;
  page.limit = 3;
  auto first = read<Page<Program>>([&](Repositories& r) { return r.programs().list(page); });
  ASSERT_OK(first);
  EXPECT_EQ(first->items.size(), 3u);
  page.after = first->next_cursor;
  auto second = read<Page<Program>>([&](Repositories& r) { return r.programs().list(page); });
  ASSERT_OK(second);
  EXPECT_EQ(second->items.size(), 2u);
  EXPECT_TRUE(second->next_cursor.empty());
}

using CohortsTest = StoreTest;

TEST_F(CohortsTest, InsertFindUpdateList) {
  Program p = program("Fellowship");
  Cohort c = cohort(p.id, "Winter 2027");
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.programs().insert(p));
    return r.cohorts().insert(c);
  }));
  auto found = read<Cohort>([&](Repositories& r) { return r.cohorts().find(c.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->program_id, p.id);
  EXPECT_EQ(found->name, "Winter 2027");
  EXPECT_EQ(found->starts_on, "2027-01-11");
  EXPECT_EQ(found->ends_on, "2027-05-07");
  EXPECT_EQ(found->timezone, "Europe/Berlin");

  c.name = "Spring 2027";
  c.starts_on = "2027-03-01";
  c.ends_on = "2027-06-30";
  c.timezone = "UTC";
  ASSERT_OK(write([&](Repositories& r) { return r.cohorts().update(c); }));
  found = read<Cohort>([&](Repositories& r) { return r.cohorts().find(c.id); });
  EXPECT_EQ(found->name, "Spring 2027");
  EXPECT_EQ(found->starts_on, "2027-03-01");
  EXPECT_EQ(found->timezone, "UTC");

  auto listed = read<Page<Cohort>>(
      [&](Repositories& r) { return r.cohorts().list_by_program(p.id, PageRequest{}); });
  ASSERT_OK(listed);
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, c.id);
}

TEST_F(CohortsTest, MissingCohortsAreNotFound) {
  auto find = read<Cohort>([&](Repositories& r) { return r.cohorts().find(new_id()); });
  EXPECT_EQ(find.error().code, ErrorCode::kNotFound);
  Status update = write([&](Repositories& r) { return r.cohorts().update(cohort(new_id(), "x")); });
  EXPECT_EQ(update.error().code, ErrorCode::kNotFound);
}

TEST_F(CohortsTest, NameIsUniqueWithinAProgramOnly) {
  Program a = program("A");
  Program b = program("B");
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.programs().insert(a));
    TRY(r.programs().insert(b));
    return r.cohorts().insert(cohort(a.id, "Winter"));
  }));
  Status same_program =
      write([&](Repositories& r) { return r.cohorts().insert(cohort(a.id, "Winter")); });
  EXPECT_EQ(same_program.error().code, ErrorCode::kConflict);
  EXPECT_EQ(same_program.error().field, "name");
  EXPECT_EQ(same_program.error().message,
            "A cohort with this name already exists in this program.");
  ASSERT_OK(write([&](Repositories& r) { return r.cohorts().insert(cohort(b.id, "Winter")); }));
}

TEST_F(CohortsTest, UnknownProgramIsInvalidOnProgramId) {
  Status s = write([&](Repositories& r) { return r.cohorts().insert(cohort(new_id(), "Winter")); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(s.error().field, "program_id");
}

TEST_F(CohortsTest, ListByProgramPagesAndKeepsProgramsApart) {
  Program a = program("A");
  Program b = program("B");
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.programs().insert(a));
    TRY(r.programs().insert(b));
    for (int i = 0; i < 7; ++i) TRY(r.cohorts().insert(cohort(a.id, "C" + std::to_string(i))));
    return r.cohorts().insert(cohort(b.id, "Only"));
  }));
  PageRequest page;
  page.limit = 4;
  auto first =
      read<Page<Cohort>>([&](Repositories& r) { return r.cohorts().list_by_program(a.id, page); });
  ASSERT_OK(first);
  EXPECT_EQ(first->items.size(), 4u);
  page.after = first->next_cursor;
  auto second =
      read<Page<Cohort>>([&](Repositories& r) { return r.cohorts().list_by_program(a.id, page); });
  EXPECT_EQ(second->items.size(), 3u);
  EXPECT_TRUE(second->next_cursor.empty());
  for (const Cohort& c : second->items) EXPECT_EQ(c.program_id, a.id);
}

using StreamsTest = StoreTest;

TEST_F(StreamsTest, InsertFindUpdateListAndUniqueness) {
  Program p = program("Fellowship");
  Cohort c1 = cohort(p.id, "Winter");
  Cohort c2 = cohort(p.id, "Summer");
  Stream s = stream(c1.id, "Interpretability");
  ASSERT_OK(write([&](Repositories& r) -> Status {
    TRY(r.programs().insert(p));
    TRY(r.cohorts().insert(c1));
    TRY(r.cohorts().insert(c2));
    TRY(r.streams().insert(s));
    return r.streams().insert(stream(c1.id, "Governance"));
  }));
  auto found = read<Stream>([&](Repositories& r) { return r.streams().find(s.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->cohort_id, c1.id);
  EXPECT_EQ(found->name, "Interpretability");

  s.name = "Mechanistic interpretability";
  ASSERT_OK(write([&](Repositories& r) { return r.streams().update(s); }));
  auto listed =
      read<std::vector<Stream>>([&](Repositories& r) { return r.streams().list_by_cohort(c1.id); });
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 2u);
  // Ids made in the same millisecond need not sort in creation order, so look the stream up.
  EXPECT_LT((*listed)[0].id, (*listed)[1].id);
  const Stream& renamed = (*listed)[0].id == s.id ? (*listed)[0] : (*listed)[1];
  EXPECT_EQ(renamed.id, s.id);
  EXPECT_EQ(renamed.name, "Mechanistic interpretability");

  Status dup =
      write([&](Repositories& r) { return r.streams().insert(stream(c1.id, "Governance")); });
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "name");
  ASSERT_OK(
      write([&](Repositories& r) { return r.streams().insert(stream(c2.id, "Governance")); }));

  Status orphan = write([&](Repositories& r) { return r.streams().insert(stream(new_id(), "X")); });
  EXPECT_EQ(orphan.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(orphan.error().field, "cohort_id");

  auto missing = read<Stream>([&](Repositories& r) { return r.streams().find(new_id()); });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  Status update_missing =
      write([&](Repositories& r) { return r.streams().update(stream(c1.id, "Y")); });
  EXPECT_EQ(update_missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace trellis::test
