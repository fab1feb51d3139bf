// Orchestrates the recognizers per item kind and keeps the per-source
// context: a message's country hint for its children, a table's column
// classes for its rows (and the sample that confirms them).
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <set>

#include "classify/document_types.hpp"
#include "classify/recognizers.hpp"
#include "classify/sql_columns.hpp"
#include "leakscope/classify.hpp"
#include "leakscope/item_kinds.hpp"

namespace leakscope {
namespace {

using classify::ColumnKind;
using classify::ScanContext;

// Rows of a table whose values confirm (or not) its columns' classes.
constexpr int kColumnSample = 100;

// Fields that hold identifiers of the container, not content: never scanned.
bool skipped_field(const std::string& name) {
  static const std::set<std::string> kSkip = {
      "message_id",    "dedup_key",     "content_id",   "received",
      "part",          "declared_type", "sniffed_type", "charset",
      "body.charset",  "date",          "date.raw",     "date.malformed",
      "defect",        "disposition",   "format",       "pages",
      "pdf_version",   "encrypted",     "macros",       "code_page",
      "created",       "modified",      "deleted",      "deleted_because",
      "compression",   "declared_rows", "column_type",  "database",
      "schema",        "table",         "column",       "in_reply_to",
      "references",    "x_mailer",      "user_agent",   "entries",
      "expanded_size", "size",          "sha256",       "kind",
      "backup_type",   "collation"};
  if (kSkip.count(name)) return true;
  return name.rfind("mtf.", 0) == 0 || name.rfind("stripe.", 0) == 0 ||
         name.rfind("file.", 0) == 0;
}

bool numeric_sql_type(const std::string& t) {
  for (const char* p : {"int",
                        "bigint",
                        "smallint",
                        "tinyint",
                        "bit",
                        "decimal",
                        "numeric",
                        "money",
                        "smallmoney",
                        "real",
                        "float",
                        "date",
                        "time",
                        "datetime",
                        "smalldatetime",
                        "datetime2",
                        "datetimeoffset",
                        "uniqueidentifier",
                        "binary",
                        "varbinary",
                        "image",
                        "timestamp",
                        "rowversion"})
    if (t.rfind(p, 0) == 0 && (t.size() == std::char_traits<char>::length(p) ||
                               t[std::char_traits<char>::length(p)] == '(' ||
                               t[std::char_traits<char>::length(p)] == ' '))
      return true;
  return false;
}

struct ColumnState {
  std::string name;
  std::string sql_type;
  SqlValueKind kind = SqlValueKind::kText;
  bool numeric = false;
  classify::ColumnClass cls;
  std::string why;  // "column Email (contact_info)": the findings' evidence
  int sampled = 0;  // non-empty values seen (up to kColumnSample)
  int valid = 0;    // of which the class's validator accepted
};

struct TableState {
  std::vector<ColumnState> columns;
  int rows_sampled = 0;
  bool reported = false;  // the column findings were emitted
  int country_column = -1;
};

class DefaultClassifier : public Classifier {
 public:
  std::vector<Finding> classify(const Item& item, int64_t local_id) override {
    std::vector<Finding> out;
    // A database's and a table's own fields are catalog facts; their rows
    // come through classify_row().
    if (item.kind == kinds::kSqlTable || item.kind == kinds::kSqlDatabase)
      return out;
    std::string region;
    if (item.kind == kinds::kMessage) {
      region = message_region(item);
      hints_[local_id] = region;
      classify_message_fields(item, out);
    } else {
      auto h = hints_.find(item.parent);
      if (h != hints_.end()) {
        region = h->second;
        hints_[local_id] = region;  // attachments pass it to their documents
      }
      ScanContext ctx;
      ctx.phone_regions = &phone_regions_;
      ctx.exposure_regions = &exposure_regions_;
      ctx.region_hint = region;
      for (const auto& f : item.fields) {
        if (skipped_field(f.name)) continue;
        ctx.field = f.name;
        classify::scan_all(f.value, ctx, out);
        if ((f.name == "author" || f.name == "last_modified_by" ||
             f.name == "manager") &&
            plausible_name(f.value))
          out.push_back(whole(f.name, "person_name", f.value, 0.7,
                              "document_metadata", "document " + f.name));
      }
      classify_document(item, out);
    }
    ScanContext ctx;
    ctx.phone_regions = &phone_regions_;
    ctx.exposure_regions = &exposure_regions_;
    ctx.region_hint = region;
    if (!item.title.empty() && item.kind == kinds::kMessage) {
      ctx.field = "subject";
      classify::scan_all(item.title, ctx, out);
      ctx.field.clear();
    }
    scan_text(item, ctx, out);
    add_government(out);
    return out;
  }

