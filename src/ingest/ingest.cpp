#include "ingest/ingest.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <thread>

#include "ingest/mssql_source.hpp"
#include "ingest/source_parser.hpp"
#include "ingest/source_sink.hpp"
#include "leakscope/store.hpp"
#include "leakscope/store_queries.hpp"
#include "store/writer.hpp"
#include "util/evidence_file.hpp"
#include "util/file_reader.hpp"
#include "walk/walker.hpp"

namespace leakscope {

namespace {

// An error about one evidence file, naming it: what() when it already
// starts with the file's display path, else the path and what().
std::string error_naming(const std::string& display, const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e))
    return display + ": out of memory while reading it (" + e.what() +
           "); the file is listed unreadable and the run goes on";
  std::string what = e.what();
  if (what.rfind(display, 0) == 0) return what;
  return display + ": " + what;
}

// Forwards damage to the source's sink and counts it.
class SourceReporter : public Reporter {
 public:
  explicit SourceReporter(SourceSink& sink) : sink_(sink) {}
  void corruption(const std::string& locator, uint64_t offset,
                  const std::string& what) override {
    ++count;
    if (count <= 10000) sink_.add_damage({locator, offset, what});
  }
  uint64_t count = 0;

 private:
  SourceSink& sink_;
};

std::string hash_only(const std::string& path) {
  EvidenceReader r(path);
  return r.finish();
}

// The exposure's own countries for phone numbers written with no country
// hint: the regions of the numbers the store already holds (before this
// run: the same store state gives the same regions, whatever the order the
// sources are read in), each with at least 5% of them, at most five, and
// only once the store holds 20 such numbers.
std::vector<std::string> exposure_regions(const Store& store) {
  const auto seen = store_queries::phone_regions_seen(store);
  int64_t total = 0;
  for (const auto& [region, n] : seen) total += n;
  std::vector<std::string> out;
  if (total < 20) return out;
  for (const auto& [region, n] : seen)
    if (n * 20 >= total && out.size() < 5) out.push_back(region);
  return out;
}

}  // namespace

