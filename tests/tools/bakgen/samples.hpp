// The databases leakscope-bakgen writes: a small CRM (the project's sample
// exposure) and a benchmark table of any size.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "backup_writer.hpp"
#include "schema.hpp"

namespace leakscope::bakgen {

// Deterministic randomness: std::mt19937_64 is fully specified; the
// distributions are our own, so a seed gives the same bytes everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t next() { return engine_(); }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) {
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do v = engine_();
    while (v >= limit);
    return v % n;
  }
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool percent(int p) { return below(100) < static_cast<uint64_t>(p); }
  std::string digits(int n);

 private:
  std::mt19937_64 engine_;
};

// "CRM" on server CRMSQL01\SQLEXPRESS (SQL Server 2019):
//   dbo.Contacts   (clustered on ContactId) 40 contacts in DE, GB, FR, ES,
//                  BR, IN, JP, plus 2 deleted ones still on their page
//                  (ghost records)
//   dbo.PriceList  (heap) services and licences in six currencies; two rows
//                  were moved by updates (forwarded records)
//   dbo.Projects   (clustered on ProjectId) with ntext notes, one of them
//                  longer than a page (stored as a LOB tree)
// Names, e-mail domains and phone numbers are fictional (the domains and
// number ranges of tests/tools/mailgen's world).
DatabaseSpec crm_database();
std::vector<TableContents> crm_tables(uint64_t seed);

// "Bench": dbo.Events (EventId int NOT NULL clustered, CustomerId int,
// Code varchar(20), CreatedAt datetime) with `rows` rows, streamed.
// `progress` (may be empty) is called every 65536 rows.
// `compression`: 0 none, 1 ROW, 2 PAGE.
WriterStats write_bench(const std::string& path, uint64_t rows, uint64_t seed,
                        OutputFormat format,
                        const std::function<void(uint64_t)>& progress = {},
                        uint8_t compression = 0);

// "BenchCrm": dbo.Customers, a CRM-shaped wide table (about 330 bytes a
// row): CustomerId int NOT NULL clustered, FirstName/LastName nvarchar(50),
// Email varchar(100), Phone varchar(30), Street nvarchar(100), City
// nvarchar(50), Country nvarchar(50), Balance decimal(12,2), CreatedAt
// datetime2(3), Notes nvarchar(400) (empty for 30% of rows), streamed.
// Names, cities and domains are those of the CRM sample, combined at random.
WriterStats write_wide_bench(const std::string& path, uint64_t rows,
                             uint64_t seed, OutputFormat format,
                             uint8_t compression = 0);

}  // namespace leakscope::bakgen
