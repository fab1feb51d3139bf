// JSON output of evidence: strings (values and keys) that are not
// well-formed UTF-8 (a file name in another encoding, a damaged header) are
// written in their printable() form, which is lossless
// (unescape_printable gives the bytes back), instead of failing the dump or
// replacing bytes with U+FFFD. Well-formed strings are written as they are
// (JSON escapes control characters itself).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "util/text.hpp"

namespace leakscope {

inline nlohmann::json lossless_json(const nlohmann::json& j) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    return is_valid_utf8(s) ? j : nlohmann::json(printable(s));
  }
  if (j.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : j) out.push_back(lossless_json(v));
    return out;
  }
  if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = j.begin(); it != j.end(); ++it)
      out[is_valid_utf8(it.key()) ? it.key() : printable(it.key())] =
          lossless_json(it.value());
    return out;
  }
  return j;
}

// True when every string of `j` (keys included) is well-formed UTF-8: the
// common case, dumped without a lossless copy.
inline bool all_valid_utf8(const nlohmann::json& j) {
  if (j.is_string()) return is_valid_utf8(j.get_ref<const std::string&>());
  if (j.is_array()) {
    for (const auto& v : j)
      if (!all_valid_utf8(v)) return false;
    return true;
  }
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!is_valid_utf8(it.key()) || !all_valid_utf8(it.value())) return false;
    return true;
  }
  return true;
}

// j.dump(indent) with every ill-formed string made lossless first.
// `ascii_only` (for JSON fragments in human-readable lines) escapes every
// non-ASCII character as \uNNNN, C1 controls such as U+009B (CSI) included.
inline std::string dump_json(const nlohmann::json& j, int indent = -1,
                             bool ascii_only = false) {
  if (all_valid_utf8(j)) return j.dump(indent, ' ', ascii_only);
  return lossless_json(j).dump(indent, ' ', ascii_only);
}

}  // namespace leakscope
