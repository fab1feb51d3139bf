// The writer's memory of interned values: (type, value) -> finding_values
// id, in one flat open-addressing table of 16-byte slots, no allocation per
// lookup. A slot keeps 88 bits of the pair's XXH3-128 (the low 64 and the
// top 24 of the high half) and a 40-bit id (ids are below 2^40). Two
// distinct pairs share 88 bits with probability about n^2 / 2^89: 1.6e-11
// for 100 million values, taken as impossible (the store's unique index,
// rebuilt after a load, would refuse such a duplicate loudly).
// Bounded: at most kMaxSlots slots (64 MiB); when it is 70% full it is
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
  static constexpr size_t kMaxSlots = size_t{1} << 22;
  static constexpr int64_t kMaxId = (int64_t{1} << 40) - 1;

  // `max_slots`: a power of two, at least 4096.
  explicit InternCache(size_t max_slots = kMaxSlots) : max_slots_(max_slots) {}
  size_t max_slots() const { return max_slots_; }

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
    const uint64_t tag = tag_of(k);
    for (size_t i = k.low64 & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      const Slot& s = slots_[i];
      if (!s.tag_id) return 0;
      if (s.low == k.low64 && (s.tag_id & kTagMask) == tag)
        return static_cast<int64_t>(s.tag_id & kIdMask);
    }
  }
  // Remembers `id` for `k`; an id outside 1 .. kMaxId is not remembered.
  void insert(const XXH128_hash_t& k, int64_t id) {
    if (id <= 0 || id > kMaxId) return;
    if ((used_ + 1) * 10 > slots_.size() * 7) grow();
    const uint64_t tag = tag_of(k);
    for (size_t i = k.low64 & (slots_.size() - 1);;
         i = (i + 1) & (slots_.size() - 1)) {
      Slot& s = slots_[i];
      if (!s.tag_id) {
        s = {k.low64, tag | (static_cast<uint64_t>(id) & kIdMask)};
        ++used_;
        return;
      }
      if (s.low == k.low64 && (s.tag_id & kTagMask) == tag) return;
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
  static constexpr uint64_t kIdMask = (uint64_t{1} << 40) - 1;
  static constexpr uint64_t kTagMask = ~kIdMask;
  static uint64_t tag_of(const XXH128_hash_t& k) { return k.high64 & kTagMask; }
  struct Slot {
    uint64_t low = 0;
    uint64_t tag_id = 0;  // top 24 bits of the high hash, 40-bit id; 0: empty
  };
  void grow() {
    if (slots_.size() >= max_slots_) {
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
      if (s.tag_id)
        insert({s.low, s.tag_id & kTagMask},
               static_cast<int64_t>(s.tag_id & kIdMask));
  }
  static XXH3_state_t* state() {
    thread_local struct Holder {
      XXH3_state_t* s = XXH3_createState();
      ~Holder() { XXH3_freeState(s); }
    } h;
    return h.s;
  }
  size_t max_slots_;
  std::vector<Slot> slots_;
  size_t used_ = 0;
  bool evicted_ = false;
};

}  // namespace leakscope