IngestSummary run_ingest(
    const IngestOptions& opt,
    const std::function<void(const IngestProgress&)>& progress) {
  auto t0 = std::chrono::steady_clock::now();
  auto store = Store::open(opt.store_path);
  int64_t run_id = store->begin_run(opt.command_line);
  const std::map<std::string, SourceRecord> known = store->sources();

  WalkOptions walk_options;
  walk_options.follow_symlinks = opt.follow_symlinks;
  // The store is not evidence: its own files (and those SQLite makes beside
  // it, already there since it is open) are excluded by device and inode.
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    struct stat st;
    if (::stat((opt.store_path + suffix).c_str(), &st) == 0)
      walk_options.exclude.insert({st.st_dev, st.st_ino});
  }
  WalkResult walked = walk_paths(opt.paths, walk_options);
  if (opt.shard_n > 0) {
    auto mine = [&](const SourceFile& f) {
      uint64_t h = 1469598103934665603ull;
      for (unsigned char c : f.path) h = (h ^ c) * 1099511628211ull;
      return static_cast<int>(h % static_cast<uint64_t>(opt.shard_n)) ==
             opt.shard_k - 1;
    };
    std::erase_if(walked.files, [&](const SourceFile& f) { return !mine(f); });
    std::erase_if(walked.skipped,
                  [&](const SkippedEntry& e) { return !mine(e.file); });
  }
  IngestSummary sum;
  sum.excluded_paths = walked.excluded;
  sum.files = walked.files.size();
  for (const auto& f : walked.files) sum.bytes += f.size;
  for (const auto& e : walked.errors) {
    sum.failed_paths.push_back(e);
    ++sum.failed;
  }

  // A run killed before: what its unfinished sources wrote goes; they are
  // read again below (they are no longer among the known sources).
  std::map<std::string, SourceRecord> known_now = known;
  store->begin_bulk_load();
  for (const auto& path : store->remove_unfinished_sources(run_id))
    known_now.erase(path);
  std::atomic<uint64_t> files_done{0}, bytes_done{0};
  std::mutex sum_mu;
  StoreWriter writer(*store, run_id);
  ClassifierOptions classifier_options;
  classifier_options.phone_regions = opt.phone_regions;
  classifier_options.exposure_regions = exposure_regions(*store);
  int jobs = opt.jobs > 0 ? opt.jobs
                          : std::max(1u, std::thread::hardware_concurrency());

  // Striped backup sets: the files of one media set are read together by
  // one worker (the boot page may be in one stripe, a table's extents in
  // another). A worker that meets a stripe while processing files one by one
  // defers it (nothing is written for it yet); the deferred files are grouped
  // by media set and read in a second phase.
  std::vector<StripeInfo> stripes(walked.files.size());
  std::mutex deferred_mu;
  std::vector<size_t> deferred;
  auto make_record = [&](const SourceFile& f) {
    SourceRecord rec;
    rec.root = f.root;
    rec.path = f.path;
    rec.given = f.given;
    rec.size = f.size;
    rec.mtime = f.mtime;
    return rec;
  };
  // Resume: a source already done with the same size and hash is kept.
  auto already_done = [&](const SourceFile& f) {
    auto it = known_now.find(f.path);
    if (it == known_now.end() || it->second.status == "failed" ||
        it->second.size != f.size)
      return false;
    std::string sha;
    try {
      sha = hash_only(f.path);
    } catch (const std::exception&) {
    }
    return sha == it->second.sha256;
  };
  auto record_outcome = [&](SourceSink& sink, SourceRecord& rec,
                            const SourceReporter& reporter,
                            const SourceFile& f) {
    rec.damages = reporter.count;
    rec.status = reporter.count ? "damaged" : "ok";
    sink.finish(rec);
    std::lock_guard<std::mutex> l(sum_mu);
    ++sum.ingested;
    sum.items += static_cast<uint64_t>(sink.count());
    if (reporter.count) {
      ++sum.damaged;
      sum.damaged_paths.push_back(
          f.path + ": " + std::to_string(reporter.count) + " damage report(s)");
    }
  };

  auto process_single = [&](size_t i) {
    const SourceFile& f = walked.files[i];
    SourceRecord rec = make_record(f);
    SourceSink sink(writer, i + 1, rec, opt.classify, 16u << 20,
                    classifier_options);
    SourceReporter reporter(sink);
    uint64_t counted = 0;
    auto on_bytes = [&](uint64_t raw) {
      if (raw > counted) {
        bytes_done += raw - counted;
        counted = raw;
      }
    };
    try {
      SourceLimits limits;
      limits.documents = opt.documents;
      limits.defer = [&](std::string_view head) {
        StripeInfo si = read_stripe_info(head);
        if (si.family_count <= 1) return false;
        stripes[i] = si;
        return true;
      };
      ParseOutcome po =
          parse_source(f.path, f.display, sink, reporter, on_bytes, limits);
      if (po.kind == "deferred") {
        std::lock_guard<std::mutex> l(deferred_mu);
        deferred.push_back(i);
        return;  // nothing was sent for this source
      }
      rec.sha256 = po.sha256;
      rec.kind = po.kind;
      rec.size = po.bytes;
      record_outcome(sink, rec, reporter, f);
    } catch (const std::exception& e) {
      rec.kind = "unreadable";
      const std::string why = error_naming(f.display, e);
      sink.abort(rec, why);
      std::lock_guard<std::mutex> l(sum_mu);
      ++sum.failed;
      sum.failed_paths.push_back(why);
    }
    bytes_done += f.size > counted ? f.size - counted : 0;
    files_done++;
  };

  auto process_stripe_set = [&](const std::vector<size_t>& members) {
    const StripeInfo& si = stripes[members[0]];
    std::vector<std::unique_ptr<SourceSink>> sinks;
    std::vector<std::unique_ptr<SourceReporter>> reps;
    std::vector<SourceRecord> recs;
    for (size_t i : members) {
      recs.push_back(make_record(walked.files[i]));
      sinks.push_back(std::make_unique<SourceSink>(writer, i + 1, recs.back(),
                                                   opt.classify, 16u << 20,
                                                   classifier_options));
      reps.push_back(std::make_unique<SourceReporter>(*sinks.back()));
    }
    MssqlDatabaseReader db;
    std::vector<bool> failed(members.size(), false);
    for (size_t k = 0; k < members.size(); ++k) {
      const SourceFile& f = walked.files[members[k]];
      try {
        EvidenceReader r(f.path);
        std::string_view piece;
        size_t at = 0;
        SourceRead read = [&](char* dst, size_t n) -> size_t {
          while (at >= piece.size()) {
            piece = r.next();
            at = 0;
            if (piece.empty()) return 0;
          }
          size_t take = std::min(n, piece.size() - at);
          std::memcpy(dst, piece.data() + at, take);
          at += take;
          return take;
        };
        db.add("mssql_backup", read, f.display, *reps[k], {}, f.path);
        recs[k].sha256 = r.finish();
        recs[k].size = r.raw_bytes();
        if (std::string change = r.changed_since_open(); !change.empty())
          reps[k]->corruption(f.display, kNoOffset, change);
        recs[k].kind = "mssql_backup";
      } catch (const std::exception& e) {
        failed[k] = true;
        recs[k].kind = "unreadable";
        recs[k].error = error_naming(f.display, e);
      }
      bytes_done += f.size;
      files_done++;
    }
    const std::string& display0 = walked.files[members[0]].display;
    if (members.size() < si.family_count)
      reps[0]->corruption(
          display0, kNoOffset,
          "striped backup set " + si.media_set_id + ": " +
              std::to_string(members.size()) + " of " +
              std::to_string(si.family_count) +
              " files present; pages in the missing stripes are not readable");
    db.add_field("stripe.media_set_id", si.media_set_id);
    db.add_field("stripe.family_count", std::to_string(si.family_count));
    db.add_field("stripe.files_present", std::to_string(members.size()));
    try {
      db.emit(*sinks[0], *reps[0], display0);
    } catch (const std::exception& e) {
      reps[0]->corruption(display0, kNoOffset, error_naming(display0, e));
    }
    for (size_t k = 0; k < members.size(); ++k) {
      const SourceFile& f = walked.files[members[k]];
      if (k > 0) {
        Item stripe;
        stripe.kind = "mssql_backup_stripe";
        stripe.locator = f.display;
        stripe.title = f.display.substr(f.display.rfind('/') + 1);
        stripe.add("media_set_id", si.media_set_id);
        stripe.add("family_sequence",
                   std::to_string(stripes[members[k]].family_sequence));
        stripe.add("database_items_in", display0);
        sinks[k]->emit(std::move(stripe));
      }
      if (failed[k]) {
        sinks[k]->abort(recs[k], recs[k].error);
        std::lock_guard<std::mutex> l(sum_mu);
        ++sum.failed;
        sum.failed_paths.push_back(recs[k].error);
      } else {
        record_outcome(*sinks[k], recs[k], *reps[k], f);
      }
    }
  };

  auto report_progress = [&]() {
    IngestProgress p;
    p.files_total = walked.files.size();
    p.files_done = files_done.load();
    p.bytes_total = sum.bytes;
    p.bytes_done = std::min(bytes_done.load(), sum.bytes);
    p.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
    progress(p);
  };
  auto run_units = [&](const std::vector<std::vector<size_t>>& units) {
    std::atomic<size_t> next_unit{0};
    std::atomic<int> running{jobs};
    auto worker = [&]() {
      for (;;) {
        size_t u = next_unit.fetch_add(1);
        if (u >= units.size()) break;
        const auto& members = units[u];
        bool all_done = true;
        for (size_t i : members)
          all_done = all_done && already_done(walked.files[i]);
        if (all_done) {
          std::lock_guard<std::mutex> l(sum_mu);
          for (size_t i : members) {
            ++sum.skipped;
            files_done++;
            bytes_done += walked.files[i].size;
          }
          continue;
        }
        if (stripes[members[0]].family_count > 1)
          process_stripe_set(members);
        else
          process_single(members[0]);
      }
      running--;
    };
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
    while (progress && running.load() > 0) {
      report_progress();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    for (auto& t : threads) t.join();
  };
  // Entries that are not read (links, FIFOs, devices, sockets) are listed
  // as sources with status "skipped" and the reason, so that the record
  // says what the paths held.
  for (size_t j = 0; j < walked.skipped.size(); ++j) {
    const SkippedEntry& e = walked.skipped[j];
    SourceRecord rec = make_record(e.file);
    rec.kind = e.kind;
    rec.status = "skipped";
    rec.error = e.why;
    SourceSink sink(writer, walked.files.size() + j + 1, rec, false);
    sink.finish(rec);
    sum.not_read_paths.push_back(e.file.display + ": " + e.why);
  }
  std::vector<std::vector<size_t>> singles;
  singles.reserve(walked.files.size());
  for (size_t i = 0; i < walked.files.size(); ++i) singles.push_back({i});
  run_units(singles);
  // Phase 2: deferred stripes, one unit per media set, in sequence order.
  std::map<std::string, std::vector<size_t>> sets;
  for (size_t i : deferred) sets[stripes[i].media_set_id].push_back(i);
  std::vector<std::vector<size_t>> set_units;
  for (auto& [id, members] : sets) {
    std::sort(members.begin(), members.end(), [&](size_t x, size_t y) {
      return stripes[x].family_sequence < stripes[y].family_sequence;
    });
    set_units.push_back(members);
  }
  if (!set_units.empty()) run_units(set_units);
  if (progress) report_progress();
  writer.finish();
  if (atime_may_have_changed()) {
    sum.notices.push_back(
        "access times may have changed: the kernel refused O_NOATIME for "
        "files or folders the examiner does not own (read them as their "
        "owner, or from a read-only or noatime mount, to keep them)");
    store->custody(run_id, "notice", "", 0, "", sum.notices.back());
  }
  store->end_bulk_load();
  store->end_run(run_id, sum.failed ? "finished_with_unreadable" : "ok");
  sum.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
  return sum;
}

}  // namespace leakscope
