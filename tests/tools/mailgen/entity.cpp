#include "entity.hpp"

#include "transfer_encode.hpp"

namespace mailgen {

std::string_view cte_name(Cte cte) {
  switch (cte) {
    case Cte::kNone:
      return "";
    case Cte::k7bit:
      return "7bit";
    case Cte::k8bit:
      return "8bit";
    case Cte::kQuotedPrintable:
      return "quoted-printable";
    case Cte::kBase64:
      return "base64";
  }
  return "";
}

namespace {

void write_fields(const std::vector<Field>& fields, std::string_view eol,
                  std::string* out) {
  for (const Field& f : fields) {
    *out += f.name;
    *out += ':';
    if (!f.value.empty() && f.value.front() != '\n') *out += ' ';
    for (char c : f.value) {
      if (c == '\n') {
        *out += eol;
      } else {
        *out += c;
      }
    }
    *out += eol;
  }
}

void write_body(const Entity& e, std::string_view eol, std::string* out) {
  switch (e.kind) {
    case Entity::Kind::kLeaf:
      switch (e.cte) {
        case Cte::kBase64:
          *out += base64_lines(e.data, eol);
          break;
        case Cte::kQuotedPrintable:
          *out += quoted_printable(e.data, eol);
          break;
        default:
          *out += to_eol(e.data, eol);
      }
      break;
    case Entity::Kind::kMessage:
      write_entity(e.children.front(), eol, out);
      break;
    case Entity::Kind::kMultipart: {
      const std::string delimiter = "--" + e.boundary;
      if (!e.preamble.empty()) {
        *out += to_eol(e.preamble, eol);
        *out += eol;
      }
      bool first = true;
      for (const Entity& child : e.children) {
        if (!first) *out += eol;
        first = false;
        *out += delimiter;
        *out += eol;
        write_entity(child, eol, out);
      }
      *out += eol;
      *out += delimiter;
      *out += "--";
      *out += eol;
      break;
    }
  }
}

}  // namespace

void write_entity(const Entity& e, std::string_view eol, std::string* out) {
  write_fields(e.fields, eol, out);
  *out += eol;
  write_body(e, eol, out);
}

std::string write_message(const Entity& message, std::string_view eol) {
  std::string out;
  write_entity(message, eol, &out);
  return out;
}

std::string decoded_bytes(const Entity& e, std::string_view eol) {
  if (e.cte == Cte::kBase64) return e.data;
  return to_eol(e.data, eol);
}

const Field* find_field(const Entity& e, std::string_view name) {
  for (const Field& f : e.fields)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace mailgen
