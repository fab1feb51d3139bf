// Hostile input, memory and time bombs: each ends with a damage line or a
// bounded result, a bounded peak RSS (the run happens in a child under an
// address-space limit, and its peak RSS is read back), and the run goes on.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "bakgen/backup_writer.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace bg = leakscope::bakgen;
using namespace leakscope;

namespace {

struct Bounded {
  int status = -1;
  long max_rss_kb = 0;
  std::string out, err;
};

// Runs leakscope `args` in a child limited to `limit_mb` MiB of address
// space; its exit status, peak RSS and output.
Bounded run_bounded(const std::vector<std::string>& args, long limit_mb) {
  const fs::path base = fs::temp_directory_path() /
                        ("leakscope-bounded-" + std::to_string(getpid()));
  const std::string out_path = base.string() + ".out",
                    err_path = base.string() + ".err";
  pid_t pid = fork();
  if (pid == 0) {
    struct rlimit lim;
    lim.rlim_cur = lim.rlim_max = static_cast<rlim_t>(limit_mb) << 20;
    setrlimit(RLIMIT_AS, &lim);
    std::vector<std::string> copy = args;
    std::string bin = LEAKSCOPE_BINARY;
    std::vector<char*> argv{bin.data()};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    int o = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(o, 1);
    dup2(e, 2);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  Bounded b;
  b.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  b.max_rss_kb = ru.ru_maxrss;
  b.out = test::read_file(out_path);
  b.err = test::read_file(err_path);
  fs::remove(out_path);
  fs::remove(err_path);
  return b;
}

// An 8 KiB page whose header parses (version 1, a data page) and claims
// file `file`, page `page`.
std::string crafted_page(uint16_t file, uint32_t page) {
  std::string p(8192, '\0');
  p[0] = 1;  // header version
  p[1] = 1;  // data page
  std::memcpy(&p[32], &page, 4);
  std::memcpy(&p[36], &file, 2);
  uint16_t free_data = 96;
  std::memcpy(&p[30], &free_data, 2);
  return p;
}

}  // namespace

TEST_CASE(
    "hostile: page ids near 2^28 and 2^32 in three file ids keep the page "
    "index small") {
  test::TempDir tmp;
  // A real data file, then pages whose headers claim ids far beyond it.
  bg::DatabaseSpec db;
  db.name = "Shop";
  bg::TableContents t;
  t.spec.name = "Orders";
  t.spec.columns = {bg::Column("Id", "int"),
                    bg::Column("Email", "varchar(60)")};
  for (int i = 0; i < 50; ++i)
    t.rows.push_back(
        {std::to_string(i), "c" + std::to_string(i) + "@shop.test"});
  const fs::path mdf = tmp.path / "shop.mdf";
  bg::write_database(mdf.string(), db, {t}, bg::OutputFormat::kDataFile);
  {
    std::ofstream f(mdf, std::ios::app | std::ios::binary);
    for (uint16_t file : {1, 2, 3})
      for (uint32_t page : {(1u << 28) - 1, (1u << 28) - 9000, 0xFFFFFFF0u})
        f << crafted_page(file, page);
  }
  Bounded b = run_bounded(
      {"ingest", mdf.string(), "--store", (tmp.path / "c.db").string()}, 2048);
  CAPTURE(b.err);
  CHECK(b.status == 0);
  CHECK(b.max_rss_kb < 300 * 1024);
  // The real rows are all there.
  CHECK(test::run_leakscope("lookup --store " + (tmp.path / "c.db").string() +
                            " --json c7@shop.test") ==
        "{\"found\":true,\"items\":1}\n");
}
