// Deterministic randomness for the generator.
//
// Invariant: a seed yields the same sequence on every platform, compiler and
// standard library. std::mt19937_64 is fully specified by the C++ standard;
// the distributions here are our own integer code (the std:: distributions
// are implementation-defined), and no floating-point libm function is used.
// Callers never draw twice within one expression: the evaluation order of
// operands (a() + b(), f(a(), b())) is unspecified and differs between GCC
// and Clang.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace mailgen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  uint64_t next() { return engine_(); }
  // Uniform in [0, n). Requires n > 0. Rejection sampling: no modulo bias.
  uint64_t below(uint64_t n);
  // Uniform in [lo, hi], both inclusive. Requires lo <= hi.
  int64_t between(int64_t lo, int64_t hi);
  // True with probability percent/100 (integer percent keeps it exact).
  bool percent(int percent) {
    return below(100) < static_cast<uint64_t>(percent);
  }
  // Roughly log-uniform in [lo, hi]: a power-of-two bucket is chosen
  // uniformly, then a value uniformly inside it. Requires 0 < lo <= hi.
  uint64_t log_uniform(uint64_t lo, uint64_t hi);
  // n random characters from `alphabet` (non-empty).
  std::string chars(size_t n, std::string_view alphabet);
  std::string hex(size_t n, bool upper) {
    return chars(n, upper ? "0123456789ABCDEF" : "0123456789abcdef");
  }
  // 8-4-4-4-12 hex groups, as in UUID-shaped Message-IDs and boundaries.
  std::string uuid(bool upper);

  // Uniformly chosen element of a non-empty indexable container.
  template <class C>
  const auto& pick(const C& c) {
    return c[below(std::size(c))];
  }

  // SplitMix64 finaliser: derives independent seeds, e.g. (seed, index).
  static uint64_t mix(uint64_t a, uint64_t b);

 private:
  std::mt19937_64 engine_;
};

}  // namespace mailgen
