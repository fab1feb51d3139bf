#include "report/report_json.hpp"

#include <ctime>

#include "leakscope/store_queries.hpp"

namespace leakscope {

nlohmann::json build_report(const Store& store) {
  using nlohmann::json;
  json r;
  r["schema"] = "leakscope.report/1";
  r["tool_version"] = LEAKSCOPE_VERSION;
  {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    r["generated"] = buf;
  }
  namespace q = store_queries;
  const q::SourceTotals totals = q::source_totals(store);
  json sources;
  sources["files"] = totals.files;
  sources["bytes"] = totals.bytes;
  sources["unreadable"] = totals.unreadable;
  sources["damaged"] = totals.damaged;
  json by_kind = json::object();
  for (const auto& [kind, n] : totals.by_kind) by_kind[kind] = n;
  sources["by_kind"] = by_kind;
  r["sources"] = sources;

  // The counts and the time span come from the measurement
  // (add_measurements), kept per store state in the measure cache.
  r["counts"] = json::object();
  r["time_span"] = json::object();

  json unreadable = json::array(), damaged = json::array();
  for (const auto& p : q::problem_sources(store)) {
    if (p.status == "failed")
      unreadable.push_back({{"path", p.path}, {"error", p.error}});
    else
      damaged.push_back({{"path", p.path}, {"damages", p.damages}});
  }
  r["unreadable"] = unreadable;
  r["damaged"] = damaged;
  r["method"] = {
      {"sources",
       "Every regular file found under the ingested paths, "
       "identified by content (magic bytes), hashed with SHA-256."},
      {"messages.raw",
       "Every message occurrence: each .eml file, each mbox "
       "member, each nested message/rfc822 part."},
      {"messages.unique",
       "Distinct Message-ID values; a message without one is keyed by the "
       "SHA-256 of its From, To, Cc, Date and Subject and body text "
       "(whitespace-normalised), so copies with extra Received headers count "
       "once."},
      {"attachments.raw",
       "Every leaf MIME part with a file name or "
       "Content-Disposition: attachment, and every file "
       "inside a TNEF winmail.dat."},
      {"attachments.unique", "Distinct SHA-256 of the decoded bytes."},
      {"email_addresses.raw",
       "Every address in From, Sender, Reply-To, To, "
       "Cc and Bcc of every message occurrence."},
      {"email_addresses.unique", "Distinct addresses after case folding."}};
  return r;
}

}  // namespace leakscope
