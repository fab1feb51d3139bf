#include "store/hash_runs.hpp"

#include <algorithm>
#include <queue>

namespace leakscope {

namespace {

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

}  // namespace

std::vector<HashRunChunk> encode_hash_run(std::vector<uint64_t>& hashes) {
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  std::vector<HashRunChunk> out;
  for (size_t at = 0; at < hashes.size(); at += kHashesPerChunk) {
    const size_t end = std::min(hashes.size(), at + kHashesPerChunk);
    HashRunChunk c;
    c.count = static_cast<int64_t>(end - at);
    c.bytes.reserve((end - at) * 7);
    uint64_t prev = 0;
    for (size_t k = at; k < end; ++k) {
      put_varint(c.bytes, k == at ? hashes[k] : hashes[k] - prev);
      prev = hashes[k];
    }
    out.push_back(std::move(c));
  }
  return out;
}

bool HashRunReader::next(uint64_t* hash) {
  while (!done_) {
    if (at_ >= chunk_.size()) {
      if (!next_chunk_(context_, &chunk_)) {
        done_ = true;
        break;
      }
      at_ = 0;
      first_in_chunk_ = true;
      continue;
    }
    uint64_t v = 0;
    int shift = 0;
    bool complete = false;
    while (at_ < chunk_.size() && shift < 64) {
      const auto b = static_cast<unsigned char>(chunk_[at_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        complete = true;
        break;
      }
    }
    const bool first = first_in_chunk_;
    first_in_chunk_ = false;
    // Chunks of one run ascend too: a chunk's first hash is absolute and
    // must exceed the previous chunk's last.
    const uint64_t h = first ? v : last_ + v;
    if (!complete || (!first && (v == 0 || h < last_)) ||
        (first && h <= last_ && last_ != 0)) {
      damaged_ = true;
      done_ = true;
      break;
    }
    last_ = h;
    *hash = h;
    return true;
  }
  return false;
}

int64_t count_distinct_hashes(
    std::vector<std::unique_ptr<SortedHashStream>>& streams) {
  using Head = std::pair<uint64_t, size_t>;  // (hash, stream)
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heap;
  for (size_t k = 0; k < streams.size(); ++k) {
    uint64_t h;
    if (streams[k]->next(&h)) heap.push({h, k});
  }
  int64_t distinct = 0;
  bool any = false;
  uint64_t last = 0;
  while (!heap.empty()) {
    const auto [h, k] = heap.top();
    heap.pop();
    if (!any || h != last) ++distinct;
    any = true;
    last = h;
    uint64_t n;
    if (streams[k]->next(&n)) heap.push({n, k});
  }
  return distinct;
}

}  // namespace leakscope
