// libFuzzer target: archives and compressed streams through libarchive
// (7z, rar, tar, cab, iso9660, cpio, ar, gzip, bzip2, xz, lzma, zstd), the
// entries opened recursively under the dispatcher's limits. The kind is
// identified from the bytes as ingest does; bytes of no archive kind are
// read as each kind in turn by their first byte's choice.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "ingest/content_dispatch.hpp"
#include "leakscope/format.hpp"
#include "leakscope/reporter.hpp"

using leakscope::fuzz::NullSink;

namespace {
constexpr const char* kKinds[] = {"7z",      "rar",  "tar",  "cab",
                                  "iso9660", "cpio", "ar",   "gzip",
                                  "bzip2",   "xz",   "lzma", "zstd"};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  NullSink sink;
  leakscope::CollectingReporter rep;
  const leakscope::DispatchLimits limits = leakscope::fuzz::small_limits();
  leakscope::ContentDispatcher d(limits);
  std::string kind = leakscope::identify(bytes);
  bool known = false;
  for (const char* k : kKinds) known = known || kind == k;
  if (!known) kind = kKinds[data[0] % (sizeof kKinds / sizeof kKinds[0])];
  bool given = false;
  leakscope::emit_stream_archive(
      kind,
      [&]() -> std::string_view {
        if (given) return {};
        given = true;
        return bytes;
      },
      "", bytes.size(), "fuzz.bin", "fuzz.bin", leakscope::kNoParent, 0, sink,
      rep, d, d.limits(), d.budget());
  return 0;
}
