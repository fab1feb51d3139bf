// The one CSV writer of leakscope's outputs (report CSVs, dump-table):
// RFC 4180 quoting, spreadsheet formulas neutralised, every write checked,
// and the file only appears under its name once it is complete.
#pragma once

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace leakscope {

// A cell as written: a value a spreadsheet would run as a formula (first
// byte '=', '+', '-', '@', tab or carriage return, and not a plain decimal
// number such as "-0.01") gets a leading "'" (OWASP's advice for CSV
// injection), and a value with control bytes other than tab, CR and LF, or
// bytes that are not UTF-8, is written in its lossless printable() form,
// unless `raw`; then RFC 4180 quoting
// (a field with a comma, quote, CR or LF is quoted, quotes doubled).
std::string csv_cell(const std::string& value, bool raw = false);

// An output file written under `path`.partial and renamed to `path` by
// close() once every write succeeded; otherwise (a full disk) close()
// removes it and throws std::runtime_error naming `path`. Destroyed
// without close(): removed.
class AtomicFile {
 public:
  explicit AtomicFile(const std::string& path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  void put(const std::string& bytes);
  void close();
  const std::string& path() const { return path_; }

 private:
  std::string path_, partial_;
  std::FILE* f_ = nullptr;
  bool failed_ = false;
  int error_ = 0;  // errno of the first failed write
};

class CsvWriter {
 public:
  // Writes to `path`.partial; close() renames it to `path`. Throws
  // std::runtime_error naming the file when it cannot be created.
  // `copy`, when given, receives every byte written too (the header and
  // each row, as written), e.g. to keep the file in the measure cache.
  CsvWriter(const std::string& path, const std::vector<std::string>& header,
            bool raw = false,
            std::function<void(const std::string&)> copy = nullptr);
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void row(const std::vector<std::string>& cells);
  // Flushes, closes and renames into place. Throws std::runtime_error
  // naming the file when any write failed (a full disk): the partial file
  // is removed and nothing appears under `path`.
  void close() { file_.close(); }
  const std::string& path() const { return file_.path(); }

 private:
  AtomicFile file_;  // a writer never closed removes its partial file
  bool raw_;
  std::function<void(const std::string&)> copy_;
};

// Writes `bytes` to `path` the same way (a temporary name, every write
// checked, renamed when complete). Throws std::runtime_error naming the
// file.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace leakscope