  std::vector<ValueColumn> begin_table(int64_t table_item,
                                       const SqlTableSchema& schema) override {
    std::vector<Finding> pending;
    flush_tables(pending);
    finished_.insert(finished_.end(), pending.begin(), pending.end());
    TableState& t = tables_[table_item] = table_state(schema);
    std::vector<ValueColumn> out;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const ColumnState& c = t.columns[i];
      ValueColumn v;
      v.ordinal = static_cast<int>(i);
      v.detector = "sql_column";
      v.evidence = c.why;
      switch (c.cls.kind) {
        case ColumnKind::kEmail:
          v.type = "email";
          v.confidence = 1.0;
          break;
        case ColumnKind::kPhone:
          v.type = "phone";
          v.confidence = 0.95;
          break;
        case ColumnKind::kDateOfBirth:
          v.type = "date_of_birth";
          v.confidence = 0.9;
          break;
        default:
          continue;
      }
      out.push_back(std::move(v));
    }
    return out;
  }

  void classify_row(int64_t table_item, int64_t rowid,
                    std::span<const SqlValue> values,
                    std::vector<Finding>& out) override {
    if (!finished_.empty()) {
      out.insert(out.end(), finished_.begin(), finished_.end());
      finished_.clear();
    }
    auto it = tables_.find(table_item);
    if (it == tables_.end()) return;
    classify_typed_row(values, table_item, rowid, it->second, out);
  }

  std::vector<Finding> finish() override {
    std::vector<Finding> out = std::move(finished_);
    finished_.clear();
    flush_tables(out);
    return out;
  }

 private:
  static Finding cell_value(Finding f) {
    f.cell_value = true;
    return f;
  }

  static Finding whole(const std::string& field, std::string type,
                       std::string value, double confidence,
                       const char* detector, std::string evidence,
                       std::string country = {}) {
    Finding f;
    f.type = std::move(type);
    f.value = std::move(value);
    f.field = field;
    f.confidence = confidence;
    f.detector = detector;
    f.evidence = std::move(evidence);
    f.country = std::move(country);
    return f;
  }

  // The text's findings; for content with a hash (attachments, documents,
  // which recur across an exposure) remembered per (hash, region hint).
  void scan_text(const Item& item, const ScanContext& ctx,
                 std::vector<Finding>& out) {
    if (item.text.empty()) return;
    if (item.sha256.empty() || item.text.size() < 256) {
      classify::scan_all(item.text, ctx, out);
      return;
    }
    std::string key = item.sha256 + '\x1f' + ctx.region_hint;
    // Per thread, across sources: a copy of an attachment in another
    // mailbox file is another source.
    thread_local std::map<std::string, std::vector<Finding>> text_findings;
    auto it = text_findings.find(key);
    if (it == text_findings.end()) {
      if (text_findings.size() >= 256) text_findings.clear();
      std::vector<Finding> found;
      classify::scan_all(item.text, ctx, found);
      it = text_findings.emplace(key, std::move(found)).first;
    }
    out.insert(out.end(), it->second.begin(), it->second.end());
  }

  static bool plausible_name(const std::string& v) {
    if (v.size() < 3 || v.size() > 80) return false;
    int letters = 0;
    for (unsigned char c : v) {
      if (std::isdigit(c) || c == '@') return false;
      letters += std::isalpha(c) || c >= 0x80;
    }
    return letters >= 3 && !organisation_or_role(v);
  }

