// MembershipListener: told, inside the transaction that made the change, when someone gains a
// role in a cohort or their role or stream changes. The assessment service listens so that
// people who join after a round opened get that round's assignments. Declared here, at the
// root of the layer, so that accounts and programs can tell it without knowing assessments.
#pragma once

#include "core/clock.h"
#include "domain/people.h"
#include "storage/repositories.h"

namespace trellis {

class MembershipListener {
 public:
  virtual ~MembershipListener() = default;
  // Runs in the caller's transaction; an error undoes the membership change too.
  virtual Status membership_changed(Repositories& r, const Membership& membership,
                                    Timestamp now) = 0;
};

}  // namespace trellis
