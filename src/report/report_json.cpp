#include "report/report_json.hpp"

#include <ctime>

namespace leakscope {

namespace {

constexpr const char* kAddressFields =
    "('from.address','sender.address','reply_to.address','to.address',"
    "'cc.address','bcc.address')";

}  // namespace

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
  json sources;
  sources["files"] = store.scalar("SELECT COUNT(*) FROM sources");
  sources["bytes"] = store.scalar("SELECT COALESCE(SUM(size),0) FROM sources");
  sources["unreadable"] =
      store.scalar("SELECT COUNT(*) FROM sources WHERE status='failed'");
  sources["damaged"] =
      store.scalar("SELECT COUNT(*) FROM sources WHERE status='damaged'");
  json by_kind = json::object();
  {
    Statement st(store,
                 "SELECT COALESCE(kind,'unknown'), COUNT(*) FROM sources "
                 "GROUP BY 1 ORDER BY 1");
    while (st.step()) by_kind[st.text(0)] = st.integer(1);
  }
  sources["by_kind"] = by_kind;
  r["sources"] = sources;

  json counts;
  counts["messages"] = {
      {"raw", store.scalar("SELECT COUNT(*) FROM items WHERE kind='message'")},
      {"unique",
       store.scalar("SELECT COUNT(DISTINCT f.value) FROM item_fields f JOIN "
                    "items i ON i.id=f.item_id WHERE i.kind='message' AND "
                    "f.name='dedup_key'")}};
  counts["attachments"] = {
      {"raw",
       store.scalar("SELECT COUNT(*) FROM items WHERE kind='attachment'")},
      {"unique", store.scalar("SELECT COUNT(DISTINCT sha256) FROM items WHERE "
                              "kind='attachment'")}};
  counts["email_addresses"] = {
      {"raw",
       store.scalar(
           std::string("SELECT COUNT(*) FROM item_fields WHERE name IN ") +
           kAddressFields)},
      {"unique",
       store.scalar(std::string("SELECT COUNT(DISTINCT lower(value)) FROM "
                                "item_fields WHERE name IN ") +
                    kAddressFields)}};
  r["counts"] = counts;

  json span;
  {
    Statement st(store,
                 "SELECT MIN(date), MAX(date) FROM items WHERE kind='message' "
                 "AND date IS NOT NULL");
    if (st.step() && !st.is_null(0)) {
      span["earliest"] = st.text(0);
      span["latest"] = st.text(1);
    } else {
      span["earliest"] = nullptr;
      span["latest"] = nullptr;
    }
  }
  r["time_span"] = span;

  json unreadable = json::array(), damaged = json::array();
  {
    Statement st(
        store,
        "SELECT path, COALESCE(error,''), status, damages FROM sources "
        "WHERE status IN ('failed','damaged') ORDER BY path");
    while (st.step()) {
      if (st.text(2) == "failed")
        unreadable.push_back({{"path", st.text(0)}, {"error", st.text(1)}});
      else
        damaged.push_back({{"path", st.text(0)}, {"damages", st.integer(3)}});
    }
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
