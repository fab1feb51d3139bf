#include "mtf_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "encode.hpp"
#include "page_builder.hpp"

namespace leakscope::bakgen {

namespace {

constexpr size_t kCommonHeader = 52;
constexpr size_t kStreamHeader = 22;
constexpr uint64_t kLogicalBlock = 1024;  // TAPE: format logical block size

uint16_t xor_words(std::string_view b) {
  uint16_t x = 0;
  for (size_t i = 0; i + 1 < b.size(); i += 2)
    x ^= static_cast<uint16_t>(static_cast<uint8_t>(b[i]) |
                               (static_cast<uint8_t>(b[i + 1]) << 8));
  return x;
}

uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

// A descriptor block under construction: the common header, the block's
// own fields, strings, then streams.
class Block {
 public:
  // `strings_at`: where strings start (after the block's own fields).
  Block(const char* type, uint32_t attributes, size_t strings_at,
        uint8_t string_type, uint32_t control)
      : b_(strings_at, '\0') {
    std::memcpy(b_.data(), type, 4);
    set32(b_, 4, attributes);
    b_[10] = 14;  // OS id (Windows NT), as SQL Server writes it
    b_[11] = 1;
    set32(b_, 36, control);
    b_[48] = static_cast<char>(string_type);
  }
  std::string& bytes() { return b_; }
  // A UTF-16 string with its tape address (u16 size, u16 offset) at `at`.
  void string(size_t at, std::string_view utf8) {
    std::string u = utf8_to_utf16le(utf8);
    set16(b_, at, static_cast<uint16_t>(u.size()));
    set16(b_, at + 2, static_cast<uint16_t>(u.empty() ? 0 : b_.size()));
    b_ += u;
  }
  // Ends the block's own part: the first stream starts at `first_stream`
  // (or the next 4-byte boundary) and the header checksum is set.
  void close_header(size_t first_stream = 0) {
    size_t fs = std::max(first_stream, align_up(b_.size(), 4));
    b_.resize(fs, '\0');
    set16(b_, 8, static_cast<uint16_t>(fs));
    set16(b_, 50, xor_words(std::string_view(b_).substr(0, 50)));
  }
  void stream(const char* id, std::string_view data) {
    b_ += stream_header(id, data.size());
    b_ += data;
    b_.resize(align_up(b_.size(), 4), '\0');
  }
  static std::string stream_header(const char* id, uint64_t length) {
    std::string h(kStreamHeader, '\0');
    std::memcpy(h.data(), id, 4);
    for (int i = 0; i < 8; ++i)
      h[8 + static_cast<size_t>(i)] =
          static_cast<char>((length >> (8 * i)) & 0xFF);
    set16(h, 20, xor_words(std::string_view(h).substr(0, 20)));
    return h;
  }

 private:
  std::string b_;
};

std::string text_or(const std::string& s, const std::string& fallback) {
  return s.empty() ? fallback : s;
}

std::string machine_of(const std::string& server) {
  return server.substr(0, server.find('\\'));
}

// TDS-style collation info (SCIN+0xD8) of a syscolpars collation id.
std::string scin_collation(uint32_t id) {
  switch (id) {
    case kLatin1GeneralCiAs:
      return std::string("\x09\x04\xD0\x00\x00", 5);
    case kModernSpanishCiAs:
      return std::string("\x0A\x0C\xD0\x00\x00", 5);
    default:  // SQL_Latin1_General_CP1_CI_AS
      return std::string("\x09\x04\xD0\x00\x34", 5);
  }
}

// A configuration record: tag, length, fields; strings appended by `str`.
class ConfigRecord {
 public:
  ConfigRecord(const char* tag, size_t strings_at) : r_(strings_at, '\0') {
    std::memcpy(r_.data(), tag, 4);
  }
  std::string& bytes() { return r_; }
  void str(size_t at, std::string_view utf8) {
    std::string u = utf8_to_utf16le(utf8);
    set16(r_, at, static_cast<uint16_t>(u.size()));
    set16(r_, at + 2, static_cast<uint16_t>(r_.size()));
    r_ += u;
  }
  std::string done() {
    r_.resize(align_up(r_.size(), 4), '\0');
    set32(r_, 4, static_cast<uint32_t>(r_.size()));
    return r_;
  }

 private:
  std::string r_;
};

}  // namespace

Output::Output(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw std::runtime_error("cannot create " + path + ": " +
                             std::strerror(errno));
  buf_.reserve(1u << 20);
}

Output::~Output() {
  if (fd_ >= 0) ::close(fd_);
}

void Output::flush() {
  size_t done = 0;
  while (done < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error("cannot write " + path_ + ": " +
                               std::strerror(errno));
    done += static_cast<size_t>(n);
  }
  buf_.clear();
}

void Output::write(std::string_view bytes) {
  buf_ += bytes;
  pos_ += bytes.size();
  if (buf_.size() >= (1u << 20)) flush();
}

void Output::patch(uint64_t offset, std::string_view bytes) {
  flush();
  write_at(offset, bytes);
}

void Output::write_at(uint64_t offset, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                         static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw std::runtime_error("cannot write " + path_ + ": " +
                               std::strerror(errno));
    done += static_cast<size_t>(n);
  }
}

