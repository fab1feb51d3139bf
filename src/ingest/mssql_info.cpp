#include "ingest/mssql_info.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "backup_header.hpp"
#include "boot_page.hpp"
#include "catalog.hpp"
#include "compressed_backup.hpp"
#include "encryption.hpp"
#include "ingest/mssql_source.hpp"
#include "mtf_reader.hpp"
#include "page.hpp"
#include "util/evidence_file.hpp"
#include "util/file_reader.hpp"

namespace leakscope {

nlohmann::json mssql_info(const std::string& path, const std::string& kind) {
  using nlohmann::json;
  json j;
  // Compressed backups are backups: `compressed` says how they are stored.
  j["kind"] = kind == "mssql_backup_compressed" ? "mssql_backup" : kind;
  for (const char* k :
       {"database", "server", "backup_type", "backup_name", "user_name",
        "sql_server_version", "database_version", "compatibility_level",
        "backup_start", "backup_finish", "collation"})
    j[k] = nullptr;
  j["compressed"] = kind == "mssql_backup_compressed";
  j["encrypted"] = false;
  j["password_protected"] = false;
  j["files"] = json::array();
  json notes = json::array();
  EvidenceReader r(path);
  // A compressed backup is read through its decompressor; the header facts
  // are the same MTF blocks.
  std::unique_ptr<mtf::CompressedBackupReader> decompressor;
  std::function<std::string_view()> next_piece = [&]() { return r.next(); };
  std::string first_chunk;
  if (kind == "mssql_backup_compressed") {
    decompressor = std::make_unique<mtf::CompressedBackupReader>(
        [&]() -> std::string_view { return r.next(); });
    first_chunk = std::string(decompressor->next());
    bool first_given = false;
    next_piece = [&]() -> std::string_view {
      if (!first_given) {
        first_given = true;
        return first_chunk;
      }
      return decompressor->next();
    };
  }
  if (kind == "mssql_backup" || kind == "mssql_backup_compressed") {
    StripeInfo si = read_stripe_info(
        kind == "mssql_backup" ? r.peek_raw() : std::string_view(first_chunk));
    j["stripe"] = {{"family_count", si.family_count},
                   {"family_sequence", si.family_sequence},
                   {"media_set_id", si.media_set_id}};
    // A plain file is walked block by block to its end, seeking over the
    // data (a media set can hold several backup sets, appended one after
    // the other: RESTORE HEADERONLY lists each); a compressed one is read
    // until its first end-of-set block.
    const bool plain = kind == "mssql_backup";
    int fd = -1;
    if (plain) {
      try {
        fd = open_evidence_file(path, nullptr);
      } catch (const std::exception&) {
      }
    }
    struct FdCloser {
      int fd;
      ~FdCloser() {
        if (fd >= 0) ::close(fd);
      }
    } fd_closer{fd};
    uint64_t file_size = 0;
    if (fd >= 0) {
      struct stat st;
      if (::fstat(fd, &st) == 0) file_size = static_cast<uint64_t>(st.st_size);
    }
    bool stop = false, saw_eset = false;
    std::vector<uint64_t> set_offsets;   // of each SSET block
    std::vector<uint64_t> msls_offsets;  // of each set's closing block, 0: none
    std::string_view piece;
    size_t at = 0;
    uint64_t fd_pos = 0;
    std::string head;  // the first MiB of the MTF stream, for the header parser
    constexpr size_t kRecentBytes = 256 * 1024;
    std::string recent;        // the last bytes read from a decompressed stream
    uint64_t recent_from = 0;  // their stream offset
    mtf::ReadFn read = [&](char* dst, size_t n) -> size_t {
      if (stop) return 0;
      size_t take = 0;
      if (fd >= 0) {
        ssize_t got = ::pread(fd, dst, n, static_cast<off_t>(fd_pos));
        if (got <= 0) return 0;
        take = static_cast<size_t>(got);
        if (fd_pos < (1u << 20) && head.size() == fd_pos)
          head.append(dst, std::min<size_t>(take, (1u << 20) - head.size()));
        fd_pos += take;
        return take;
      }
      while (at >= piece.size()) {
        piece = next_piece();
        at = 0;
        if (piece.empty()) return 0;
      }
      take = std::min(n, piece.size() - at);
      std::memcpy(dst, piece.data() + at, take);
      if (head.size() < (1u << 20))
        head.append(dst, std::min(take, (1u << 20) - head.size()));
      // The closing MSLS block of a decompressed stream is only seen once:
      // its last bytes are kept for read_backup_trailer.
      recent.append(dst, take);
      if (recent.size() > 2 * kRecentBytes) {
        size_t drop = recent.size() - kRecentBytes;
        recent.erase(0, drop);
        recent_from += drop;
      }
      at += take;
      return take;
    };
    mtf::SeekFn seek;
    if (fd >= 0)
      seek = [&](uint64_t offset) {
        fd_pos = offset;
        return true;
      };
    bool pages_done = false;
    mtf::MtfCallbacks cb;
    cb.pages_wanted = [&] { return !pages_done; };
    // The walk keeps where each backup set starts (SSET) and closes (MSLS)
    // and whether the first set ended (ESET); every field of the header
    // blocks is read by the header parser below (mtf::parse_backup_header),
    // never here.
    cb.on_block = [&](const mtf::BlockInfo& b) {
      if (b.type == "SSET") {
        set_offsets.push_back(b.offset);
        msls_offsets.push_back(0);
      }
      if (b.type == "MSLS" && !msls_offsets.empty())
        msls_offsets.back() = b.offset;
      if (b.type == "ESET" && !plain) {
        saw_eset = true;
        stop = true;
      }
    };
    uint64_t pages_seen = 0;
    bool boot_seen = false;
    constexpr size_t kCatalogPagesChecked = 8;
    size_t catalog_pages = 0, catalog_slots = 0, catalog_readable = 0;
    cb.on_page = [&](const mtf::StreamInfo&, uint64_t, std::string_view page) {
      // Read on past the boot page until a few system catalog pages have
      // been seen (is the database encrypted?), at most 512 pages (4 MiB).
      auto enough = [&] {
        pages_done = true;
        if (!plain) stop = true;
      };
      if (pages_done) return;
      if (++pages_seen > 512) enough();
      mssql::PageHeader h;
      std::string why;
      if (!mssql::parse_page_header(page, &h, &why)) return;
      if (mssql::is_bootstrap_catalog_page(h)) {
        mssql::RecordHealth rh = mssql::record_health(page, h);
        if (rh.slots) {
          ++catalog_pages;
          catalog_slots += rh.slots;
          catalog_readable += rh.readable;
        }
        if (boot_seen && catalog_pages >= kCatalogPagesChecked) enough();
        return;
      }
      if (h.type != mssql::kBootPage) return;
      boot_seen = true;
      if (auto boot = mssql::read_boot_page(page))
        j["database_version"] = boot->database_version;
      if (catalog_pages >= kCatalogPagesChecked) enough();
    };
    CollectingReporter rep;
    mtf::read_mtf(read, cb, rep, path, seek);
    for (const auto& d : rep.damages) notes.push_back(d.what);
    if (catalog_pages && catalog_slots >= 4 &&
        catalog_readable * 10 < catalog_slots) {
      j["encrypted"] = true;
      notes.push_back(
          "database pages are encrypted (Transparent Data Encryption): the "
          "records of the system catalog pages do not parse; header fields "
          "are read, rows are not readable without the encryption key");
    }
    // The header parser knows more fields (instance names, collation,
    // compatibility level, dates with their offset); its values win where
    // it has them.
    // Set 1's bytes only: later sets are described one by one below.
    if (set_offsets.size() > 1 && set_offsets[1] < head.size())
      head.resize(set_offsets[1]);
    mtf::BackupHeader bh = mtf::parse_backup_header(head);
    // The finish time is only in the closing copy of the configuration, at
    // the end of each backup set: the last 64 KiB before the next set (or
    // the end of the file).
    auto pread_range = [&](uint64_t from, uint64_t to) {
      std::string b(to > from ? to - from : 0, '\0');
      ssize_t got =
          b.empty() ? 0
                    : ::pread(fd, b.data(), b.size(), static_cast<off_t>(from));
      b.resize(got > 0 ? static_cast<size_t>(got) : 0);
      return b;
    };
    auto set_end = [&](size_t k) {
      return k + 1 < set_offsets.size() ? set_offsets[k + 1] : file_size;
    };
    auto read_trailer = [&](size_t k, mtf::BackupHeader& into) {
      uint64_t end = set_end(k);
      uint64_t start = k < set_offsets.size() ? set_offsets[k] : 0;
      uint64_t from = end > start + 65536 ? end - 65536 : start;
      // The walk found the set's closing block: read from there (page data
      // before it can look like blocks to a parser that starts blind).
      uint64_t msls = k < msls_offsets.size() ? msls_offsets[k] : 0;
      if (msls > start && msls < end) {
        from = msls;
        end = std::min(end, from + 65536);
      }
      std::string tail = pread_range(from, end);
      if (!tail.empty()) mtf::read_backup_trailer(tail, from, into);
    };
    if (fd >= 0 && file_size > 0) read_trailer(0, bh);
    if (!plain && saw_eset && !recent.empty())
      mtf::read_backup_trailer(recent, recent_from, bh);
    if (plain) {
      // Every backup set of the media, as RESTORE HEADERONLY lists them;
      // the top-level keys describe the first.
      json sets = json::array();
      for (size_t k = 0; k < set_offsets.size() || k == 0; ++k) {
        mtf::BackupHeader sh;
        if (k == 0) {
          sh = bh;
        } else {
          // The set's own blocks, from its SSET block on.
          sh = mtf::parse_backup_header(pread_range(
              set_offsets[k], std::min(set_end(k), set_offsets[k] + 65536)));
          read_trailer(k, sh);
        }
        json e = {{"position", k + 1}};
        auto put_set = [&](const char* key, const std::string& v) {
          e[key] = v.empty() ? json(nullptr) : json(v);
        };
        put_set("database", sh.database);
        put_set("backup_type",
                sh.backup_type == "unknown" ? "" : sh.backup_type);
        put_set("backup_name", sh.backup_name);
        put_set("backup_start", sh.backup_start);
        put_set("backup_finish", sh.backup_finish);
        put_set("sql_server_version", sh.sql_server_version);
        if (sh.database_version) e["database_version"] = sh.database_version;
        sets.push_back(e);
        if (set_offsets.empty()) break;
      }
      j["backup_sets"] = sets;
      if (sets.size() > 1)
        notes.push_back(std::to_string(sets.size()) +
                        " backup sets appended in this file: the top-level "
                        "keys describe set 1; `ingest` recovers each full "
                        "set as its own database, differential sets applied "
                        "to the full set before them");
    }
    auto put = [&](const char* key, const std::string& v) {
      if (!v.empty()) j[key] = v;
    };
    put("database", bh.database);
    put("server", bh.server);
    put("backup_name", bh.backup_name);
    put("user_name", bh.user_name);
    if (bh.backup_type == "full" || bh.backup_type == "differential" ||
        bh.backup_type == "log")
      j["backup_type"] = bh.backup_type;
    put("sql_server_version", bh.sql_server_version);
    if (bh.database_version) j["database_version"] = bh.database_version;
    if (bh.compatibility_level)
      j["compatibility_level"] = bh.compatibility_level;
    put("collation", bh.collation);
    put("backup_start", bh.backup_start);
    put("backup_finish", bh.backup_finish);
    if (bh.encrypted) j["encrypted"] = true;
    if (bh.password_protected) j["password_protected"] = true;
    if (!bh.files.empty()) {
      json files = json::array();
      for (const auto& f : bh.files)
        files.push_back({{"logical_name", f.logical_name},
                         {"physical_name", f.physical_name},
                         {"type", f.type},
                         {"size", f.size}});
      j["files"] = files;
    }
    for (const auto& n : bh.notes) notes.push_back(n);
  } else if (kind == "mssql_backup_compressed") {
    notes.push_back(
        "compressed backup (MSSQLBAK): the header is inside the compressed "
        "data");
  } else if (kind == "mssql_data_file") {
    // The boot page (page 9) of a primary data file.
    std::string head;
    while (head.size() < 10 * mssql::kPageSize) {
      auto piece = r.next();
      if (piece.empty()) break;
      head.append(piece);
    }
    if (head.size() >= 10 * mssql::kPageSize) {
      const auto boot = mssql::read_boot_page(std::string_view(head).substr(
          9 * mssql::kPageSize, mssql::kPageSize));
      if (boot) {
        j["database_version"] = boot->database_version;
        j["database"] = boot->database;
      } else {
        notes.push_back("no boot page at page 9: a secondary data file (.ndf)");
      }
    }
  } else if (kind == "mssql_log_file") {
    notes.push_back("transaction log file: log records are not decoded");
  }
  j["notes"] = notes;
  return j;
}

}  // namespace leakscope
