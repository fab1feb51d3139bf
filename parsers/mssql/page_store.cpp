#include "page_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "util/evidence_file.hpp"

namespace leakscope::mssql {

PageStore::PageStore() = default;

PageStore::~PageStore() {
  if (file_) std::fclose(file_);
  for (int fd : sources_) ::close(fd);
}

int PageStore::add_source(const std::string& path) {
  if (sources_.size() >= 127) return -1;
  int fd = -1;
  try {
    fd = open_evidence_file(path, nullptr);  // O_NOATIME, regular files only
  } catch (const std::exception&) {
    return -1;
  }
  sources_.push_back(fd);
  return static_cast<int>(sources_.size() - 1);
}

size_t PageStore::index_bytes() const {
  size_t n = slots_.capacity() * sizeof(std::vector<uint32_t>) +
             key_of_slot_.capacity() * sizeof(uint64_t) +
             where_.capacity() * sizeof(uint64_t) +
             sparse_.size() * (sizeof(uint64_t) + sizeof(uint32_t) + 16) +
             sparse_.bucket_count() * sizeof(void*);
  n += pages_in_file_.capacity() * sizeof(uint32_t);
  for (const auto& v : slots_) n += v.capacity() * sizeof(uint32_t);
  return n;
}

uint32_t PageStore::slot_of(uint64_t k) const {
  size_t file = static_cast<size_t>(k >> 32);
  size_t page = static_cast<size_t>(k & 0xFFFFFFFF);
  if (file < slots_.size() && page < slots_[file].size() && slots_[file][page])
    return slots_[file][page];
  if (sparse_.empty()) return 0;
  auto it = sparse_.find(k);
  return it == sparse_.end() ? 0 : it->second;
}

uint32_t PageStore::slot_for(const PageHeader& h) {
  uint64_t k = key(h.file_id, h.page_id);
  if (uint32_t s = slot_of(k))
    return s - 1;  // a later copy of the page replaces the earlier one
  uint32_t slot = count_++;
  if (slots_.size() <= h.file_id) {
    slots_.resize(h.file_id + 1u);
    pages_in_file_.resize(h.file_id + 1u, 0);
  }
  auto& v = slots_[h.file_id];
  const size_t in_file = ++pages_in_file_[h.file_id];
  // The dense index of a file grows only to twice the pages that file
  // holds plus kDenseSlack (4 bytes a page id); ids beyond that (a sparse
  // database, or damaged or crafted headers claiming ids near 2^32 in many
  // file ids) go to the sparse map. Memory stays proportional to the pages
  // present (index_bytes()), whatever ids the headers claim.
  const size_t dense_limit = 2 * in_file + kDenseSlack;
  if (h.page_id < dense_limit) {
    if (v.size() <= h.page_id)
      v.resize(std::min(dense_limit,
                        std::max<size_t>(h.page_id + 1u, v.size() * 3 / 2)),
               0);
    v[h.page_id] = slot + 1;
  } else {
    sparse_[k] = slot + 1;
  }
  key_of_slot_.push_back(k);
  where_.push_back(0);
  by_au_[h.allocation_unit()].push_back(slot);
  return slot;
}

void PageStore::add(const PageHeader& h, std::string_view page) {
  uint32_t slot = slot_for(h);
  uint64_t& where = where_[slot];
  if (where & kFromSource || where == 0) {
    // A new page, or one that was read from a source: a new spill place.
    // (Slot 0 of the spill file is never given out, so 0 means "none".)
    where = ++spilled_;
  }
  if (!file_) {
    file_ = std::tmpfile();
    if (!file_) throw std::runtime_error("cannot create a temporary page file");
  }
  if (::pwrite(fileno(file_), page.data(), kPageSize,
               static_cast<off_t>(where) * static_cast<off_t>(kPageSize)) !=
      static_cast<ssize_t>(kPageSize))
    throw std::runtime_error(
        "cannot write the temporary page file (disk full?)");
}

void PageStore::add_at_source(const PageHeader& h, int source,
                              uint64_t offset) {
  if (source < 0 || static_cast<size_t>(source) >= sources_.size() ||
      offset > kOffsetMask)
    throw std::runtime_error("page source out of range");
  where_[slot_for(h)] =
      kFromSource | (static_cast<uint64_t>(source) << 56) | offset;
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

const char* PageStore::page_in(Window& w, int source, uint64_t offset) const {
  if (source != w.source || offset < w.from ||
      offset + kPageSize > w.from + w.bytes.size()) {
    w.bytes.resize(kReadAhead);
    ssize_t got = ::pread(sources_[source], w.bytes.data(), kReadAhead,
                          static_cast<off_t>(offset));
    w.bytes.resize(got > 0 ? static_cast<size_t>(got) : 0);
    w.source = source;
    w.from = offset;
    if (w.bytes.size() < kPageSize) return nullptr;
  }
  return w.bytes.data() + (offset - w.from);
}

bool PageStore::fetch(uint64_t k, Window& w, std::string_view* view,
                      PageHeader* header, std::string* scratch,
                      std::string* why) const {
  why->clear();
  uint32_t s = slot_of(k);
  if (!s) return false;
  const uint64_t where = where_[s - 1];
  if (where & kFromSource) {
    const uint64_t offset = where & kOffsetMask;
    const char* p = page_in(w, static_cast<int>((where >> 56) & 0x7F), offset);
    if (!p) {
      *why = "the evidence file ends before this page (offset " +
             std::to_string(offset) + ")";
      return false;
    }
    *view = std::string_view(p, kPageSize);
  } else {
    scratch->resize(kPageSize);
    if (!file_ ||
        ::pread(fileno(file_), scratch->data(), kPageSize,
                static_cast<off_t>(where) * static_cast<off_t>(kPageSize)) !=
            static_cast<ssize_t>(kPageSize)) {
      *why = "the temporary page file cannot be read";
      return false;
    }
    *view = *scratch;
  }
  std::string reason;
  if (!parse_page_header(*view, header, &reason)) {
    *why = "page header read back: " + reason;
    return false;
  }
  if (key(header->file_id, header->page_id) != k) {
    *why = "the page read back is page " + header->id() +
           ": the evidence changed after it was read";
    return false;
  }
  if (header->flags & kFlagTornBits) {
    if (view->data() != scratch->data()) scratch->assign(*view);
    undo_torn_bits(*scratch, *header);
    *view = *scratch;
  }
  return true;
}

bool PageStore::read(uint64_t k, std::string* page) const {
  std::string_view view;
  PageHeader h;
  std::string why;
  if (!fetch(k, ahead_, &view, &h, page, &why)) return false;
  if (view.data() != page->data()) page->assign(view);
  return true;
}

bool PageStore::read_header(uint64_t k, PageHeader* header) const {
  std::string_view view;
  std::string scratch, why;
  return fetch(k, ahead_, &view, header, &scratch, &why);
}

bool PageStore::read_view(uint64_t k, std::string_view* view,
                          PageHeader* header, std::string* scratch,
                          std::string* why) const {
  return fetch(k, view_ahead_, view, header, scratch, why);
}

}  // namespace leakscope::mssql