void Output::close() {
  if (fd_ < 0) return;
  flush();
  if (::close(fd_) != 0)
    throw std::runtime_error("cannot close " + path_ + ": " +
                             std::strerror(errno));
  fd_ = -1;
}

MtfWriter::MtfWriter(Output& out, const DatabaseSpec& db) : out_(out), db_(db) {
  // The media set id: derived from the database name and start time, so a
  // given description always gives the same bytes.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : db.name + mtf_date(db.backup_start))
    h = (h ^ ch) * 1099511628211ull;
  for (int i = 0; i < 16; ++i) {
    h = (h ^ static_cast<uint64_t>(i)) * 1099511628211ull;
    media_set_id_.push_back(static_cast<char>(h >> 56));
  }
  media_set_id_[7] = static_cast<char>((media_set_id_[7] & 0x0F) | 0x40);
}

void MtfWriter::pad(std::string& block, uint64_t at, uint64_t align) {
  uint64_t end = at + block.size() + kStreamHeader;
  uint64_t target = align_up(end, align);
  std::string data(static_cast<size_t>(target - end), '\0');
  block += Block::stream_header("SPAD", data.size());
  block += data;
}

void MtfWriter::put_block(std::string block) { out_.write(block); }

std::string MtfWriter::tape_block() {
  Block b("TAPE", 0x30000, 94, 2, 0);
  std::string& p = b.bytes();
  uint32_t family = 0;  // media family id
  for (int i = 0; i < 4; ++i)
    family |= static_cast<uint32_t>(
                  static_cast<uint8_t>(media_set_id_[static_cast<size_t>(i)]))
              << (8 * i);
  set32(p, 52, family);
  set16(p, 60, 1);  // media sequence number
  set16(p, 64, 1);  // soft filemark block size (logical blocks)
  set16(p, 84, static_cast<uint16_t>(kLogicalBlock));
  set16(p, 86, 0x1200);  // software vendor
  p.replace(88, 5, mtf_date(db_.backup_start));
  p[93] = 1;  // MTF major version
  b.string(80, "Microsoft SQL Server");
  b.close_header(140);
  // RAID: media set id, a constant, family count, 1, family sequence.
  std::string raid = media_set_id_;
  put32(raid, 0xF00000ADu);
  put16(raid, 1);
  put16(raid, 1);
  put16(raid, 1);
  raid.resize(32, '\0');
  b.stream("RAID", raid);
  return b.bytes();
}

std::string MtfWriter::sfmb_block() {
  std::string p(kCommonHeader, '\0');
  std::memcpy(p.data(), "SFMB", 4);
  set32(p, 4, 0x80000000u);
  set16(p, 8, 512);
  p[10] = 14;
  p[11] = 1;
  set16(p, 50, xor_words(std::string_view(p).substr(0, 50)));
  p.resize(512, '\0');
  return p;
}

std::string MtfWriter::sset_block(uint64_t at) {
  Block b("SSET", 0, 116, 2, control_++);
  std::string& p = b.bytes();
  set32(p, 52, 4);  // set attributes: a normal (not differential) set
  set16(p, 60, 0x1200);
  set16(p, 62, 1);  // data set number
  for (int i = 0; i < 8; ++i)
    p[80 + static_cast<size_t>(i)] = static_cast<char>((at >> (8 * i)) & 0xFF);
  p.replace(88, 5, mtf_date(db_.backup_start));
  p[93] = static_cast<char>(db_.major_version);
  p[94] = static_cast<char>(db_.minor_version);
  p[95] = static_cast<char>(static_cast<int8_t>(db_.utc_offset_minutes / 15));
  p[97] = 2;  // catalog version
  p.replace(100, 16, media_set_id_);
  b.string(64, text_or(db_.backup_name, db_.name + "-Full Database Backup"));
  b.string(76, db_.user_name);
  b.close_header();
  return b.bytes();
}

std::string MtfWriter::volb_block() {
  Block b("VOLB", 0, 76, 2, control_++);
  std::string& p = b.bytes();
  p.replace(68, 5, mtf_date(db_.backup_start));
  b.string(56, "C:");
  b.string(64, machine_of(db_.server));
  b.close_header();
  return b.bytes();
}

