#include "rng.hpp"

namespace mailgen {

uint64_t Rng::below(uint64_t n) {
  // Accept only draws below the largest multiple of n; the rest would bias.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return x % n;
}

int64_t Rng::between(int64_t lo, int64_t hi) {
  return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
}

uint64_t Rng::log_uniform(uint64_t lo, uint64_t hi) {
  int lo_bit = 63 - __builtin_clzll(lo);
  int hi_bit = 63 - __builtin_clzll(hi);
  int bit = static_cast<int>(between(lo_bit, hi_bit));
  uint64_t from = bit == lo_bit ? lo : (uint64_t{1} << bit);
  uint64_t to = bit == hi_bit ? hi : (uint64_t{1} << (bit + 1)) - 1;
  return from + below(to - from + 1);
}

std::string Rng::chars(size_t n, std::string_view alphabet) {
  std::string s(n, '\0');
  for (char& c : s) c = alphabet[below(alphabet.size())];
  return s;
}

std::string Rng::uuid(bool upper) {
  std::string u;
  for (size_t n : {8, 4, 4, 4, 12}) {
    if (!u.empty()) u += '-';
    u += hex(n, upper);
  }
  return u;
}

uint64_t Rng::mix(uint64_t a, uint64_t b) {
  uint64_t z = a + 0x9E3779B97F4A7C15ull * (b + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace mailgen
