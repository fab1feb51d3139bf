// Holds the pages of one database while its backup is read once, front to
// back: the system catalog that says how to decode user rows may come after
// those rows, so pages are spilled to an anonymous temporary file (disk, not
// memory) and indexed by allocation unit. Memory: 4 bytes per data page plus
// 12 per text page, whatever the database size.
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
  bool has(uint64_t file_page) const { return slots_.count(file_page) > 0; }
  size_t size() const { return slots_.size(); }
  // The boot page (1:9) if present.
  bool boot_page(std::string* page) const {
    return read((1ull << 32) | 9, page);
  }

  static uint64_t key(uint16_t file, uint32_t page) {
    return (static_cast<uint64_t>(file) << 32) | page;
  }

 private:
  std::FILE* file_ = nullptr;
  uint32_t count_ = 0;
  std::unordered_map<uint64_t, uint32_t> slots_;  // page id -> slot in file_
  std::unordered_map<uint64_t, std::vector<uint64_t>> by_au_;
};

}  // namespace leakscope::mssql
