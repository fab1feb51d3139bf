// SQL Server files: backups (MTF, parsers/mtf), compressed backups
// (MSSQLBAK), data files (.mdf, parsers/mssql); log files are recognised and
// recorded. Typed rows go to the record sink.
#include <algorithm>
#include <cstring>

#include "compressed_backup.hpp"
#include "ingest/formats/formats.hpp"
#include "ingest/mssql_source.hpp"
#include "util/bytes.hpp"

namespace leakscope::formats {

namespace {

bool recognise_backup(std::string_view b) { return starts(b, "TAPE"); }
bool recognise_compressed(std::string_view b) { return starts(b, "MSSQLBAK"); }

// Page 0 of a SQL Server file: header version 1, type 15 (file header),
// page id 0; the next page tells a data file (a PFS page, type 11, page 1)
// from a log file.
std::string file_kind(std::string_view b) {
  if (b.size() < 16384 || static_cast<uint8_t>(b[0]) != 1 ||
      static_cast<uint8_t>(b[1]) != 15 || le32(b, 32) != 0)
    return "";
  std::string_view second = b.substr(8192);
  if (static_cast<uint8_t>(second[0]) == 1 &&
      static_cast<uint8_t>(second[1]) == 11 && le32(second, 32) == 1)
    return "mssql_data_file";
  return "mssql_log_file";
}
bool recognise_data_file(std::string_view b) {
  return file_kind(b) == "mssql_data_file";
}
bool recognise_log_file(std::string_view b) {
  return file_kind(b) == "mssql_log_file";
}

// The input's bytes as a SourceRead (pieces copied out as asked).
class PieceReader {
 public:
  explicit PieceReader(std::function<std::string_view()> next)
      : next_(std::move(next)) {}
  size_t read(char* dst, size_t n) {
    while (pos_ >= piece_.size()) {
      piece_ = next_();
      pos_ = 0;
      if (piece_.empty()) return 0;
    }
    const size_t take = std::min(n, piece_.size() - pos_);
    std::memcpy(dst, piece_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  std::function<std::string_view()> next_;
  std::string_view piece_;
  size_t pos_ = 0;
};

void parse_file(const FormatInput& in, FormatContext& ctx) {
  // Without a record sink (or, embedded, with documents off) a SQL Server
  // file is recorded by kind only.
  if (!ctx.records || (!in.source && !ctx.limits.open_documents)) return;
  bool given = false;
  std::function<std::string_view()> next = in.pull;
  if (!next)
    next = [&]() -> std::string_view {
      if (given) return {};
      given = true;
      return in.bytes;
    };
  const int64_t parent = in.source ? kNoParent : in.parent;
  std::function<void()> progress = ctx.progress;
  if (in.kind != "mssql_backup_compressed") {
    PieceReader pieces(next);
    // A plain source file's pages are read back from it by offset.
    parse_mssql(
        in.kind, [&](char* dst, size_t n) { return pieces.read(dst, n); },
        in.locator, *ctx.records, ctx.reporter, progress, in.path, parent);
    return;
  }
  // The container around an MTF stream: decompress, then read it as an
  // uncompressed backup.
  mtf::CompressedBackupReader cr(next);
  PieceReader pieces([&cr]() { return cr.next(); });
  parse_mssql(
      "mssql_backup", [&](char* dst, size_t n) { return pieces.read(dst, n); },
      in.locator, *ctx.records, ctx.reporter, progress, "", parent);
  if (!cr.error().empty())
    ctx.reporter.corruption(in.locator, cr.file_offset(), cr.error());
}

}  // namespace

const FormatDescriptor kMssqlBackup = {
    "mssql_backup",
    "SQL Server backup (MTF): every database, table and row, deleted rows "
    "included",
    recognise_backup,
    false,
    false,
    parse_file,
    "fuzz_mtf"};
const FormatDescriptor kMssqlBackupCompressed = {
    "mssql_backup_compressed",
    "SQL Server compressed backup (MSSQLBAK, XPRESS): as a backup",
    recognise_compressed,
    false,
    false,
    parse_file,
    "fuzz_xpress"};
const FormatDescriptor kMssqlDataFile = {
    "mssql_data_file",
    "SQL Server data file (.mdf): every table and row",
    recognise_data_file,
    false,
    false,
    parse_file,
    "fuzz_pages"};
const FormatDescriptor kMssqlLogFile = {
    "mssql_log_file",
    "SQL Server log file (.ldf): recorded, not parsed",
    recognise_log_file,
    false,
    false,
    nullptr,
    ""};

}  // namespace leakscope::formats