  // A document's author that names an organisation ("Fabrikam Cloud",
  // "Contoso GmbH", "ООО Альфа") or a placeholder account ("Windows User",
  // "Administrator") rather than a person: a word of either list.
  static bool organisation_or_role(const std::string& v) {
    static const std::set<std::string> kWords = {
        // legal forms
        "gmbh", "ag", "kg", "ohg", "ug", "ltd", "limited", "inc",
        "incorporated", "llc", "llp", "corp", "corporation", "co", "company",
        "plc", "pty", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "as",
        "oy", "kft", "sp", "zoo", "ооо", "оао", "зао", "пао", "ао", "ип", "тов",
        // what organisations call themselves
        "group", "holding", "holdings", "cloud", "software", "solutions",
        "services", "systems", "technologies", "technology", "tech",
        "consulting", "consultants", "labs", "studio", "studios", "media",
        "bank", "university", "universität", "université", "universidad",
        "school", "college", "institute", "department", "dept", "team",
        "office", "agency", "ministry", "council", "association", "foundation",
        "partners", "enterprises", "industries", "international", "global",
        "networks", "digital", "marketing", "engineering",
        // placeholder accounts
        "user", "users", "admin", "administrator", "administrador", "owner",
        "unknown", "author", "guest", "windows", "microsoft", "office",
        "benutzer", "utilisateur", "usuario", "пользователь"};
    std::string folded, word;
    icu::UnicodeString::fromUTF8(v).foldCase().toUTF8String(folded);
    auto is_org_word = [&](const std::string& w) {
      return !w.empty() && kWords.count(w) > 0;
    };
    for (char ch : folded + " ") {
      const auto c = static_cast<unsigned char>(ch);
      if (std::isalpha(c) || c >= 0x80) {
        word.push_back(static_cast<char>(c));
        continue;
      }
      if (is_org_word(word)) return true;
      word.clear();
    }
    return false;
  }

  // The sender's ccTLD as the region for numbers written without a country
  // code (a .de sender's "030 1234567" is a Berlin number).
  static std::string message_region(const Item& m) {
    const std::string* from = m.field(fields::kFromAddress);
    if (!from) return "";
    return classify::cctld_country(classify::email_domain(*from));
  }

  void classify_message_fields(const Item& m, std::vector<Finding>& out) {
    for (size_t i = 0; i < m.fields.size(); ++i) {
      const Field& f = m.fields[i];
      size_t dot = f.name.rfind('.');
      if (dot == std::string::npos) continue;
      std::string role = f.name.substr(0, dot), part = f.name.substr(dot + 1);
      if (role != "from" && role != "to" && role != "cc" && role != "bcc" &&
          role != "sender" && role != "reply_to")
        continue;
      if (part == "address") {
        std::string norm = classify::normalize_email(f.value);
        if (!norm.empty()) {
          Finding e = whole(f.name, "email", norm, 1.0, "mail_header",
                            role + " header");
          e.start = 0;
          e.end = static_cast<int64_t>(f.value.size());
          out.push_back(std::move(e));
        }
      } else if (part == "name" && plausible_name(f.value)) {
        // The display name belongs to the address of the same position.
        std::string addr;
        if (i > 0 && m.fields[i - 1].name == role + ".address")
          addr = classify::normalize_email(m.fields[i - 1].value);
        out.push_back(whole(f.name, "person_name", f.value, 0.8,
                            "mail_display_name",
                            addr.empty() ? role + " display name"
                                         : role + " display name of " + addr));
      }
    }
  }

  // A government_contact for every e-mail address at a government domain.
  static void add_government(std::vector<Finding>& out, size_t first = 0) {
    size_t n = out.size();
    for (size_t i = first; i < n; ++i) {
      if (out[i].type != "email") continue;
      std::string country =
          classify::government_country(classify::email_domain(out[i].value));
      if (country.empty()) continue;
      Finding g = out[i];
      g.cell_value = false;  // a finding row of its own
      g.type = "government_contact";
      g.detector = "government_domain";
      g.evidence = "government domain " + classify::email_domain(out[i].value);
      g.country = country;
      out.push_back(std::move(g));
    }
  }

