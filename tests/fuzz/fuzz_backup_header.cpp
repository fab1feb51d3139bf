// libFuzzer target: parse_backup_header over arbitrary bytes, then
// read_backup_trailer over the input's second half as if it were the tail of
// the same backup. Both must stay in bounds, terminate and keep their notes
// bounded; every string they return must be valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "backup_header.hpp"

namespace {

bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80         ? 1
               : (c >> 5) == 6  ? 2
               : (c >> 4) == 14 ? 3
               : (c >> 3) == 30 ? 4
                                : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

void check(const leakscope::mtf::BackupHeader& h) {
  bool ok = h.kind == "mssql_backup" && !h.backup_type.empty() &&
            h.notes.size() <= 64 && valid_utf8(h.database) &&
            valid_utf8(h.server) && valid_utf8(h.backup_name) &&
            valid_utf8(h.user_name) && valid_utf8(h.machine_name) &&
            h.family_sequence <= h.family_count;
  for (const auto& f : h.files)
    ok = ok && valid_utf8(f.logical_name) && valid_utf8(f.physical_name);
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  leakscope::mtf::BackupHeader h = leakscope::mtf::parse_backup_header(in);
  check(h);
  size_t half = size / 2;
  // An odd tail offset too, so that unaligned tails are exercised.
  leakscope::mtf::read_backup_trailer(in.substr(half), half + (size & 1) * 7,
                                      h);
  check(h);
  return 0;
}
