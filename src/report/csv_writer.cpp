#include "report/csv_writer.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace leakscope {

std::string csv_cell(const std::string& v, bool raw) {
  std::string cell = v;
  if (!raw && !cell.empty() &&
      (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
       cell[0] == '\t' || cell[0] == '\r'))
    cell.insert(cell.begin(), '\'');
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvWriter::CsvWriter(const std::string& path,
                     const std::vector<std::string>& header, bool raw)
    : path_(path), partial_(path + ".partial"), raw_(raw) {
  f_ = std::fopen(partial_.c_str(), "wb");
  if (!f_)
    throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
  row(header);
}

CsvWriter::~CsvWriter() {
  if (f_) {
    std::fclose(f_);
    std::remove(partial_.c_str());
  }
}

void CsvWriter::put(const std::string& bytes) {
  if (!failed_ &&
      std::fwrite(bytes.data(), 1, bytes.size(), f_) != bytes.size())
    failed_ = true;
}

void CsvWriter::row(const std::vector<std::string>& cells) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) line += ',';
    line += csv_cell(cells[i], raw_);
  }
  line += "\r\n";
  put(line);
}

void CsvWriter::close() {
  if (!f_) return;
  bool ok = !failed_ && std::fflush(f_) == 0 && !std::ferror(f_);
  const int saved = errno;
  ok = std::fclose(f_) == 0 && ok;
  f_ = nullptr;
  if (!ok) {
    std::remove(partial_.c_str());
    throw std::runtime_error(path_ + ": write failed (" +
                             std::strerror(saved ? saved : EIO) +
                             "); nothing written under this name");
  }
  if (std::rename(partial_.c_str(), path_.c_str()) != 0) {
    std::remove(partial_.c_str());
    throw std::runtime_error(
        path_ + ": cannot rename into place: " + std::strerror(errno));
  }
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const std::string partial = path + ".partial";
  std::FILE* f = std::fopen(partial.c_str(), "wb");
  if (!f)
    throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fflush(f) == 0 && ok;
  const int saved = errno;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::remove(partial.c_str());
    throw std::runtime_error(path + ": write failed (" +
                             std::strerror(saved ? saved : EIO) +
                             "); nothing written under this name");
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::remove(partial.c_str());
    throw std::runtime_error(
        path + ": cannot rename into place: " + std::strerror(errno));
  }
}

}  // namespace leakscope
