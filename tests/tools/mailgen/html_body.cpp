#include "html_body.hpp"

#include "charset_encode.hpp"
#include "client_habits.hpp"

namespace mailgen {
namespace {

std::string html_escape_char(const std::string& cp, bool entities) {
  if (cp == "&") return "&amp;";
  if (cp == "<") return "&lt;";
  if (cp == ">") return "&gt;";
  if (cp == "\"") return "&quot;";
  if (!entities) return cp;
  if (cp == "–") return "&#8211;";
  if (cp == "’") return "&#8217;";
  if (cp == "€") return "&euro;";
  if (cp == "ü") return "&uuml;";
  if (cp == "é") return "&eacute;";
  if (cp == "ß") return "&szlig;";
  return cp;
}
}  // namespace

std::string html_from_text(const std::string& text, Client client) {
  const bool outlook = outlookish(client);
  std::string head =
      outlook
          ? "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\r\n"
            "<head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset={charset}\">\r\n<meta name=\"Generator\" "
            "content=\"Microsoft Word 15 (filtered medium)\">\r\n"
            "<style><!--\r\np.MsoNormal, li.MsoNormal {margin:0cm; "
            "font-size:11.0pt; font-family:\"Calibri\",sans-serif;}\r\n"
            "--></style>\r\n</head>\r\n<body lang=\"EN-GB\" link=\"#0563C1\">"
            "\r\n<div class=\"WordSection1\">\r\n"
      : client == Client::kGmail
          ? "<div dir=\"ltr\">"
          : "<html>\r\n<head>\r\n<meta http-equiv=\"content-type\" "
            "content=\"text/html; charset={charset}\">\r\n</head>\r\n"
            "<body>\r\n";
  std::string foot = outlook ? "</div>\r\n</body>\r\n</html>\r\n"
                     : client == Client::kGmail ? "</div>\r\n"
                                                : "</body>\r\n</html>\r\n";
  const std::string p_open = outlook ? "<p class=\"MsoNormal\">" : "<p>";
  std::string body;
  bool in_quote = false;
  size_t i = 0;
  std::string para;
  auto flush = [&] {
    if (!para.empty()) body += p_open + para + "</p>\r\n";
    para.clear();
  };
  while (i <= text.size()) {
    size_t end = text.find("\r\n", i);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(i, end - i);
    bool quoted = !line.empty() && line[0] == '>';
    if (quoted != in_quote) {
      flush();
      body += quoted ? "<blockquote style=\"border-left:1px solid #ccc;"
                       "padding-left:1ex\">\r\n"
                     : "</blockquote>\r\n";
      in_quote = quoted;
    }
    if (quoted) line = line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1);
    if (line.empty()) {
      flush();
    } else {
      std::string esc;
      for (size_t k = 0; k < line.size();) {
        size_t n = utf8_seq_len(static_cast<unsigned char>(line[k]));
        esc += html_escape_char(line.substr(k, n), outlook);
        k += n;
      }
      para += (para.empty() ? "" : "<br>\r\n") + esc;
    }
    if (end == text.size()) break;
    i = end + 2;
  }
  flush();
  if (in_quote) body += "</blockquote>\r\n";
  return head + body + foot;
}
}  // namespace mailgen
