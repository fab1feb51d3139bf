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

uint32_t PageStore::slot_of(uint64_t k) const {
  size_t file = static_cast<size_t>(k >> 32);
  size_t page = static_cast<size_t>(k & 0xFFFFFFFF);
  if (file >= slots_.size() || page >= slots_[file].size()) return 0;
  return slots_[file][page];
}

void PageStore::add(const PageHeader& h, std::string_view page) {
  uint64_t k = key(h.file_id, h.page_id);
  uint32_t slot;
  if (uint32_t s = slot_of(k)) {
    slot = s - 1;  // a later copy of the page replaces the earlier one
  } else {
    // A page id far beyond the file's pages so far would make the dense
    // index huge; such ids only come from damaged headers.
    if (h.page_id > (1u << 28))
      throw std::runtime_error("page id " + std::to_string(h.page_id) +
                               " out of range");
    slot = count_++;
    if (slots_.size() <= h.file_id) slots_.resize(h.file_id + 1u);
    auto& v = slots_[h.file_id];
    if (v.size() <= h.page_id)
      v.resize(std::max<size_t>(h.page_id + 1u, v.size() * 3 / 2), 0);
    v[h.page_id] = slot + 1;
    key_of_slot_.push_back(k);
    by_au_[h.allocation_unit()].push_back(slot);
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
  std::vector<uint64_t> v;
  v.reserve(it->second.size());
  for (uint32_t s : it->second) v.push_back(key_of_slot_[s]);
  std::sort(v.begin(), v.end());
  return v;
}

bool PageStore::read(uint64_t k, std::string* page) const {
  uint32_t s = slot_of(k);
  if (!s) return false;
  page->resize(kPageSize);
  return ::pread(fileno(file_), page->data(), kPageSize,
                 static_cast<off_t>(s - 1) * static_cast<off_t>(kPageSize)) ==
         static_cast<ssize_t>(kPageSize);
}

}  // namespace leakscope::mssql
