#include "sql_dump.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace leakscope::dump {

namespace {

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// A cursor over one statement's text.
struct Cursor {
  std::string_view s;
  size_t p = 0;
  bool done() const { return p >= s.size(); }
  void ws() {
    while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
  }
  // Consumes the keyword (case-insensitive, whole word) when it comes next.
  bool keyword(std::string_view k) {
    ws();
    if (s.size() - p < k.size()) return false;
    for (size_t i = 0; i < k.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(s[p + i])) != k[i])
        return false;
    if (p + k.size() < s.size() && is_ident_char(s[p + k.size()])) return false;
    p += k.size();
    return true;
  }
  bool peek(char c) {
    ws();
    return p < s.size() && s[p] == c;
  }
  // One identifier, unquoted ("x", `x`, [x], or bare).
  std::string ident() {
    ws();
    if (done()) return "";
    const char open = s[p];
    const char close = open == '`'   ? '`'
                       : open == '"' ? '"'
                       : open == '[' ? ']'
                                     : 0;
    std::string out;
    if (close) {
      ++p;
      while (p < s.size()) {
        if (s[p] == close) {
          if (p + 1 < s.size() && s[p + 1] == close && close != ']') {
            out += close;
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        out += s[p++];
      }
      return out;
    }
    while (p < s.size() && is_ident_char(s[p])) out += s[p++];
    return out;
  }
  // A possibly qualified name: schema.table (the last two parts).
  TableName table_name() {
    std::vector<std::string> parts = {ident()};
    while (p < s.size() && s[p] == '.') {
      ++p;
      parts.push_back(ident());
    }
    TableName t;
    t.name = parts.back();
    if (parts.size() >= 2) t.schema = parts[parts.size() - 2];
    return t;
  }
  // (a, b, c): a list of identifiers.
  std::vector<std::string> ident_list() {
    std::vector<std::string> out;
    if (!peek('(')) return out;
    ++p;
    for (;;) {
      out.push_back(ident());
      ws();
      if (p < s.size() && s[p] == ',') {
        ++p;
        continue;
      }
      if (p < s.size() && s[p] == ')') ++p;
      break;
    }
    return out;
  }
};

// A quoted string literal at c.p (the opening quote), unescaped.
std::string string_literal(Cursor& c, bool backslashes) {
  const char q = c.s[c.p++];
  std::string out;
  while (c.p < c.s.size()) {
    const char ch = c.s[c.p++];
    if (backslashes && ch == '\\' && c.p < c.s.size()) {
      const char e = c.s[c.p++];
      switch (e) {
        case '0':
          out += '\0';
          break;
        case 'b':
          out += '\b';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'Z':
          out += '\x1A';
          break;
        case '%':
          out += "\\%";
          break;  // kept as MySQL keeps them
        case '_':
          out += "\\_";
          break;
        default:
          out += e;
      }
      continue;
    }
    if (ch == q) {
      if (c.p < c.s.size() && c.s[c.p] == q) {
        out += q;
        ++c.p;
        continue;
      }
      return out;
    }
    out += ch;
  }
  return out;  // unterminated: the statement ended (reported by the lexer)
}

// The raw text of a value up to the next ',' or ')' at depth 0.
std::string raw_value(Cursor& c, bool backslashes) {
  std::string out;
  int depth = 0;
  while (c.p < c.s.size()) {
    const char ch = c.s[c.p];
    if (ch == '\'' || ch == '"') {
      const size_t start = c.p;
      string_literal(c, backslashes);
      out.append(c.s.substr(start, c.p - start));
      continue;
    }
    if (depth == 0 && (ch == ',' || ch == ')')) break;
    if (ch == '(') ++depth;
    if (ch == ')') --depth;
    out += ch;
    ++c.p;
  }
  return std::string(trim(out));
}

// One value of a VALUES tuple.
SqlDumpReader::Value tuple_value(Cursor& c, SqlDialect d) {
  c.ws();
  if (c.done()) return std::nullopt;
  const bool mysql = d == SqlDialect::kMySql;
  // Introducers and prefixes: _binary'..', _utf8mb4'..', N'..', E'..', X'..'.
  size_t q = c.p;
  while (q < c.s.size() &&
         (std::isalnum(static_cast<unsigned char>(c.s[q])) || c.s[q] == '_'))
    ++q;
  const std::string prefix = ascii_lower(c.s.substr(c.p, q - c.p));
  // A charset introducer (_binary, _utf8mb4) may stand apart from its
  // string; N, E, X and B touch it.
  size_t quote = q;
  if (!prefix.empty() && prefix[0] == '_')
    while (quote < c.s.size() &&
           std::isspace(static_cast<unsigned char>(c.s[quote])))
      ++quote;
  if (quote < c.s.size() && c.s[quote] == '\'' && q - c.p <= 16 &&
      (prefix.empty() || prefix[0] == '_' || prefix == "n" || prefix == "e" ||
       prefix == "x" || prefix == "b")) {
    c.p = quote;
    std::string v = string_literal(c, mysql || prefix == "e");
    if (prefix == "x") v = "0x" + v;
    if (prefix == "b") v = "0b" + v;
    // A cast or collation after it (::text, COLLATE x) is not the value.
    c.ws();
    if (!c.done() && c.s[c.p] != ',' && c.s[c.p] != ')') raw_value(c, mysql);
    return v;
  }
  if (c.s[c.p] == '\'') {
    std::string v = string_literal(c, mysql);
    c.ws();
    if (!c.done() && c.s[c.p] != ',' && c.s[c.p] != ')') raw_value(c, mysql);
    return v;
  }
  std::string raw = raw_value(c, mysql);
  if (ascii_lower(raw) == "null") return std::nullopt;
  return raw;
}

// COPY text format: backslash escapes; "\N" alone is NULL.
SqlDumpReader::Value copy_field(std::string_view f) {
  if (f == "\\N") return std::nullopt;
  std::string out;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '\\' || i + 1 >= f.size()) {
      out += f[i];
      continue;
    }
    const char e = f[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case 'x': {
        int v = 0, k = 0;
        while (k < 2 && i + 1 < f.size() &&
               std::isxdigit(static_cast<unsigned char>(f[i + 1]))) {
          const char h = f[++i];
          v = v * 16 +
              (std::isdigit(static_cast<unsigned char>(h))
                   ? h - '0'
                   : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
          ++k;
        }
        out += static_cast<char>(v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          int v = e - '0', k = 1;
          while (k < 3 && i + 1 < f.size() && f[i + 1] >= '0' &&
                 f[i + 1] <= '7') {
            v = v * 8 + (f[++i] - '0');
            ++k;
          }
          out += static_cast<char>(v);
        } else {
          out += e;
        }
    }
  }
  return out;
}

bool is_constraint(std::string_view first_word) {
  const std::string w = ascii_lower(first_word);
  for (const char* k :
       {"primary", "key", "unique", "constraint", "index", "foreign", "check",
        "fulltext", "spatial", "exclude", "like", "period"})
    if (w == k) return true;
  return false;
}

}  // namespace

const char* dialect_name(SqlDialect d) {
  switch (d) {
    case SqlDialect::kMySql:
      return "mysql";
    case SqlDialect::kPostgres:
      return "postgresql";
    case SqlDialect::kStandard:
      return "standard";
  }
  return "?";
}

std::optional<SqlDialect> sniff_sql_dump(std::string_view head) {
  // Text only.
  for (size_t i = 0; i < std::min<size_t>(head.size(), 4096); ++i)
    if (head[i] == '\0') return std::nullopt;
  if (head.find("-- MySQL dump") != std::string_view::npos ||
      head.find("-- MariaDB dump") != std::string_view::npos)
    return SqlDialect::kMySql;
  if (head.find("-- PostgreSQL database dump") != std::string_view::npos)
    return SqlDialect::kPostgres;
  // Otherwise: lines that are SQL statements or comments, among them one
  // that creates or fills a table.
  size_t lines = 0, sql = 0, fills = 0;
  bool backticks = false;
  size_t at = 0;
  while (at < head.size() && lines < 400) {
    size_t nl = head.find('\n', at);
    if (nl == std::string_view::npos) nl = head.size();
    const std::string_view line = trim(head.substr(at, nl - at));
    at = nl + 1;
    if (line.empty()) continue;
    ++lines;
    const std::string up = ascii_lower(line.substr(0, 24));
    for (const char* k :
         {"--",     "/*",         "create ",   "insert ",      "insert into",
          "copy ",  "set ",       "drop ",     "alter ",       "begin",
          "commit", "pragma ",    "lock ",     "unlock ",      "use ",
          ")",      "(",          "values",    "replace into", "select ",
          "grant ", "comment on", "\\connect", "\\."})
      if (up.rfind(k, 0) == 0) {
        ++sql;
        break;
      }
    if (up.rfind("insert into", 0) == 0 || up.rfind("create table", 0) == 0 ||
        up.rfind("replace into", 0) == 0 ||
        (up.rfind("copy ", 0) == 0 &&
         ascii_lower(line).find("from stdin") != std::string::npos))
      ++fills;
    backticks = backticks || line.find('`') != std::string_view::npos;
  }
  // Column definitions and tuples continue statements over many lines: a
  // third of the lines starting a statement or a comment is enough.
  if (fills == 0 || sql * 3 < lines) return std::nullopt;
  return backticks ? SqlDialect::kMySql : SqlDialect::kStandard;
}

SqlDumpReader::SqlDumpReader(SqlDialect dialect, Callbacks callbacks,
                             uint64_t max_statement_bytes)
    : dialect_(dialect),
      cb_(std::move(callbacks)),
      max_statement_bytes_(max_statement_bytes) {}

void SqlDumpReader::problem(std::string what) {
  if (problems_.size() < 20) problems_.push_back(std::move(what));
}

void SqlDumpReader::feed(std::string_view bytes) {
  std::string buf = std::move(pending_);
  pending_.clear();
  buf.append(bytes);
  const size_t n = buf.size();
  size_t i = 0;
  auto add = [&](char c) {
    if (stmt_.size() < max_statement_bytes_)
      stmt_ += c;
    else
      stmt_cut_ = true;
  };
  // Characters a decision needs to look at beyond i: kept for the next
  // piece when they have not arrived (finish() feeds a final newline).
  while (i < n) {
    const char c = buf[i];
    switch (state_) {
      case State::kCopy: {
        const size_t nl = buf.find('\n', i);
        if (nl == std::string::npos) {
          copy_line_.append(buf, i, std::string::npos);
          i = n;
          break;
        }
        copy_line_.append(buf, i, nl - i);
        i = nl + 1;
        std::string line = std::move(copy_line_);
        copy_line_.clear();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        copy_line(line);
        break;
      }
      case State::kNormal:
        if (c == '\'' || c == '"' ||
            (c == '`' && dialect_ != SqlDialect::kPostgres)) {
          state_ = c == '\''  ? State::kSingle
                   : c == '"' ? State::kDouble
                              : State::kBacktick;
          // E'...' (PostgreSQL) takes backslash escapes like MySQL's strings.
          escape_ = false;
          string_backslashes_ =
              c == '\'' &&
              (dialect_ == SqlDialect::kMySql ||
               (!stmt_.empty() &&
                (stmt_.back() == 'E' || stmt_.back() == 'e') &&
                (stmt_.size() < 2 || !is_ident_char(stmt_[stmt_.size() - 2]))));
          add(c);
          ++i;
        } else if ((c == '-' || c == '/') && i + 1 >= n) {
          pending_ = buf.substr(i);
          return;
        } else if (c == '-' && buf[i + 1] == '-') {
          state_ = State::kLineComment;
          i += 2;
        } else if (c == '#' && dialect_ == SqlDialect::kMySql) {
          state_ = State::kLineComment;
          ++i;
        } else if (c == '/' && buf[i + 1] == '*') {
          // MySQL's /*!40101 ... */ hold SET statements: comments here.
          state_ = State::kBlockComment;
          i += 2;
        } else if (c == '$' && dialect_ != SqlDialect::kMySql) {
          size_t j = i + 1;
          while (j < n && (std::isalnum(static_cast<unsigned char>(buf[j])) ||
                           buf[j] == '_'))
            ++j;
          if (j >= n && j - i < 64) {
            pending_ = buf.substr(i);
            return;
          }
          if (j < n && buf[j] == '$' &&
              !(j > i + 1 &&
                std::isdigit(static_cast<unsigned char>(buf[i + 1])))) {
            dollar_tag_ = buf.substr(i, j - i + 1);
            for (size_t k = i; k <= j; ++k) add(buf[k]);
            state_ = State::kDollar;
            i = j + 1;
          } else {
            add(c);
            ++i;
          }
        } else if (c == ';') {
          ++i;
          statement_end();
        } else {
          add(c);
          ++i;
        }
        break;
      case State::kSingle:
      case State::kDouble:
      case State::kBacktick: {
        const char q = state_ == State::kSingle   ? '\''
                       : state_ == State::kDouble ? '"'
                                                  : '`';
        const bool backslashes =
            state_ == State::kSingle && string_backslashes_;
        if (escape_) {
          escape_ = false;
          add(c);
          ++i;
        } else if (c == '\\' && backslashes) {
          escape_ = true;
          add(c);
          ++i;
        } else if (c == q) {
          if (i + 1 >= n) {
            pending_ = buf.substr(i);
            return;
          }
          add(c);
          ++i;
          if (buf[i] == q) {  // a doubled quote: still inside
            add(q);
            ++i;
          } else {
            state_ = State::kNormal;
          }
        } else {
          add(c);
          ++i;
        }
        break;
      }
      case State::kLineComment:
        if (c == '\n') {
          state_ = State::kNormal;
          add('\n');
        }
        ++i;
        break;
      case State::kBlockComment:
        if (c == '*') {
          if (i + 1 >= n) {
            pending_ = buf.substr(i);
            return;
          }
          if (buf[i + 1] == '/') {
            state_ = State::kNormal;
            add(' ');
            i += 2;
            break;
          }
        }
        ++i;
        break;
      case State::kDollar: {
        if (c == '$') {
          if (i + dollar_tag_.size() > n) {
            pending_ = buf.substr(i);
            return;
          }
          if (buf.compare(i, dollar_tag_.size(), dollar_tag_) == 0) {
            for (char t : dollar_tag_) add(t);
            i += dollar_tag_.size();
            state_ = State::kNormal;
            break;
          }
        }
        add(c);
        ++i;
        break;
      }
    }
  }
}

void SqlDumpReader::finish() {
  if (!pending_.empty()) {
    // The last bytes: nothing more will follow them.
    std::string rest = std::move(pending_);
    pending_.clear();
    for (char c : rest) {
      if (state_ == State::kNormal && c == ';') {
        statement_end();
      } else if (state_ != State::kLineComment &&
                 state_ != State::kBlockComment) {
        if (stmt_.size() < max_statement_bytes_) stmt_ += c;
      }
    }
  }
  if (state_ == State::kCopy) {
    if (!copy_line_.empty()) copy_line(copy_line_);
    if (state_ == State::kCopy)
      problem("COPY data for " + copy_table_.name +
              " is not ended by \\. at the end of the dump");
  } else if (state_ == State::kSingle || state_ == State::kDouble ||
             state_ == State::kBacktick || state_ == State::kDollar) {
    problem("a quoted string is not closed at the end of the dump");
  }
  state_ = State::kNormal;
  if (!trim(stmt_).empty()) statement_end();
}

void SqlDumpReader::statement_end() {
  ++statements_;
  if (stmt_cut_) {
    problem("statement " + std::to_string(statements_) + " longer than " +
            std::to_string(max_statement_bytes_) + " bytes; skipped");
  } else {
    handle(stmt_);
  }
  stmt_.clear();
  stmt_cut_ = false;
}

void SqlDumpReader::handle(std::string_view sql) {
  Cursor c{sql, 0};
  const bool mysql = dialect_ == SqlDialect::kMySql;
  if (c.keyword("CREATE")) {
    c.keyword("TEMPORARY") || c.keyword("TEMP") || c.keyword("UNLOGGED");
    if (!c.keyword("TABLE")) return;
    if (c.keyword("IF")) {
      c.keyword("NOT");
      c.keyword("EXISTS");
    }
    const TableName t = c.table_name();
    if (!c.peek('(')) return;  // CREATE TABLE ... AS SELECT, PARTITION OF
    ++c.p;
    std::vector<std::string> columns;
    for (;;) {
      c.ws();
      if (c.done()) break;
      const size_t start = c.p;
      const std::string first = c.ident();
      if (first.empty() && c.p == start) ++c.p;
      // Skip to the end of this item (depth 0 comma or the closing paren).
      int depth = 0;
      while (!c.done()) {
        const char ch = c.s[c.p];
        if (ch == '\'' || ch == '"' || ch == '`') {
          string_literal(c, mysql);
          continue;
        }
        if (ch == '(') ++depth;
        if (ch == ')') {
          if (depth == 0) break;
          --depth;
        }
        if (ch == ',' && depth == 0) break;
        ++c.p;
      }
      if (!first.empty() && !is_constraint(first)) columns.push_back(first);
      if (c.done() || c.s[c.p] == ')') break;
      ++c.p;  // the comma
    }
    if (cb_.on_create && !columns.empty()) cb_.on_create(t, columns);
    return;
  }
  bool insert = c.keyword("INSERT");
  if (!insert && c.keyword("REPLACE")) insert = true;
  if (insert) {
    while (c.keyword("LOW_PRIORITY") || c.keyword("DELAYED") ||
           c.keyword("HIGH_PRIORITY") || c.keyword("IGNORE")) {
    }
    c.keyword("INTO");
    const TableName t = c.table_name();
    const std::vector<std::string> cols = c.ident_list();
    if (!c.keyword("VALUES") && !c.keyword("VALUE")) return;  // INSERT SELECT
    std::vector<Value> values;
    for (;;) {
      if (!c.peek('(')) break;
      ++c.p;
      values.clear();
      for (;;) {
        values.push_back(tuple_value(c, dialect_));
        c.ws();
        if (c.done()) {
          problem("statement " + std::to_string(statements_) + ": a tuple of " +
                  t.name + " is not closed");
          return;
        }
        if (c.s[c.p] == ',') {
          ++c.p;
          continue;
        }
        ++c.p;  // ')'
        break;
      }
      if (cb_.on_row) cb_.on_row(t, cols, values);
      c.ws();
      if (c.done() || c.s[c.p] != ',') break;
      ++c.p;
    }
    return;
  }
  if (c.keyword("COPY")) {
    const TableName t = c.table_name();
    std::vector<std::string> cols = c.ident_list();
    if (!c.keyword("FROM") || !c.keyword("STDIN")) return;
    copy_table_ = t;
    copy_columns_ = std::move(cols);
    state_ = State::kCopy;
    copy_line_.clear();
    skip_copy_rest_ = true;
  }
}

void SqlDumpReader::copy_line(std::string_view line) {
  // The rest of the COPY statement's own line comes first: not data.
  if (skip_copy_rest_) {
    skip_copy_rest_ = false;
    if (trim(line).empty()) return;
  }
  if (line == "\\.") {
    state_ = State::kNormal;
    return;
  }
  std::vector<Value> values;
  size_t at = 0;
  for (;;) {
    const size_t tab = line.find('\t', at);
    values.push_back(copy_field(line.substr(at, tab == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : tab - at)));
    if (tab == std::string_view::npos) break;
    at = tab + 1;
  }
  if (cb_.on_row) cb_.on_row(copy_table_, copy_columns_, values);
}

}  // namespace leakscope::dump
