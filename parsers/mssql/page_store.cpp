#include "page_store.hpp"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace leakscope::mssql {

PageStore::PageStore() {
  file_ = std::tmpfile();
  if (!file_) throw std::runtime_error("cannot create a temporary page file");
}

PageStore::~PageStore() {
  if (file_) std::fclose(file_);
}

void PageStore::add(const PageHeader& h, std::string_view page) {
  uint64_t k = key(h.file_id, h.page_id);
  auto it = slots_.find(k);
  uint32_t slot;
  if (it != slots_.end()) {
    slot = it->second;  // overwrite in place
  } else {
    slot = count_++;
    slots_[k] = slot;
    by_au_[h.allocation_unit()].push_back(k);
  }
  if (::pwrite(fileno(file_), page.data(), kPageSize,
               static_cast<off_t>(slot) * static_cast<off_t>(kPageSize)) !=
      static_cast<ssize_t>(kPageSize))
    throw std::runtime_error(
        "cannot write the temporary page file (disk full?)");
}

std::vector<uint64_t> PageStore::pages_of(uint64_t au) const {
  auto it = by_au_.find(au);
  if (it == by_au_.end()) return {};
  std::vector<uint64_t> v = it->second;
  std::sort(v.begin(), v.end());
  return v;
}

bool PageStore::read(uint64_t k, std::string* page) const {
  auto it = slots_.find(k);
  if (it == slots_.end()) return false;
  page->resize(kPageSize);
  return ::pread(
             fileno(file_), page->data(), kPageSize,
             static_cast<off_t>(it->second) * static_cast<off_t>(kPageSize)) ==
         static_cast<ssize_t>(kPageSize);
}

}  // namespace leakscope::mssql