  void classify_document(const Item& item, std::vector<Finding>& out) {
    if (item.kind != kinds::kDocument && item.kind != kinds::kAttachment &&
        item.kind != kinds::kFile)
      return;
    if (item.sha256.empty()) return;
    std::string name;
    if (const std::string* fn = item.field(fields::kFilename))
      name += *fn + " ";
    name += item.title;
    if (const std::string* t = item.field("title")) name += " " + *t;
    if (const std::string* t = item.field("subject")) name += " " + *t;
    if (const std::string* t = item.field("keywords")) name += " " + *t;
    // One type per document, the first of the ranking (score_document);
    // the others it resembles are named in the evidence.
    std::vector<classify::DocumentScore> scores =
        classify::score_document(name, item.text);
    if (!scores.empty()) {
      Finding f;
      f.type = "document." + scores[0].type;
      f.value = item.sha256;
      f.confidence = scores[0].score;
      f.detector = "document_type";
      f.evidence = scores[0].evidence;
      for (size_t i = 1; i < scores.size(); ++i) {
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", scores[i].score);
        f.evidence += (i == 1 ? "; also resembles " : ", ") + scores[i].type +
                      " (" + score + ")";
      }
      out.push_back(std::move(f));
    }
  }

  static bool bare_name_keyword(const std::string& k) {
    for (const char* b :
         {"name", "nom", "navn", "namn", "nimi", "first", "last", "nombre"})
      if (k == b) return true;
    return false;
  }

  // Table names that say their rows are people.
  static bool table_holds_people(const std::string& table) {
    std::string t;
    for (unsigned char c : table)
      t.push_back(static_cast<char>(std::tolower(c)));
    for (const char* w :
         {"contact",     "customer",  "client",      "person",    "people",
          "employee",    "staff",     "user",        "member",    "patient",
          "student",     "kunde",     "mitarbeiter", "personne",  "cliente",
          "empleado",    "klant",     "medewerker",  "dipendent", "subscriber",
          "lead",        "applicant", "candidate",   "author",    "owner",
          "recipient",   "guest",     "passenger",   "traveler",  "traveller",
          "buyer",       "seller",    "partner",     "signator",  "benutzer",
          "utilisateur", "usuario",   "gebruiker",   "account",   "teacher",
          "doctor",      "driver",    "worker",      "persoon",   "individu",
          "persona"})
      if (t.find(w) != std::string::npos) return true;
    return false;
  }

  static TableState table_state(const SqlTableSchema& t) {
    TableState s;
    bool people_table = table_holds_people(t.name);
    for (size_t i = 0; i < t.columns.size(); ++i) {
      ColumnState c;
      c.name = t.columns[i].name;
      c.sql_type = t.columns[i].sql_type;
      c.kind = t.columns[i].kind;
      c.numeric = numeric_sql_type(c.sql_type);
      c.cls = classify::classify_column_name(c.name);
      // A date-of-birth column may well be a date type; others that are
      // numbers are not names or e-mails.
      if (c.numeric && c.cls.kind != ColumnKind::kDateOfBirth &&
          c.cls.kind != ColumnKind::kPhone &&
          c.cls.kind != ColumnKind::kFinancial &&
          c.cls.kind != ColumnKind::kNationalId &&
          c.cls.kind != ColumnKind::kCreditCard &&
          c.cls.kind != ColumnKind::kBanking &&
          c.cls.kind != ColumnKind::kHealth)
        c.cls = {};
      // A bare "Name" is a person's name only in a table of people
      // (Projects.Name, Products.Name are not).
      if (c.cls.kind == ColumnKind::kPersonName && !people_table &&
          bare_name_keyword(c.cls.keyword))
        c.cls = {};
      if (c.cls.kind == ColumnKind::kCountry)
        s.country_column = static_cast<int>(i);
      c.why = "column " + c.name + " (" + c.cls.information_type + ")";
      s.columns.push_back(std::move(c));
    }
    return s;
  }

