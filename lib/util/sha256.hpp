// Incremental SHA-256 (OpenSSL libcrypto). Used for custody hashes of every
// source and for content hashes of every item.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace leakscope {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // Lower-case hex digest. Finishes the hash; reset() before reuse.
  std::string hex_digest();
  void reset();

  static std::string hex(std::string_view bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace leakscope