std::string MtfWriter::config_block(const char* type, bool closing,
                                    uint64_t data_bytes) {
  ConfigRecord scin("SCIN", 0x100);
  std::string& s = scin.bytes();
  set32(s, 0x08, 0x200);
  set16(s, 0x18, static_cast<uint16_t>(db_.build));
  s[0x1A] = static_cast<char>(db_.minor_version);
  s[0x1B] = static_cast<char>(db_.major_version);
  s.replace(0x48, 5, mtf_date(db_.created));
  s.replace(0x4D, 5, mtf_date(db_.backup_start));
  if (closing) s.replace(0x52, 5, mtf_date(db_.backup_finish));
  s[0x57] = 'D';  // full database backup
  std::string coll = scin_collation(db_.collation);
  s[0x58] = coll[4];  // SQL sort order (0 for Windows collations)
  s[0x5B] = static_cast<char>(db_.compatibility_level);
  set16(s, 0x5E, db_.database_version);
  set32(s, 0x74, db_.collation == kModernSpanishCiAs ? 3082 : 1033);
  set32(s, 0x78, 0x30001);
  s.replace(0xD8, 5, coll);
  scin.str(0x68, db_.name);
  scin.str(0x6C, db_.server);
  std::string data = scin.done();

  ConfigRecord sfgi("SFGI", 0x20);
  set32(sfgi.bytes(), 0x08, 1);  // filegroup 1
  sfgi.str(0x0C, "PRIMARY");
  data += sfgi.done();

  uint64_t log_bytes = 8ull << 20;
  for (int file = 1; file <= 2; ++file) {
    bool log = file == 2;
    ConfigRecord f("SFIN", 0x90);
    std::string& r = f.bytes();
    set32(r, 0x08, log ? 0x0C : 0x04);
    set32(r, 0x14, static_cast<uint32_t>(file));
    set32(r, 0x1C, log ? 2 : 1);
    set32(r, 0x20, 512);
    set32(r, 0x24, log ? 0 : 1);
    uint64_t size = log ? log_bytes : data_bytes;
    if (!log && !closing) sfin_size_at_ = data.size() + 0x28;  // patched
    for (int i = 0; i < 8; ++i) {
      r[0x28 + static_cast<size_t>(i)] =
          static_cast<char>((size >> (8 * i)) & 0xFF);
      r[0x7A + static_cast<size_t>(i)] =
          static_cast<char>((35184372080640ull >> (8 * i)) & 0xFF);
    }
    std::string logical = db_.name + (log ? "_log" : "");
    f.str(0x30, logical);
    f.str(0x34, db_.data_directory + logical + (log ? ".ldf" : ".mdf"));
    data += f.done();
  }
  Block b(type, 0, 56, 2, control_++);
  b.close_header();
  if (!closing) sfin_size_at_ += out_.pos() + b.bytes().size() + kStreamHeader;
  b.stream("MQCI", data);
  return b.bytes();
}

std::string MtfWriter::eset_block() {
  Block b("ESET", 0, 88, 0, 0);
  std::string& p = b.bytes();
  set32(p, 52, 4);
  set16(p, 78, 1);  // data set number
  p.replace(80, 5, mtf_date(db_.backup_start));
  b.close_header();
  return b.bytes();
}

void MtfWriter::begin() {
  std::string tape = tape_block();
  pad(tape, out_.pos(), kLogicalBlock);
  put_block(tape);
  put_block(sfmb_block());
  std::string sset = sset_block(out_.pos());
  pad(sset, out_.pos(), kLogicalBlock);
  put_block(sset);
  std::string volb = volb_block();
  pad(volb, out_.pos(), kLogicalBlock);
  put_block(volb);
  std::string msci = config_block("MSCI", false, 0);
  pad(msci, out_.pos(), kLogicalBlock);
  put_block(msci);
  // MSDA: an APAD stream brings the MQDA header to +1000, so its data
  // starts at +1022 and, after 2 bytes, the first page at +1024.
  Block b("MSDA", 0, 60, 0, control_++);
  b.close_header(60);
  std::string msda = b.bytes();
  msda += Block::stream_header("APAD", 1000 - 60 - kStreamHeader);
  msda.resize(1000, '\0');
  mqda_header_ = out_.pos() + msda.size();
  msda += Block::stream_header("MQDA", 0);  // length patched by end()
  msda.append(2, '\0');
  put_block(msda);
}

void MtfWriter::page(std::string_view page) {
  if (page.size() != kPageSize) throw std::logic_error("page of wrong size");
  out_.write(page);
  ++pages_;
}

void MtfWriter::end(uint64_t data_pages) {
  out_.patch(mqda_header_,
             Block::stream_header("MQDA", 2 + pages_ * kPageSize));
  std::string size;
  put64(size, data_pages * kPageSize);
  out_.patch(sfin_size_at_, size);
  // A zero-length MQDA ends the file's pages; SPAD ends the block.
  std::string tail = Block::stream_header("MQDA", 0);
  tail.append(2, '\0');
  pad(tail, out_.pos(), kLogicalBlock);
  out_.write(tail);
  std::string msls = config_block("MSLS", true, data_pages * kPageSize);
  pad(msls, out_.pos(), kLogicalBlock);
  put_block(msls);
  put_block(sfmb_block());
  std::string eset = eset_block();
  pad(eset, out_.pos(), kLogicalBlock);
  put_block(eset);
  put_block(sfmb_block());
}

}  // namespace leakscope::bakgen