  // Typed findings of one value in a classified column; returns whether the
  // value fits the class (for the confirmation sample).
  bool classify_typed(const ColumnState& c, const std::string& v,
                      const std::string& region, std::vector<Finding>& out) {
    const std::string& field = c.name;
    const std::string& why = c.why;
    auto span = [&](Finding f) {
      f.start = 0;
      f.end = static_cast<int64_t>(v.size());
      out.push_back(std::move(f));
    };
    switch (c.cls.kind) {
      case ColumnKind::kEmail: {
        std::string norm = classify::normalize_email(v);
        if (norm.empty()) return false;
        span(cell_value(whole(field, "email", norm, 1.0, "sql_column", why)));
        return true;
      }
      case ColumnKind::kPhone: {
        std::string e164, reg;
        // Once the sample confirmed the column (75 of 100 numbers valid),
        // its cells are checked by length, not by libphonenumber's
        // patterns (which cost more than everything else per row).
        const bool confirmed =
            c.sampled >= kColumnSample && c.valid >= kColumnSample * 3 / 4;
        if (confirmed) {
          if (!classify::parse_phone_in_phone_column(v, region, &e164, &reg))
            return false;
          span(cell_value(whole(field, "phone", e164, 0.95, "sql_column", why,
                                reg == "ZZ" || reg == "001" ? "" : reg)));
          return true;
        }
        if (!classify::parse_phone(v, region, &e164, &reg)) return false;
        span(cell_value(whole(field, "phone", e164, 0.95, "sql_column", why,
                              reg == "ZZ" ? "" : reg)));
        return true;
      }
      // Names and addresses are the cell itself: recorded once for the
      // column (report_columns), not once per cell.
      case ColumnKind::kPersonName:
        return plausible_name(v) || v.size() >= 2;
      case ColumnKind::kAddress:
        return true;
      case ColumnKind::kDateOfBirth: {
        if (v.size() < 10 || v[4] != '-' || v[7] != '-') return false;
        span(cell_value(whole(field, "date_of_birth", v.substr(0, 10), 0.9,
                              "sql_column", why)));
        return true;
      }
      case ColumnKind::kCreditCard: {
        size_t before = out.size();
        ScanContext ctx{field, region, &phone_regions_, &exposure_regions_};
        classify::find_cards(v, ctx, out);
        return out.size() > before;
      }
      case ColumnKind::kBanking: {
        size_t before = out.size();
        ScanContext ctx{field, region, &phone_regions_, &exposure_regions_};
        classify::find_ibans(v, ctx, out);
        return out.size() > before || !v.empty();
      }
      case ColumnKind::kNationalId: {
        size_t before = out.size();
        // The column name ("SSN", "NationalId") is the keyword context.
        ScanContext ctx{field, region, &phone_regions_, &exposure_regions_};
        classify::find_national_ids(v, ctx, out);
        return out.size() > before;
      }
      case ColumnKind::kCredentials:
        return !v.empty();
      default:
        return !v.empty();
    }
  }

  // The cell's text: the value itself, or an integer or real written out
  // (a Phone column typed bigint still holds phone numbers).
  static std::string_view cell_text(const SqlValue& v, std::string& buf) {
    switch (v.kind) {
      case SqlValueKind::kInteger:
        buf = std::to_string(v.integer);
        return buf;
      case SqlValueKind::kReal: {
        char tmp[64];
        auto r = std::to_chars(tmp, tmp + sizeof tmp, v.real);
        buf.assign(tmp, r.ptr);
        return buf;
      }
      default:
        return v.text;
    }
  }

  void classify_typed_row(std::span<const SqlValue> values, int64_t table_item,
                          int64_t rowid, TableState& t,
                          std::vector<Finding>& out) {
    const size_t first = out.size();
    std::string region, buf, value;
    if (t.country_column >= 0 &&
        static_cast<size_t>(t.country_column) < values.size()) {
      const SqlValue& cv = values[static_cast<size_t>(t.country_column)];
      if (cv.kind == SqlValueKind::kText)
        region = classify::country_code_from_name(cv.text);
    }
    const size_t n = std::min(values.size(), t.columns.size());
    for (size_t i = 0; i < n; ++i) {
      const SqlValue& v = values[i];
      if (v.kind == SqlValueKind::kNull) continue;
      ColumnState& c = t.columns[i];
      const size_t before = out.size();
      const bool typed = c.cls.kind != ColumnKind::kNone &&
                         c.cls.kind != ColumnKind::kCountry &&
                         c.cls.kind != ColumnKind::kFinancial &&
                         c.cls.kind != ColumnKind::kHealth;
      if (typed) {
        // Bytes are never a name, an address or a number written out.
        if (v.kind == SqlValueKind::kBytes) continue;
        value.assign(cell_text(v, buf));
        if (value.empty()) continue;
        const int64_t cell_size = static_cast<int64_t>(value.size());
        // A phone number kept as an integer lost its "+": an international
        // number first, then a national one.
        if (v.kind == SqlValueKind::kInteger &&
            c.cls.kind == ColumnKind::kPhone && value.size() >= 8) {
          std::string e164, reg;
          if (classify::parse_phone("+" + value, "", &e164, &reg))
            value = "+" + value;
        }
        bool ok = classify_typed(c, value, region, out);
        // Offsets are into the cell as written out, not the "+" added.
        if (v.kind != SqlValueKind::kText)
          for (size_t k = before; k < out.size(); ++k) {
            out[k].start = 0;
            out[k].end = cell_size;
          }
        if (c.sampled < kColumnSample) {
          ++c.sampled;
          c.valid += ok;
        }
      } else {
        if (c.cls.kind != ColumnKind::kNone && c.sampled < kColumnSample) {
          ++c.sampled;
          ++c.valid;
        }
        // Free text only: no regex over numbers, dates, GUIDs or bytes.
        if (c.numeric || v.kind != SqlValueKind::kText || v.text.empty())
          continue;
        ScanContext ctx{c.name, region, &phone_regions_, &exposure_regions_};
        classify::scan_all(v.text, ctx, out);
      }
      for (size_t k = before; k < out.size(); ++k) {
        out[k].field.clear();  // the column: sql_column, named in the store
        out[k].sql_row = rowid;
        out[k].sql_column = static_cast<int>(i);
        out[k].target = table_item;
      }
    }
    add_government(out, first);
    if (++t.rows_sampled == kColumnSample) report_columns(table_item, t, out);
  }

