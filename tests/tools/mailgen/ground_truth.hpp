// The ground truth of a generated corpus, computed from the Entity trees as
// they are written, and its MANIFEST.json form.
//
// Definitions (what an ingest tool is tested against):
//  messages.raw        every message occurrence: each .eml/.eml.zst file,
//                      each mbox member, each nested message/rfc822 part.
//  messages.unique     distinct Message-ID values (exact, whitespace-trimmed).
//  attachments.raw     every leaf part (not multipart/*, not message/*) with
//                      a file name (Content-Disposition filename or
//                      Content-Type name, RFC 2231 included) or with
//                      Content-Disposition: attachment, in every occurrence
//                      (nested included), plus every file in a TNEF stream.
//  attachments.unique  distinct SHA-256 of the decoded bytes.
//  email_addresses.raw address occurrences in From, Sender, Reply-To, To,
//                      Cc, Bcc of every message occurrence (nested included).
//  email_addresses.unique distinct addresses after lower-casing.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_set>

#include "entity.hpp"

namespace mailgen {

class GroundTruth {
 public:
  // One occurrence of `message`, written with line ending `eol`.
  void add_message(const Entity& message, std::string_view eol);
  // One file written to the output tree (MANIFEST.json excluded).
  void add_file(uint64_t bytes) {
    ++files_;
    bytes_ += bytes;
  }
  // A by_message entry for a top-level file (samples mode): path,
  // message_id, decoded subject, the names of the message's own attachments
  // in part order ("" when an attachment has no name; attachments of nested
  // messages are listed under "nested"), "tnef_files" inside its
  // winmail.dat, and "nested" message/rfc822 messages described alike.
  void describe_file(const std::string& path, const Entity& message);

  nlohmann::ordered_json manifest(uint64_t seed) const;

  uint64_t messages_raw() const { return messages_raw_; }
  uint64_t bytes() const { return bytes_; }

 private:
  void walk(const Entity& e, std::string_view eol);

  uint64_t files_ = 0, bytes_ = 0;
  uint64_t messages_raw_ = 0, attachments_raw_ = 0, addresses_raw_ = 0;
  std::unordered_set<std::string> message_ids_, attachment_hashes_, addresses_;
  nlohmann::ordered_json by_message_ = nlohmann::ordered_json::array();
};

// SHA-256 digest as lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace mailgen
