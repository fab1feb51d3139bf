// Sorted runs of SQL row content hashes (the rows' `_hash`), kept beside the
// row tables so that "unique rows" is a merge of sorted streams rather than
// a distinct-count over every row at report time (STORE.md, "Row hashes").
//
// A run is the distinct hashes of a stretch of one table's rows, ascending,
// split into chunks of at most kHashesPerChunk. A chunk is stored as LEB128
// varints: the first hash as is, each next one as its difference from the
// previous (always > 0). The producer of a table's rows writes one run per
// kHashesPerRun rows at most, so its memory stays bounded whatever the
// table's size; a table with several runs, or a table that also exists in
// another backup, is merged when measured.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leakscope {

inline constexpr size_t kHashesPerChunk = 65536;
inline constexpr size_t kHashesPerRun = size_t{4} << 20;  // 32 MiB of hashes

struct HashRunChunk {
  int64_t count = 0;  // hashes in `bytes`
  std::string bytes;  // delta varints
};

// Sorts and de-duplicates `hashes` in place and encodes them as chunks.
std::vector<HashRunChunk> encode_hash_run(std::vector<uint64_t>& hashes);

// A source of ascending distinct hashes (one run, or a legacy table's
// `_hash` column read in order).
class SortedHashStream {
 public:
  virtual ~SortedHashStream() = default;
  // The next hash, or false at the end.
  virtual bool next(uint64_t* hash) = 0;
};

// Reads the chunks of one run in order. `next_chunk` hands over the next
// chunk's bytes (false at the end of the run); the reader keeps a copy, so
// the bytes need not outlive the call. A chunk that ends inside a varint,
// or a difference of 0, ends the run early (a damaged store is counted as
// far as it can be read) and sets damaged().
class HashRunReader : public SortedHashStream {
 public:
  using ChunkSource = bool (*)(void* context, std::string* bytes);
  HashRunReader(ChunkSource next_chunk, void* context)
      : next_chunk_(next_chunk), context_(context) {}
  bool next(uint64_t* hash) override;
  bool damaged() const { return damaged_; }

 private:
  ChunkSource next_chunk_;
  void* context_;
  std::string chunk_;
  size_t at_ = 0;
  uint64_t last_ = 0;
  bool first_in_chunk_ = true;
  bool done_ = false;
  bool damaged_ = false;
};

// The number of distinct hashes over all streams (a k-way merge: memory is
// one hash per stream).
int64_t count_distinct_hashes(
    std::vector<std::unique_ptr<SortedHashStream>>& streams);

}  // namespace leakscope