  static void report_columns(int64_t table_id, TableState& t,
                             std::vector<Finding>& out) {
    if (t.reported) return;
    t.reported = true;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const ColumnState& c = t.columns[i];
      if (c.cls.kind == ColumnKind::kNone) continue;
      Finding f;
      f.type = "sql_column." + c.cls.information_type;
      f.value = c.name;
      f.field = c.name;
      f.detector = "sql_column_name";
      f.target = table_id;
      f.evidence = "name matches \"" + c.cls.keyword + "\"; " +
                   std::to_string(c.valid) + " of " +
                   std::to_string(c.sampled) + " sampled values fit";
      // Confidence: the name match, scaled by the share of sampled values
      // that fit (an empty table keeps the name's word).
      double fit = c.sampled ? static_cast<double>(c.valid) / c.sampled : 1.0;
      f.confidence = 0.5 + 0.5 * fit;
      if (c.sampled && fit < 0.5) f.confidence = 0.3;
      out.push_back(std::move(f));
      // Every cell of a name, address or password column is such a value:
      // one finding for the column, unless its sample said otherwise.
      const char* cell_type = nullptr;
      double cell_confidence = 0.7;
      if (c.cls.kind == ColumnKind::kPersonName) {
        cell_type = "person_name";
        cell_confidence = 0.8;
      } else if (c.cls.kind == ColumnKind::kAddress) {
        cell_type = "postal_address";
      } else if (c.cls.kind == ColumnKind::kCredentials) {
        cell_type = "secret.password";
      }
      if (cell_type && (!c.sampled || fit >= 0.5)) {
        Finding w;
        w.type = cell_type;
        w.whole_column = true;
        w.sql_column = static_cast<int>(i);
        w.target = table_id;
        w.confidence = cell_confidence;
        w.detector = "sql_column";
        w.evidence = "column " + c.name + " (" + c.cls.information_type + ")";
        out.push_back(std::move(w));
      }
    }
  }

  void flush_tables(std::vector<Finding>& out) {
    for (auto& [id, t] : tables_) report_columns(id, t, out);
    // Rows of a table follow it; once another table starts its state goes.
    tables_.clear();
  }

  std::map<int64_t, TableState> tables_;
  // Column findings of tables already finished, handed out with the next
  // row or at finish().
  std::vector<Finding> finished_;
  std::map<int64_t, std::string> hints_;  // message/attachment -> region

 public:
  // ClassifierOptions::phone_regions; every ScanContext points at it.
  std::vector<std::string> phone_regions_;
  std::vector<std::string> exposure_regions_;  // ClassifierOptions
};

}  // namespace

std::unique_ptr<Classifier> Classifier::create(
    const ClassifierOptions& options) {
  auto c = std::make_unique<DefaultClassifier>();
  c->phone_regions_ = options.phone_regions;
  c->exposure_regions_ = options.exposure_regions;
  return c;
}

}  // namespace leakscope
