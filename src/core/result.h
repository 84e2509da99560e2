// Result<T>: a value or an Error, returned by every operation that can fail in an expected way.
//
//   Result<User> r = users.find(id);
//   if (!r) return r.error();
//   use(*r);
//
// TRY(expr) propagates the error of a Result in one line (a GCC/Clang statement expression):
//   User u = TRY(users.find(id));
// Status is Result<void>: success carries no value.
// Exceptions are kept for programmer errors and for failures that abort a whole operation.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.h"

namespace trellis {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(data_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(data_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(data_));
  }

  // For TRY: moves the value out.
  T release_value() { return std::get<0>(std::move(data_)); }

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }
  void release_value() {}

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status ok_status() {
  return {};
}

}  // namespace trellis

// Evaluates a Result expression; on error returns that error from the enclosing function,
// otherwise yields the value. The temporary's name is unique per use, so TRY nests (a TRY inside
// a lambda passed to a TRY) without shadowing.
#define TRELLIS_CONCAT_INNER(a, b) a##b
#define TRELLIS_CONCAT(a, b) TRELLIS_CONCAT_INNER(a, b)
#define TRY(expr) TRELLIS_TRY_IMPL(expr, TRELLIS_CONCAT(trellis_try_, __COUNTER__))
#define TRELLIS_TRY_IMPL(expr, name)                \
  __extension__({                                   \
    auto name = (expr);                             \
    if (!name.ok()) return std::move(name).error(); \
    name.release_value();                           \
  })
