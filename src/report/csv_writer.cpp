#include "report/csv_writer.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "util/text.hpp"

namespace leakscope {

namespace {

// A plain decimal number ("-0.01", "+3", "1e-5"): no spreadsheet runs it.
bool plain_number(const std::string& v) {
  size_t i = 0;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
  size_t digits = 0;
  while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])))
    ++i, ++digits;
  if (i < v.size() && v[i] == '.') {
    ++i;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])))
      ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    size_t exp = 0;
    while (i < v.size() && std::isdigit(static_cast<unsigned char>(v[i])))
      ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == v.size();
}

// True when `v` holds a byte a terminal or viewer would act on (C0 controls
// other than tab, CR and LF, which CSV quoting carries; DEL) or is not UTF-8.
bool needs_printable(const std::string& v) {
  for (char ch : v) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F)
      return true;
  }
  return !is_valid_utf8(v);
}

}  // namespace

std::string csv_cell(const std::string& v, bool raw) {
  // Not raw: a value with control bytes (an escape sequence) or bytes that
  // are not UTF-8 (a file name in another encoding) is written in its
  // lossless printable() form.
  std::string cell = !raw && needs_printable(v) ? printable(v) : v;
  if (!raw && !cell.empty() &&
      (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
       cell[0] == '\t' || cell[0] == '\r') &&
      !plain_number(cell))
    cell.insert(cell.begin(), '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

AtomicFile::AtomicFile(const std::string& path)
    : path_(path), partial_(path + ".partial") {
  f_ = std::fopen(partial_.c_str(), "wb");
  if (!f_)
    throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (f_) {
    std::fclose(f_);
    std::remove(partial_.c_str());
  }
}

void AtomicFile::put(const std::string& bytes) {
  if (!failed_ && f_ &&
      std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size()) {
    failed_ = true;
    error_ = errno;
  }
}

void AtomicFile::close() {
  if (!f_) return;
  bool ok = !failed_;
  if (std::fflush(f_) != 0 || std::ferror(f_)) {
    if (!error_) error_ = errno;
    ok = false;
  }
  if (std::fclose(f_) != 0) {
    if (!error_) error_ = errno;
    ok = false;
  }
  f_ = nullptr;
  if (!ok) {
    std::remove(partial_.c_str());
    throw std::runtime_error(path_ + ": write failed (" +
                             std::strerror(error_ ? error_ : EIO) +
                             "); nothing written under this name");
  }
  if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
    std::remove(partial_.c_str());
    throw std::runtime_error(
        path_ + ": cannot rename into place: " + std::strerror(errno));
  }
}

CsvWriter::CsvWriter(const std::string& path,
                     const std::vector<std::string>& header, bool raw,
                     std::function<void(const std::string&)> copy)
    : file_(path), raw_(raw), copy_(std::move(copy)) {
  row(header);
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    line += csv_cell(cells[i], raw_);
  }
  line += "\r\n";
  file_.put(line);
  if (copy_) copy_(line);
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  AtomicFile f(path);
  f.put(bytes);
  f.close();
}

}  // namespace leakscope
