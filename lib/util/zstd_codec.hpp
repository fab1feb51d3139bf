// zstd helpers: one-shot compression of item text for the store, and a
// streaming decompressor for `.zst` evidence files.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace leakscope {

// Compresses with a per-thread reusable context. Level 1 favours ingest speed.
std::string zstd_compress(std::string_view plain, int level = 1);
// Decompresses a frame written by zstd_compress. Throws on damage.
std::string zstd_decompress(std::string_view frame);

// Streaming decompression. feed() compressed bytes, and the callback receives
// decompressed output in pieces. Bounded memory: one input and one output
// buffer. Throws std::runtime_error naming the zstd error on damage.
class ZstdStreamDecoder {
 public:
  ZstdStreamDecoder();
  ~ZstdStreamDecoder();
  template <typename F>
  void feed(std::string_view in, F&& on_output) {
    feed_impl(
        in,
        [](void* ctx, std::string_view out) { (*static_cast<F*>(ctx))(out); },
        &on_output);
  }
  // True when the last frame ended cleanly (no partial frame pending).
  bool at_frame_boundary() const { return at_boundary_; }

 private:
  void feed_impl(std::string_view in, void (*cb)(void*, std::string_view),
                 void* ctx);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool at_boundary_ = true;
};

}  // namespace leakscope
