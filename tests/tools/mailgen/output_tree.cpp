#include "output_tree.hpp"

#include <zstd.h>

#include <fstream>
#include <stdexcept>

#include "civil_time.hpp"

namespace mailgen {

std::string mboxrd_quote(const std::string& m) {
  std::string out;
  out.reserve(m.size() + 64);
  size_t i = 0;
  while (i < m.size()) {
    size_t end = m.find('\n', i);
    end = end == std::string::npos ? m.size() : end + 1;
    size_t k = i;
    while (k < end && m[k] == '>') ++k;
    if (m.compare(k, 5, "From ") == 0) out += '>';
    out.append(m, i, end - i);
    i = end;
  }
  return out;
}

void OutputTree::write_file(const std::string& rel, const std::string& bytes) {
  std::filesystem::path p = root_ / rel;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) throw std::runtime_error("cannot write " + p.string());
  truth_->add_file(bytes.size());
}

void OutputTree::write_eml(const std::string& rel, const Entity& m,
                           std::string_view eol) {
  write_file(rel, write_message(m, eol));
  truth_->add_message(m, eol);
}

void OutputTree::write_eml_zst(const std::string& rel, const Entity& m,
                               std::string_view eol) {
  std::string raw = write_message(m, eol);
  std::string z(ZSTD_compressBound(raw.size()), '\0');
  size_t n = ZSTD_compress(z.data(), z.size(), raw.data(), raw.size(), 3);
  if (ZSTD_isError(n)) throw std::runtime_error(ZSTD_getErrorName(n));
  z.resize(n);
  write_file(rel, z);
  truth_->add_message(m, eol);
}

void OutputTree::write_mbox(const std::string& rel,
                            const std::vector<const Entity*>& ms) {
  std::string out;
  for (const Entity* m : ms) {
    const std::string& sender = m->truth->addresses.front();
    out += "From " + sender + " " + asctime_date(m->truth->date_utc) + "\n";
    out += mboxrd_quote(write_message(*m, "\n"));
    out += "\n";
    truth_->add_message(*m, "\n");
  }
  write_file(rel, out);
}

}  // namespace mailgen
