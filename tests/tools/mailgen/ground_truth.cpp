#include "ground_truth.hpp"

#include <openssl/evp.h>

#include <cctype>

namespace mailgen {
namespace {

std::string lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// by_message description of one message: its own attachments in part
// order ("" for an attachment without a name), the files inside its own
// winmail.dat, and its nested message/rfc822 messages, described alike.
void describe_parts(const Entity& e, nlohmann::ordered_json* names,
                    nlohmann::ordered_json* tnef,
                    nlohmann::ordered_json* nested);

nlohmann::ordered_json describe(const Entity& message) {
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  nlohmann::ordered_json tnef = nlohmann::ordered_json::array();
  nlohmann::ordered_json nested = nlohmann::ordered_json::array();
  describe_parts(message, &names, &tnef, &nested);
  nlohmann::ordered_json j;
  j["message_id"] = message.truth->message_id;
  j["subject"] = message.truth->subject;
  j["attachments"] = names;
  if (!tnef.empty()) j["tnef_files"] = tnef;
  if (!nested.empty()) j["nested"] = nested;
  return j;
}

void describe_parts(const Entity& e, nlohmann::ordered_json* names,
                    nlohmann::ordered_json* tnef,
                    nlohmann::ordered_json* nested) {
  switch (e.kind) {
    case Entity::Kind::kLeaf:
      if (e.attachment) names->push_back(e.filename.value_or(""));
      for (const TnefFile& f : e.tnef_files) tnef->push_back(f.name);
      break;
    case Entity::Kind::kMessage:
      nested->push_back(describe(e.children.front()));
      break;
    case Entity::Kind::kMultipart:
      for (const Entity& c : e.children) describe_parts(c, names, tnef, nested);
      break;
  }
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[md[i] >> 4];
    hex += kHex[md[i] & 15];
  }
  return hex;
}

void GroundTruth::add_message(const Entity& message, std::string_view eol) {
  walk(message, eol);
}

void GroundTruth::walk(const Entity& e, std::string_view eol) {
  if (e.truth) {  // a message (top level or nested)
    ++messages_raw_;
    message_ids_.insert(e.truth->message_id);
    for (const std::string& a : e.truth->addresses) {
      ++addresses_raw_;
      addresses_.insert(lower(a));
    }
  }
  if (e.kind == Entity::Kind::kLeaf) {
    if (e.attachment) {
      ++attachments_raw_;
      attachment_hashes_.insert(sha256_hex(decoded_bytes(e, eol)));
    }
    for (const TnefFile& f : e.tnef_files) {
      ++attachments_raw_;
      attachment_hashes_.insert(sha256_hex(f.data));
    }
    return;
  }
  for (const Entity& c : e.children) walk(c, eol);
}

void GroundTruth::describe_file(const std::string& path,
                                const Entity& message) {
  nlohmann::ordered_json entry;
  entry["path"] = path;
  entry.update(describe(message));
  by_message_.push_back(entry);
}

nlohmann::ordered_json GroundTruth::manifest(uint64_t seed) const {
  nlohmann::ordered_json j;
  j["generator"] = "leakscope-mailgen";
  j["seed"] = seed;
  j["files"] = files_;
  j["bytes"] = bytes_;
  j["counts"]["messages"] = {{"raw", messages_raw_},
                             {"unique", message_ids_.size()}};
  j["counts"]["attachments"] = {{"raw", attachments_raw_},
                                {"unique", attachment_hashes_.size()}};
  j["counts"]["email_addresses"] = {{"raw", addresses_raw_},
                                    {"unique", addresses_.size()}};
  if (!by_message_.empty()) j["by_message"] = by_message_;
  return j;
}

}  // namespace mailgen
