#include "zip_reader.hpp"

#include <zip.h>

namespace leakscope::archive {

ZipArchive::ZipArchive(std::string_view bytes) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    error_ = zip_error_strerror(&err);
    zip_error_fini(&err);
    return;
  }
  zip_ = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!zip_) {
    error_ = zip_error_strerror(&err);
    zip_source_free(src);
    zip_error_fini(&err);
    return;
  }
  zip_error_fini(&err);
  zip_int64_t n = zip_get_num_entries(zip_, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) != 0)
      continue;
    ZipEntry e;
    e.index = static_cast<uint64_t>(i);
    e.name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "";
    e.size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    e.compressed_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    e.encrypted = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
                  st.encryption_method != ZIP_EM_NONE;
    e.directory = !e.name.empty() && e.name.back() == '/';
    entries_.push_back(std::move(e));
  }
}

ZipArchive::~ZipArchive() {
  if (zip_) zip_discard(zip_);
}

int64_t ZipArchive::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return static_cast<int64_t>(e.index);
  return -1;
}

bool ZipArchive::read(uint64_t index, uint64_t max_bytes, std::string* out,
                      bool* truncated, std::string* why) const {
  out->clear();
  *truncated = false;
  zip_file_t* f = zip_fopen_index(zip_, index, 0);
  if (!f) {
    *why = zip_strerror(zip_);
    return false;
  }
  char buf[65536];
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      *why = zip_file_strerror(f);
      zip_fclose(f);
      return false;
    }
    if (n == 0) break;
    if (out->size() + static_cast<uint64_t>(n) > max_bytes) {
      out->append(buf, static_cast<size_t>(max_bytes - out->size()));
      *truncated = true;
      break;
    }
    out->append(buf, static_cast<size_t>(n));
  }
  zip_fclose(f);
  return true;
}

}  // namespace leakscope::archive
