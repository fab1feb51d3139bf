// libFuzzer target: the MS-XCA LZ77+Huffman decompressor and the MSSQLBAK
// container reader over arbitrary bytes.
//
// Input that starts with "MSSQLBAK" goes to the container reader whole (so a
// real compressed backup is a good seed). Otherwise byte 0 picks a mode and
// bytes 1..3 a size, and the rest is the payload:
//   mode % 4 == 0  decompress with that expected size (< 128 KiB)
//   mode % 4 == 1  decompress with the size unknown (end-of-data symbol)
//   mode % 4 == 2  container reader over a version 2 header + the payload
//   mode % 4 == 3  decompress with the size rounded to 512-byte units, as
//                  the container does, and check the end-of-data symbol
// Invariants checked: a success yields exactly the expected size; a failure
// always says why; the reader's pieces add up to what it reports.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "compressed_backup.hpp"
#include "xpress_huffman.hpp"

namespace {

using namespace leakscope::mtf;

void check(bool ok) {
  if (!ok) std::abort();
}

void decompress(std::string_view in, size_t expected) {
  std::string out, error;
  XpressResult r;
  const bool ok = xpress_huffman_decompress(in, expected, &out, &error, &r);
  if (ok) {
    check(expected == kXpressUnknownSize ? out.size() <= kXpressMaxUnknownOutput
                                         : out.size() == expected);
    check(r.consumed <= in.size());
  } else {
    check(error.rfind("xpress: input offset ", 0) == 0);
  }
}

void read_container(std::string_view file, size_t piece) {
  size_t pos = 0;
  size_t calls = 0;
  CompressedBackupReader reader([&]() -> std::string_view {
    ++calls;
    const auto v = file.substr(pos, piece);
    pos += v.size();
    return v;
  });
  uint64_t total = 0;
  for (auto c = reader.next(); !c.empty(); c = reader.next()) {
    check(c.size() <= 255 * kChunkUnit);
    total += c.size();
  }
  check(reader.next().empty());
  check(total == reader.output_offset());
  check(reader.file_offset() <= file.size());
  check(calls <= file.size() / (piece ? piece : 1) + 3);
  if (reader.finished()) {
    check(reader.error().empty());
  } else {
    check(reader.error().rfind("compressed backup: file offset ", 0) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (looks_like_compressed_backup(in)) {
    read_container(in, 1 + size % 8191);
    return 0;
  }
  if (size < 4) return 0;
  const uint8_t mode = data[0];
  const size_t n = data[1] | data[2] << 8 | (data[3] & 1) << 16;
  const std::string_view body = in.substr(4);
  switch (mode % 4) {
    case 0:
      decompress(body, n);
      break;
    case 1:
      decompress(body, kXpressUnknownSize);
      break;
    case 2: {
      std::string file(kCompressedHeaderSize, '\0');
      std::memcpy(file.data(), "MSSQLBAK\x02\0\0\0\x03\0\0\0", 16);
      file.append(body);
      read_container(file, 1 + (mode >> 2) * 97);
      break;
    }
    default: {
      std::string out, error;
      XpressResult r;
      const size_t want = (n >> 9 & 0xFF) * kChunkUnit;
      if (xpress_huffman_decompress(body, want, &out, &error, &r))
        check(out.size() == want);
      break;
    }
  }
  return 0;
}
