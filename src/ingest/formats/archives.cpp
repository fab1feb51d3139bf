// Archives and compressed streams through libarchive (parsers/archive/
// stream_archive; FORMAT.md there).
#include <cstdint>

#include "ingest/content_dispatch.hpp"
#include "ingest/formats/formats.hpp"
#include "util/sha256.hpp"

namespace leakscope::formats {

namespace {

bool recognise_zstd(std::string_view b) {
  return starts(b, "\x28\xB5\x2F\xFD");
}
bool recognise_7z(std::string_view b) {
  return starts(b, "7z\xBC\xAF\x27\x1C");
}
bool recognise_rar(std::string_view b) { return starts(b, "Rar!\x1A\x07"); }
bool recognise_xz(std::string_view b) {
  return starts(b, std::string_view("\xFD"
                                    "7zXZ\x00",
                                    6));
}
bool recognise_bzip2(std::string_view b) {
  return b.size() >= 4 && starts(b, "BZh") && b[3] >= '1' && b[3] <= '9';
}
bool recognise_cab(std::string_view b) {
  return starts(b, std::string_view("MSCF\0\0\0\0", 8));
}
bool recognise_ar(std::string_view b) { return starts(b, "!<arch>\n"); }
bool recognise_cpio(std::string_view b) {
  return starts(b, "070701") || starts(b, "070702") || starts(b, "070707");
}
// A tar header block: "ustar" at offset 257 (POSIX and GNU tar).
bool recognise_tar(std::string_view b) {
  return b.size() >= 512 && b.substr(257, 5) == "ustar";
}
// An ISO 9660 volume descriptor ("CD001") at sector 16.
bool recognise_iso9660(std::string_view b) {
  return b.size() >= 0x8006 && b.substr(0x8001, 5) == "CD001";
}
bool recognise_gzip(std::string_view b) { return starts(b, "\x1F\x8B"); }
// A .lzma ("LZMA alone") header as the lzma tool writes it: the usual
// properties byte, and an unknown (all ones) or plausible expanded size.
bool recognise_lzma(std::string_view b) {
  if (b.size() < 13 || static_cast<uint8_t>(b[0]) != 0x5D) return false;
  if (b[1] != 0 || b[2] != 0) return false;
  uint64_t size = 0;
  for (int i = 12; i >= 5; --i)
    size = size << 8 | static_cast<uint8_t>(b[static_cast<size_t>(i)]);
  return size == ~uint64_t{0} || size < (uint64_t{1} << 40);
}

void parse_archive(const FormatInput& in, FormatContext& ctx) {
  if (in.source) {
    // Read as it streams in; the file's hash is the source's.
    emit_stream_archive(in.kind, in.pull, "", in.size, in.locator, in.locator,
                        kNoParent, 0, ctx.sink, ctx.reporter, ctx.children,
                        ctx.limits, ctx.budget, in.path);
    return;
  }
  bool given = false;
  auto pull = [&]() -> std::string_view {
    if (given) return {};
    given = true;
    return in.bytes;
  };
  emit_stream_archive(in.kind, pull, Sha256::hex(in.bytes), in.bytes.size(),
                      in.name, in.locator, in.parent, in.depth, ctx.sink,
                      ctx.reporter, ctx.children, ctx.limits, ctx.budget);
}

}  // namespace

// An archive format: a container, opened only with documents on.
constexpr FormatDescriptor archive_format(const char* name, const char* summary,
                                          bool (*recognise)(std::string_view)) {
  return {name, summary, recognise, true, true, parse_archive, "fuzz_archive"};
}

const FormatDescriptor k7z = archive_format(
    "7z", "7-Zip archive (libarchive): every entry", recognise_7z);
const FormatDescriptor kRar =
    archive_format("rar",
                   "RAR 1.5-4 and RAR5 archive (libarchive): every entry; "
                   "RAR 1.5-4 solid archives only to their first entry",
                   recognise_rar);
const FormatDescriptor kTar = archive_format(
    "tar", "tar archive, POSIX and GNU (libarchive)", recognise_tar);
const FormatDescriptor kCab =
    archive_format("cab", "Microsoft cabinet (libarchive)", recognise_cab);
const FormatDescriptor kIso9660 = archive_format(
    "iso9660", "ISO 9660 image with Rock Ridge and Joliet (libarchive)",
    recognise_iso9660);
const FormatDescriptor kCpio = archive_format(
    "cpio", "cpio archive, newc and odc (libarchive)", recognise_cpio);
const FormatDescriptor kAr =
    archive_format("ar", "ar archive (libarchive)", recognise_ar);
const FormatDescriptor kGzip = archive_format(
    "gzip", "gzip stream (libarchive): one entry, the expanded bytes",
    recognise_gzip);
const FormatDescriptor kBzip2 = archive_format(
    "bzip2", "bzip2 stream (libarchive): one entry, the expanded bytes",
    recognise_bzip2);
const FormatDescriptor kXz = archive_format(
    "xz", "xz stream (libarchive): one entry, the expanded bytes",
    recognise_xz);
const FormatDescriptor kLzma =
    archive_format("lzma",
                   "lzma (LZMA alone) stream (libarchive): one entry, the "
                   "expanded bytes",
                   recognise_lzma);
const FormatDescriptor kZstd =
    archive_format("zstd",
                   "Zstandard stream: a whole evidence file is decompressed as "
                   "it is read; embedded, one entry (libarchive)",
                   recognise_zstd);

}  // namespace leakscope::formats
