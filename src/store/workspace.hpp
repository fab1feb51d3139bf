#pragma once
// The working tables readers derive from a store (the expanded cell
// findings, the names shown with addresses): built once per process and
// shared by every connection opened from one Store with open_reader(),
// instead of once per connection as TEMP tables.
//
// Each part is its own SQLite file in a private directory under the
// system's temporary directory, ATTACHed by every sharing connection as
// `work_<part>`. A part is written once, under its lock, before any connection
// reads it; after that it is only read, so readers never wait on a writer.
// The directory is removed when the last Store holding the workspace is
// destroyed (after its connection closed); a killed process leaves it
// behind (its name says so: leakscope-work-*).
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace leakscope {

class Workspace {
 public:
  Workspace();  // creates the directory; throws std::runtime_error
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // The file of one part ("cells", "names": the store's own literals).
  std::string file(const std::string& part) const;

  // The lock of one part, held while it is built: parts are built by
  // several threads at once (the tally on one, the names on another). A
  // part's build reads the parts it needs, built before, and never takes
  // another part's lock. Locks are never removed (one per part name).
  std::mutex& lock_of(const std::string& part);
  bool built(const std::string& part);
  void set_built(const std::string& part);

  // A result computed from the store for every connection sharing the
  // workspace (the record counts of every evidence root, the distinct rows
  // of a group of tables): `compute` runs once per key, under the key's
  // lock; the others wait for it and share it.
  std::shared_ptr<const void> shared(
      const std::string& key,
      const std::function<std::shared_ptr<const void>()>& compute);

 private:
  std::filesystem::path dir_;
  std::mutex mu_;  // guards locks_ and built_
  std::map<std::string, std::mutex> locks_;
  std::set<std::string> built_;
  std::map<std::string, std::shared_ptr<const void>> results_;  // by key
};

}  // namespace leakscope
