// Writes the corpus: .eml files (optionally zstd-compressed) and mboxrd
// archives under one root, recording every file and message occurrence in a
// GroundTruth as it goes. MANIFEST.json is written last by the caller.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "entity.hpp"
#include "ground_truth.hpp"

namespace mailgen {

class OutputTree {
 public:
  OutputTree(std::filesystem::path root, GroundTruth* truth)
      : root_(std::move(root)), truth_(truth) {}

  // root/rel <- bytes (parent folders created). Counts the file.
  void write_file(const std::string& rel, const std::string& bytes);
  // One message as a file; eol "\r\n" (Windows clients) or "\n".
  void write_eml(const std::string& rel, const Entity& m,
                 std::string_view eol = "\r\n");
  // Same, zstd-compressed (level 3).
  void write_eml_zst(const std::string& rel, const Entity& m,
                     std::string_view eol = "\r\n");
  // mboxrd: "From sender asctime" separators, LF line endings, and every
  // line matching ^>*From  gets one more ">" (so ">From " -> ">>From ").
  void write_mbox(const std::string& rel, const std::vector<const Entity*>& ms);

 private:
  std::filesystem::path root_;
  GroundTruth* truth_;
};

// The mboxrd quoting of one serialized message (exposed for tests).
std::string mboxrd_quote(const std::string& message);

}  // namespace mailgen
