// Shared helpers for tests: an in-memory ItemSink and corpus paths.
#pragma once

#include <fcntl.h>
#include <pty.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "leakscope/item.hpp"
#include "leakscope/sql_records.hpp"

namespace leakscope::test {

// Keeps items in memory; SQL rows become items of kind "sql_row" under
// their table, one field per non-NULL value in the decoder's canonical text
// (integers in decimal, binary as 0x + upper-case hex), plus "deleted" and
// "deleted_because" for rows that are not live, so tests compare rows as
// text. `schemas` holds each table's schema by its item's index.
struct MemorySink : RecordSink {
  std::vector<Item> items;
  std::map<int64_t, SqlTableSchema> schemas;
  int64_t emit(Item&& item) override {
    items.push_back(std::move(item));
    return static_cast<int64_t>(items.size()) - 1;
  }
  void begin_table(int64_t table, const SqlTableSchema& schema) override {
    schemas[table] = schema;
  }
  void row(int64_t table, const SqlRowRef& ref,
           std::span<const SqlValue> values) override {
    const SqlTableSchema& t = schemas.at(table);
    Item r;
    r.parent = table;
    r.kind = "sql_row";
    r.locator = items[static_cast<size_t>(table)].locator +
                "/page=" + std::to_string(ref.file) + ":" +
                std::to_string(ref.page) + "/slot=" + std::to_string(ref.slot);
    for (size_t i = 0; i < values.size(); ++i) {
      const SqlValue& v = values[i];
      if (v.kind == SqlValueKind::kNull) continue;
      r.add(t.columns[i].name, value_text(v));
    }
    if (ref.state != RowState::kLive) {
      r.add("deleted", "true");
      r.add("deleted_because", ref.state == RowState::kGhost
                                   ? "ghost record"
                                   : "page not allocated (PFS)");
    }
    items.push_back(std::move(r));
  }
  static std::string value_text(const SqlValue& v) { return sql_value_text(v); }
  std::vector<const Item*> of_kind(const std::string& kind) const {
    std::vector<const Item*> out;
    for (const auto& i : items)
      if (i.kind == kind) out.push_back(&i);
    return out;
  }
};

// A fresh directory under the system's temporary directory, removed with
// everything in it when the test ends (also when a REQUIRE fails).
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "leakscope-test-XXXXXX")
            .string();
    if (!mkdtemp(tmpl.data()))
      throw std::runtime_error("cannot create a temporary directory");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const {
    return (path / name).string();
  }
};

// ../shared/corpus relative to the repository root (tests run there).
inline std::filesystem::path corpus_dir() { return "../shared/corpus"; }
inline bool have_corpus(const char* sub) {
  return std::filesystem::exists(corpus_dir() / sub);
}

// The whole file; "" if it cannot be read (tests assert on the content).
// The first column of each row of `sql` on the store `db` (plain SQLite
// API; NULL as "NULL").
inline std::vector<std::string> sql_strings(const std::filesystem::path& db,
                                            const std::string& sql) {
  std::vector<std::string> out;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK) {
    sqlite3_close(h);
    throw std::runtime_error(db.string() + ": cannot open");
  }
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string msg = sqlite3_errmsg(h);
    sqlite3_close(h);
    throw std::runtime_error(sql + ": " + msg);
  }
  while (sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    out.push_back(t ? reinterpret_cast<const char*>(t) : "NULL");
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in),
                     std::istreambuf_iterator<char>());
}

// Writes `bytes` to `p` (its folder created when missing).
inline void write_file(const std::filesystem::path& p, std::string_view bytes) {
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The readers' working directories (leakscope-work-*, Workspace) in the
// temporary directory now.
inline int count_workspaces() {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(
           std::filesystem::temp_directory_path()))
    if (e.path().filename().string().rfind("leakscope-work-", 0) == 0) ++n;
  return n;
}

#ifdef LEAKSCOPE_BINARY
// In a forked child: replaces it with the leakscope binary (or `binary`)
// run with `args`; exit status 127 when that fails.
[[noreturn]] inline void exec_leakscope(const std::vector<std::string>& args,
                                        const std::string& binary = "") {
  std::vector<char*> argv;
  std::string bin = binary.empty() ? LEAKSCOPE_BINARY : binary;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

// Runs the leakscope binary with `args` (argv words, no shell), output to
// /dev/null. Returns its exit status (-1 if it did not exit), or 0 at once
// with the child's pid in *out_pid when that is given (the caller waits).
inline int run_binary(const std::vector<std::string>& args,
                      pid_t* out_pid = nullptr) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    exec_leakscope(args);
  }
  if (out_pid) {
    *out_pid = pid;
    return 0;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs the leakscope binary with `args` (argv words, no shell), limited to
// `limit_mb` MiB of address space when that is not 0: its exit status (-1
// if it did not exit), its peak RSS and its standard output and error.
// Optionally in directory `cwd`, as user `uid` (when not 0; the test runs
// as root), and with files limited to `file_size_limit` bytes (a full disk:
// writes beyond it fail with EFBIG, SIGXFSZ ignored). `binary` replaces
// the leakscope executable (a copy elsewhere) when not empty.
struct Captured {
  int status = -1;
  long max_rss_kb = 0;
  std::string out, err;
};
inline Captured run_capture(const std::vector<std::string>& args,
                            long limit_mb = 0, const std::string& cwd = "",
                            uid_t uid = 0, long long file_size_limit = 0,
                            const std::string& binary = "") {
  auto path = std::filesystem::temp_directory_path() /
              ("leakscope-capture-" + std::to_string(getpid()));
  const std::string out_path = path.string() + ".out",
                    err_path = path.string() + ".err";
  pid_t pid = fork();
  if (pid == 0) {
    if (limit_mb) {
      struct rlimit lim;
      lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(limit_mb) << 20;
      setrlimit(RLIMIT_AS, &lim);
    }
    if (file_size_limit) {
      struct rlimit lim;
      lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(file_size_limit);
      setrlimit(RLIMIT_FSIZE, &lim);
      signal(SIGXFSZ, SIG_IGN);
    }
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(o, 1);
    dup2(e, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    if (uid && (setgid(uid) != 0 || setuid(uid) != 0)) _exit(125);
    exec_leakscope(args, binary);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  Captured c;
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  c.max_rss_kb = ru.ru_maxrss;
  c.out = read_file(out_path);
  c.err = read_file(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return c;
}

// Runs the leakscope binary with `args` (shell words); its standard output.
inline std::string run_leakscope(const std::string& args) {
  std::string cmd = std::string(LEAKSCOPE_BINARY) + " " + args + " 2>/dev/null";
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}
// Runs the leakscope binary with `args` on a new pseudo-terminal (its
// standard output and error), with `env` ("NAME=value") added: its exit
// status and everything it wrote to the terminal.
inline std::pair<int, std::string> run_on_terminal(
    const std::vector<std::string>& args, const std::vector<std::string>& env) {
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) {
    for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
    exec_leakscope(args);
  }
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(master, buf, sizeof buf)) > 0;)
    text.append(buf, static_cast<size_t>(n));  // EIO once the child is gone
  ::close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

#endif

inline std::vector<std::string> values(const Item& it,
                                       const std::string& name) {
  std::vector<std::string> out;
  for (const auto& f : it.fields)
    if (f.name == name) out.push_back(f.value);
  return out;
}

}  // namespace leakscope::test
