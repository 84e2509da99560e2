// MembershipRepository on both backends.
#include "store_fixture.h"

namespace trellis::test {
namespace {

class MembershipsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ada_ = user("ada@example.org");
    grace_ = user("grace@example.org");
    program_ = program("Fellowship");
    cohort_ = cohort(program_.id, "Winter");
    other_cohort_ = cohort(program_.id, "Summer");
    stream_ = stream(cohort_.id, "Interpretability");
    other_stream_ = stream(other_cohort_.id, "Governance");
    ASSERT_OK(write([&](Repositories& r) -> Status {
      TRY(r.users().insert(ada_, "h"));
      TRY(r.users().insert(grace_, "h"));
      TRY(r.programs().insert(program_));
      TRY(r.cohorts().insert(cohort_));
      TRY(r.cohorts().insert(other_cohort_));
      TRY(r.streams().insert(stream_));
      return r.streams().insert(other_stream_);
    }));
  }

  Status insert(const Membership& m) {
    return write([&](Repositories& r) { return r.memberships().insert(m); });
  }

  User ada_, grace_;
  Program program_;
  Cohort cohort_, other_cohort_;
  Stream stream_, other_stream_;
};

TEST_F(MembershipsTest, InsertFindRemove) {
  Membership m = membership(ada_.id, cohort_.id, Role::kMentor);
  m.stream_id = stream_.id;
  ASSERT_OK(insert(m));
  auto found = read<Membership>([&](Repositories& r) { return r.memberships().find(m.id); });
  ASSERT_OK(found);
  EXPECT_EQ(found->user_id, ada_.id);
  EXPECT_EQ(found->cohort_id, cohort_.id);
  EXPECT_EQ(found->role, Role::kMentor);
  EXPECT_EQ(found->stream_id, stream_.id);
  EXPECT_EQ(found->created_at, m.created_at);

  Membership no_stream = membership(ada_.id, cohort_.id, Role::kOrganizer);
  ASSERT_OK(insert(no_stream));
  found = read<Membership>([&](Repositories& r) { return r.memberships().find(no_stream.id); });
  ASSERT_OK(found);
  EXPECT_FALSE(found->stream_id.has_value());

  ASSERT_OK(write([&](Repositories& r) { return r.memberships().remove(m.id); }));
  auto gone = read<Membership>([&](Repositories& r) { return r.memberships().find(m.id); });
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  Status again = write([&](Repositories& r) { return r.memberships().remove(m.id); });
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_F(MembershipsTest, SameRoleTwiceIsAConflictButAnotherRoleIsFine) {
  ASSERT_OK(insert(membership(ada_.id, cohort_.id, Role::kScholar)));
  Status dup = insert(membership(ada_.id, cohort_.id, Role::kScholar));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "role");
  EXPECT_EQ(dup.error().message, "This person already has that role in this cohort.");
  ASSERT_OK(insert(membership(ada_.id, cohort_.id, Role::kAnalyst)));
  ASSERT_OK(insert(membership(ada_.id, other_cohort_.id, Role::kScholar)));
}

