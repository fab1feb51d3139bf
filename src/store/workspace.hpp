#pragma once
// The working tables readers derive from a store (the expanded cell
// findings, the names shown with addresses): built once per process and
// shared by every connection opened from one Store with open_reader(),
// instead of once per connection as TEMP tables.
//
// Each part is its own SQLite file in a private directory under the
// system's temporary directory, ATTACHed by every sharing connection as
// `work_<part>`. A part is written once, under `mu`, before any connection
// reads it; after that it is only read, so readers never wait on a writer.
// The directory is removed when the last Store holding the workspace is
// destroyed (after its connection closed); a killed process leaves it
// behind (its name says so: leakscope-work-*).
#include <filesystem>
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

  std::recursive_mutex mu;      // held while a part is built (a part
                                // built from another one takes it again)
  std::set<std::string> built;  // parts written; guarded by mu

 private:
  std::filesystem::path dir_;
};

}  // namespace leakscope
