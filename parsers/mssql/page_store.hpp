// Holds the pages of one database while its backup is read once, front to
// back: the system catalog that says how to decode user rows may come after
// those rows, so pages are spilled to an anonymous temporary file (disk, not
// memory) and indexed by allocation unit. Memory: about 16 bytes per page
// (200 MB for a 100 GB database), never the pages themselves.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "page.hpp"

namespace leakscope::mssql {

class PageStore {
 public:
  PageStore();
  ~PageStore();
  PageStore(const PageStore&) = delete;
  PageStore& operator=(const PageStore&) = delete;

  // Stores a page (torn bits already undone). A later copy of the same page
  // id replaces the earlier one (differential and log-tail copies).
  void add(const PageHeader& h, std::string_view page);

  // Page ids (file<<32 | page) of every page of an allocation unit, in order.
  std::vector<uint64_t> pages_of(uint64_t allocation_unit) const;
  // Reads a stored page; false when absent.
  bool read(uint64_t file_page, std::string* page) const;
  bool has(uint64_t file_page) const { return slot_of(file_page) != 0; }
  size_t size() const { return count_; }
  // The boot page (1:9) if present.
  bool boot_page(std::string* page) const {
    return read((1ull << 32) | 9, page);
  }

  static uint64_t key(uint16_t file, uint32_t page) {
    return (static_cast<uint64_t>(file) << 32) | page;
  }

 private:
  // 1 + slot of a page in file_, 0 when absent.
  uint32_t slot_of(uint64_t file_page) const;

  std::FILE* file_ = nullptr;
  uint32_t count_ = 0;
  // Per database file id: page id -> 1 + slot (pages arrive roughly in order,
  // so a dense vector is the smallest index).
  std::vector<std::vector<uint32_t>> slots_;
  std::vector<uint64_t> key_of_slot_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_au_;  // unit -> slots
};

}  // namespace leakscope::mssql