TEST_F(MembershipsTest, UnknownReferencesAreInvalidNamingTheField) {
  Status no_user = insert(membership(new_id(), cohort_.id, Role::kScholar));
  EXPECT_EQ(no_user.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(no_user.error().field, "user_id");

  Status no_cohort = insert(membership(ada_.id, new_id(), Role::kScholar));
  EXPECT_EQ(no_cohort.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(no_cohort.error().field, "cohort_id");

  Membership no_stream = membership(ada_.id, cohort_.id, Role::kScholar);
  no_stream.stream_id = new_id();
  Status s = insert(no_stream);
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(s.error().field, "stream_id");
}

TEST_F(MembershipsTest, StreamMustBelongToTheSameCohort) {
  Membership m = membership(ada_.id, cohort_.id, Role::kScholar);
  m.stream_id = other_stream_.id;
  Status s = insert(m);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(s.error().field, "stream_id");
}

TEST_F(MembershipsTest, ListByCohortFiltersAndPages) {
  ASSERT_OK(write([&](Repositories& r) -> Status {
    for (int i = 0; i < 30; ++i) {
      User u = user("s" + std::to_string(i) + "@x.org");
      TRY(r.users().insert(u, "h"));
      Membership m = membership(u.id, cohort_.id, i % 3 == 0 ? Role::kMentor : Role::kScholar);
      if (i % 2 == 0) m.stream_id = stream_.id;
      TRY(r.memberships().insert(m));
    }
    return r.memberships().insert(membership(ada_.id, other_cohort_.id, Role::kScholar));
  }));

  auto count = [&](MembershipFilter filter, int limit) {
    std::size_t total = 0;
    PageRequest page;
    page.limit = limit;
    for (int guard = 0; guard < 100; ++guard) {
      auto p = read<Page<Membership>>([&](Repositories& r) {
        return r.memberships().list_by_cohort(cohort_.id, filter, page);
      });
      EXPECT_TRUE(p.ok());
      if (!p.ok()) break;
      for (const Membership& m : p->items) {
        EXPECT_EQ(m.cohort_id, cohort_.id);
        if (filter.role) {
          EXPECT_EQ(m.role, *filter.role);
        }
        if (filter.stream_id) {
          EXPECT_EQ(m.stream_id, filter.stream_id);
        }
      }
      total += p->items.size();
      if (p->next_cursor.empty()) break;
      page.after = p->next_cursor;
    }
    return total;
  };
  EXPECT_EQ(count({}, 7), 30u);
  EXPECT_EQ(count({Role::kMentor, std::nullopt}, 4), 10u);
  EXPECT_EQ(count({std::nullopt, stream_.id}, 50), 15u);
  EXPECT_EQ(count({Role::kMentor, stream_.id}, 50), 5u);  // i = 0, 6, 12, 18, 24
}

TEST_F(MembershipsTest, ListByUserGivesEveryCohort) {
  ASSERT_OK(insert(membership(ada_.id, cohort_.id, Role::kScholar)));
  ASSERT_OK(insert(membership(ada_.id, other_cohort_.id, Role::kMentor)));
  ASSERT_OK(insert(membership(grace_.id, cohort_.id, Role::kScholar)));
  auto mine = read<std::vector<Membership>>(
      [&](Repositories& r) { return r.memberships().list_by_user(ada_.id); });
  ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 2u);
  for (const Membership& m : *mine) EXPECT_EQ(m.user_id, ada_.id);
}

TEST_F(MembershipsTest, GrantsJoinEachRoleWithItsCohortsProgram) {
  Membership scholar = membership(ada_.id, cohort_.id, Role::kScholar);
  scholar.stream_id = stream_.id;
  ASSERT_OK(insert(scholar));
  ASSERT_OK(insert(membership(ada_.id, other_cohort_.id, Role::kAlumnus)));
  ASSERT_OK(insert(membership(grace_.id, cohort_.id, Role::kOrganizer)));
  auto grants = read<std::vector<Grant>>(
      [&](Repositories& r) { return r.memberships().list_grants(ada_.id); });
  ASSERT_OK(grants);
  ASSERT_EQ(grants->size(), 2u);
  // Ids made in the same millisecond need not sort in creation order: find each by role.
  if ((*grants)[0].role != Role::kScholar) std::swap((*grants)[0], (*grants)[1]);
  const Grant& first = (*grants)[0];
  EXPECT_EQ(first.program_id, program_.id);
  EXPECT_EQ(first.cohort_id, cohort_.id);
  EXPECT_EQ(first.role, Role::kScholar);
  EXPECT_EQ(first.stream_id, stream_.id);
  const Grant& second = (*grants)[1];
  EXPECT_EQ(second.cohort_id, other_cohort_.id);
  EXPECT_EQ(second.role, Role::kAlumnus);
  EXPECT_TRUE(second.stream_id.empty());
  auto none = read<std::vector<Grant>>(
      [&](Repositories& r) { return r.memberships().list_grants(new_id()); });
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace trellis::test
