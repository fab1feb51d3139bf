// Zips built in memory with libzip, for tests of the archive paths.
#pragma once

#include <doctest/doctest.h>
#include <zip.h>

#include <string>
#include <tuple>
#include <vector>

namespace leakscope::test {

// A zip built in memory with libzip: (name, bytes, compress?) entries.
inline std::string make_zip(
    const std::vector<std::tuple<std::string, std::string, bool>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  REQUIRE(z);
  std::vector<std::string> keep;
  keep.reserve(entries.size());
  for (const auto& [name, bytes, compress] : entries) {
    keep.push_back(bytes);
    zip_source_t* s =
        zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    zip_int64_t i = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
    REQUIRE(i >= 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(i),
                             compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 9);
  }
  REQUIRE(zip_close(z) == 0);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  zip_int64_t size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(static_cast<size_t>(size), '\0');
  zip_source_read(src, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

}  // namespace leakscope::test
