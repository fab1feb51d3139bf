#include "cfb_extent.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace leakscope::office {
namespace {

constexpr std::uint32_t kFreeSect = 0xFFFFFFFFu;
constexpr std::uint32_t kMaxRegSect = 0xFFFFFFFAu;
constexpr size_t kHeaderDifatEntries = 109;

std::uint32_t le32(std::string_view b, size_t at) {
  std::uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;  // the format and every supported host are little-endian
}

std::string cut_at(const char* what, std::uint64_t sector, std::uint64_t offset,
                   size_t size) {
  return std::string("OLE2: truncated: ") + what + " sector " +
         std::to_string(sector) + " starts at byte " + std::to_string(offset) +
         " but the file ends at byte " + std::to_string(size);
}

}  // namespace

std::optional<std::string> cfb_truncation(std::string_view bytes) {
  static const unsigned char kSig[8] = {0xD0, 0xCF, 0x11, 0xE0,
                                        0xA1, 0xB1, 0x1A, 0xE1};
  if (bytes.size() < 512 || std::memcmp(bytes.data(), kSig, 8) != 0)
    return std::nullopt;
  unsigned shift = static_cast<unsigned char>(bytes[0x1E]) |
                   (static_cast<unsigned char>(bytes[0x1F]) << 8);
  if (shift != 9 && shift != 12) return std::nullopt;  // libgsf reports it
  const std::uint64_t sector_size = std::uint64_t{1} << shift;
  const size_t per_sector = sector_size / 4;
  auto offset_of = [&](std::uint64_t s) { return (s + 1) << shift; };
  auto present = [&](std::uint64_t s) { return offset_of(s) < bytes.size(); };

  // FAT sector numbers: the header's 109, then the DIFAT chain.
  std::vector<std::uint32_t> fat_sectors;
  // A damaged count (or a DIFAT chain that loops) cannot name more FAT
  // sectors than the file has sectors.
  const std::uint64_t file_sectors = bytes.size() >> shift;
  const std::uint64_t fat_count =
      std::min<std::uint64_t>(le32(bytes, 0x2C), file_sectors);
  for (size_t i = 0; i < kHeaderDifatEntries && fat_sectors.size() < fat_count;
       ++i)
    fat_sectors.push_back(le32(bytes, 0x4C + 4 * i));
  std::uint32_t difat = le32(bytes, 0x44);
  for (size_t walked = 0;
       difat <= kMaxRegSect && fat_sectors.size() < fat_count &&
       walked < file_sectors;
       ++walked) {
    if (!present(difat))
      return cut_at("DIFAT", difat, offset_of(difat), bytes.size());
    size_t base = offset_of(difat);
    if (base + sector_size > bytes.size()) break;
    for (size_t i = 0; i + 1 < per_sector && fat_sectors.size() < fat_count;
         ++i)
      fat_sectors.push_back(le32(bytes, base + 4 * i));
    difat = le32(bytes, base + 4 * (per_sector - 1));
  }

  // The highest sector the FAT marks as used.
  std::uint64_t highest = 0;
  bool any = false;
  for (size_t f = 0; f < fat_sectors.size(); ++f) {
    std::uint32_t fs = fat_sectors[f];
    if (fs > kMaxRegSect) continue;
    if (!present(fs)) return cut_at("FAT", fs, offset_of(fs), bytes.size());
    size_t base = offset_of(fs);
    size_t avail = std::min<std::uint64_t>(sector_size, bytes.size() - base);
    for (size_t i = 0; i < avail / 4; ++i) {
      if (le32(bytes, base + 4 * i) == kFreeSect) continue;
      highest = std::uint64_t{f} * per_sector + i;
      any = true;
    }
  }
  if (any && !present(highest))
    return cut_at("allocated", highest, offset_of(highest), bytes.size());
  std::uint32_t directory = le32(bytes, 0x30);
  if (directory <= kMaxRegSect && !present(directory))
    return cut_at("directory", directory, offset_of(directory), bytes.size());
  return std::nullopt;
}

}  // namespace leakscope::office
