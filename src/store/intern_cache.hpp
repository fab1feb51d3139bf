// The writer's memory of interned values: (type, value) -> finding_values
// id, keyed by the 128-bit XXH3 of the pair (a collision between two
// distinct pairs is a 2^-128 event, taken as impossible) in one flat
// open-addressing table: 24 bytes an entry, no allocation per lookup.
// Bounded: at most kMaxSlots slots (48 MiB); when it is 70% full it is
// emptied and evicted() says so (a miss may then be an old value).
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace leakscope {

class InternCache {
 public:
  static constexpr size_t kMaxSlots = size_t{1} << 21;

  // The key of (a, b): XXH3-128 of a, a NUL byte, b.
  static XXH128_hash_t key(const std::string& a, const std::string& b) {
    // Short pairs (nearly all) hash in one call from a stack buffer; the
    // streaming state costs more than the hash itself for a few bytes.
    char buf[256];
    if (a.size() + b.size() < sizeof buf) {
      std::memcpy(buf, a.data(), a.size());
      buf[a.size()] = '\0';
      std::memcpy(buf + a.size() + 1, b.data(), b.size());
      return XXH3_128bits(buf, a.size() + 1 + b.size());
    }
    XXH3_state_t* st = state();
    XXH3_128bits_reset(st);
    XXH3_128bits_update(st, a.data(), a.size());
    const char sep = '\0';
    XXH3_128bits_update(st, &sep, 1);
    XXH3_128bits_update(st, b.data(), b.size());
    return XXH3_128bits_digest(st);
  }
  // The id remembered for `k`, or 0.
  int64_t find(const XXH128_hash_t& k) const {
    if (slots_.empty()) return 0;
    for (size_t i = k.low64 & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (!s.id) return 0;
      if (s.low == k.low64 && s.high == k.high64) return s.id;
    }
  }
  void insert(const XXH128_hash_t& k, int64_t id) {
    if ((used_ + 1) * 10 > slots_.size() * 7) grow();
    for (size_t i = k.low64 & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (!s.id) {
        s = {k.low64, k.high64, id};
        ++used_;
        return;
      }
      if (s.low == k.low64 && s.high == k.high64) return;
    }
  }
  void clear() {
    std::vector<Slot>().swap(slots_);
    used_ = 0;
  }
  // Empty, as if new (evicted() false again).
  void reset() {
    clear();
    evicted_ = false;
  }
  size_t size() const { return used_; }
  bool evicted() const { return evicted_; }

 private:
  struct Slot {
    uint64_t low = 0, high = 0;
    int64_t id = 0;  // 0: empty
  };
  void grow() {
    if (slots_.size() >= kMaxSlots) {
      // Full: start again (bounded memory), remembering that it happened.
      std::fill(slots_.begin(), slots_.end(), Slot());
      used_ = 0;
      evicted_ = true;
      return;
    }
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 4096 : old.size() * 2, Slot());
    used_ = 0;
    for (const Slot& s : old)
      if (s.id) insert({s.low, s.high}, s.id);
  }
  static XXH3_state_t* state() {
    thread_local struct Holder {
      XXH3_state_t* s = XXH3_createState();
      ~Holder() { XXH3_freeState(s); }
    } h;
    return h.s;
  }
  std::vector<Slot> slots_;
  size_t used_ = 0;
  bool evicted_ = false;
};

}  // namespace leakscope
