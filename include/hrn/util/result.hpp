#pragma once
// A value or an expected failure. Expected failures (bad input, a lying
// upstream, a timeout) are values so every caller sees them in the type;
// exceptions are kept for bugs and start-up failures.

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace hrn {

// `code` is a stable snake_case identifier shared by the CLI and the HTTP API
// (other programs match on it); `message` is one line saying what to fix.
struct error {
  std::string code;
  std::string message;

  friend bool operator==(const error&, const error&) = default;
};

template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  result(error err) : v_(std::in_place_index<1>, std::move(err)) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const error& err() const& { assert(!ok()); return std::get<1>(v_); }
  error&& err() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, error> v_;
};

// For operations that produce nothing but may fail.
struct unit {
  friend bool operator==(unit, unit) = default;
};
using status = result<unit>;
inline status ok_status() { return unit{}; }

// `code` is a module's constant (see <module>/errors.hpp).
inline error make_error(std::string_view code, std::string message) {
  return error{std::string(code), std::move(message)};
}

}  // namespace hrn
