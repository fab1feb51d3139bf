#include "client_habits.hpp"

#include <cctype>

#include "charset_encode.hpp"
#include "civil_time.hpp"
#include "rng.hpp"
#include "transfer_encode.hpp"

namespace mailgen {

bool outlookish(Client c) {
  return c == Client::kOutlook || c == Client::kOutlookLegacy;
}

std::vector<Field> client_fields(Client c, const std::string& topic_subject,
                                 const MessageSpec& spec, bool has_attach,
                                 int year, Rng& rng) {
  std::vector<Field> f;
  std::string thread_index;
  for (int i = 0; i < 22; ++i)
    thread_index += static_cast<char>(rng.below(256));
  switch (c) {
    case Client::kOutlook:
      f.push_back({"Thread-Topic",
                   is_ascii(topic_subject)
                       ? fold(topic_subject, 14)
                       : encoded_words(topic_subject, spec.header_charset,
                                       WordEncoding::kB)});
      f.push_back({"Thread-Index", base64(thread_index)});
      f.push_back({"Accept-Language", spec.content_language + ", en-US"});
      f.push_back({"X-MS-Has-Attach", has_attach ? "yes" : ""});
      f.push_back({"X-MS-TNEF-Correlator", ""});
      f.push_back({"x-originating-ip",
                   "[198.51.100." + std::to_string(rng.between(2, 250)) + "]"});
      break;
    case Client::kOutlookLegacy:
      f.push_back({"X-Mailer", "Microsoft Outlook 14.0"});
      f.push_back({"Thread-Index", base64(thread_index)});
      break;
    case Client::kThunderbird: {
      int v = year <= 2015 ? 38 : year <= 2018 ? 52 : year <= 2020 ? 68 : 91;
      f.push_back(
          {"User-Agent",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:" + std::to_string(v) +
               ".0) Gecko/20100101 Thunderbird/" + std::to_string(v) + "." +
               std::to_string(rng.between(0, 9)) + ".0"});
      break;
    }
    case Client::kAppleMail:
      f.push_back({"X-Mailer", "Apple Mail (2.3608.120.23.2.4)"});
      break;
    case Client::kJavaMail:
      f.push_back({"X-Mailer", "Northwind Billing 4.2 (JavaMail 1.6.2)"});
      break;
    case Client::kGmail:
      break;
  }
  return f;
}

Client client_for(const Directory& dir, int person, int year) {
  const Person& p = dir.people[person];
  const Org& o = dir.org_of(p);
  if (p.email == std::string("accounts") + kVendorDomain)
    return Client::kJavaMail;
  if (o.client == Client::kOutlook && year < 2017 && !o.freemail)
    return Client::kOutlookLegacy;
  return o.client;
}

std::string make_message_id(Client client, const std::string& domain,
                            int64_t utc, Rng& rng) {
  const std::string alnum =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string id = "<";
  switch (client) {
    case Client::kOutlook: {
      std::string server = "AM6PR04MB" + rng.chars(4, "0123456789");
      id += server + rng.hex(28, true);
      id += "@" + server + ".eurprd04.prod.outlook.com>";
      break;
    }
    case Client::kOutlookLegacy:
      id += rng.hex(32, true);
      id += "@EXCH0" + std::to_string(rng.between(1, 3));
      id += "." + domain.substr(0, domain.find('.')) + ".local>";
      break;
    case Client::kThunderbird:
      id += rng.uuid(false) + "@" + domain + ">";
      break;
    case Client::kAppleMail:
      id += rng.uuid(true) + "@" + domain + ">";
      break;
    case Client::kGmail:
      id += "CA" + rng.chars(1, "+BEKLMNOPF");
      id += rng.chars(30, alnum + "+_-");
      id += "=" + rng.chars(10, alnum) + "@mail.gmail.com>";
      break;
    case Client::kJavaMail:
      id += std::to_string(rng.between(100000, 999999));
      id += "." + std::to_string(to_civil(utc).year);
      id += std::to_string(rng.between(10, 99));
      id += "." + std::to_string(utc);
      id += std::to_string(rng.between(100, 999));
      id += ".JavaMail.billing@billing." + domain + ">";
      break;
  }
  return id;
}

void choose_charsets(MessageSpec* s, Lang lang, Rng& rng) {
  const Client c = s->client;
  auto set = [&](const char* cs, Cte text, Cte html, const char* hcs,
                 WordEncoding we) {
    s->charset = cs;
    s->text_cte = text;
    s->html_cte = html;
    s->header_charset = hcs;
    s->word_encoding = we;
  };
  const WordEncoding utf8_words =
      rng.percent(30) ? WordEncoding::kQ : WordEncoding::kB;
  if (lang == Lang::kJa) {
    if (c == Client::kOutlookLegacy || c == Client::kThunderbird ||
        (c == Client::kOutlook && rng.percent(50)))
      set("ISO-2022-JP", Cte::k7bit, Cte::k7bit, "ISO-2022-JP",
          WordEncoding::kB);
    else if (rng.percent(30))
      set("Shift_JIS", Cte::kBase64, Cte::kBase64, "Shift_JIS",
          WordEncoding::kB);
    else
      set("UTF-8", Cte::kBase64, Cte::kBase64, "UTF-8", WordEncoding::kB);
    return;
  }
  switch (c) {
    case Client::kOutlook:
    case Client::kOutlookLegacy: {
      uint64_t r = rng.below(10);
      if (r < 4)
        set("windows-1252", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
            "windows-1252", WordEncoding::kQ);
      else if (r < 7)
        set("iso-8859-1", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
            "iso-8859-1", WordEncoding::kQ);
      else if (r < 9)
        set("utf-8", Cte::kQuotedPrintable, Cte::kQuotedPrintable, "utf-8",
            WordEncoding::kB);
      else
        set("utf-8", Cte::kBase64, Cte::kBase64, "utf-8", WordEncoding::kB);
      break;
    }
    case Client::kThunderbird:
      if (rng.percent(60))
        set("UTF-8", Cte::k8bit, Cte::k8bit, "UTF-8", utf8_words);
      else
        set("ISO-8859-1", Cte::kQuotedPrintable, Cte::kQuotedPrintable,
            "ISO-8859-1", WordEncoding::kQ);
      break;
    case Client::kAppleMail:
      set("utf-8", Cte::kQuotedPrintable, Cte::kQuotedPrintable, "utf-8",
          WordEncoding::kQ);
      break;
    case Client::kGmail:
      if (rng.percent(50))
        set("UTF-8", Cte::kQuotedPrintable, Cte::kQuotedPrintable, "UTF-8",
            WordEncoding::kB);
      else
        set("UTF-8", Cte::kBase64, Cte::kBase64, "UTF-8", WordEncoding::kB);
      break;
    case Client::kJavaMail:
      set("UTF-8", Cte::kQuotedPrintable, Cte::kQuotedPrintable, "UTF-8",
          WordEncoding::kB);
      break;
  }
}

AttachmentSpec attach(const FileData& f, Client c, Rng& rng) {
  AttachmentSpec a;
  a.filename = f.name;
  a.content_type = f.content_type;
  a.data = f.data;
  a.cte = Cte::kBase64;
  const bool ascii = is_ascii(f.name);
  const bool latin1 = !ascii && encode_charset(f.name, "ISO-8859-1");
  switch (c) {
    case Client::kOutlook:
    case Client::kOutlookLegacy:
      a.outlook_extras = true;
      a.name_style =
          ascii ? FileNameStyle::kQuoted : FileNameStyle::kEncodedWord;
      if (f.content_type == "text/csv" && rng.percent(50))
        a.content_type = "application/vnd.ms-excel";
      break;
    case Client::kThunderbird:
      a.charset = f.charset;
      if (ascii)
        a.name_style = f.name.size() > 40 ? FileNameStyle::kContinuedPlain
                                          : FileNameStyle::kQuoted;
      else
        a.name_style = f.name.size() > 24 ? FileNameStyle::kRfc2231Continued
                                          : FileNameStyle::kRfc2231;
      if (!f.charset.empty() && is_ascii(f.data)) a.cte = Cte::k7bit;
      break;
    case Client::kAppleMail:
      a.name_style = ascii                       ? FileNameStyle::kQuoted
                     : latin1 && rng.percent(40) ? FileNameStyle::kRfc2231Latin1
                                                 : FileNameStyle::kRfc2231;
      break;
    case Client::kGmail:
      a.name_style =
          ascii ? FileNameStyle::kQuoted : FileNameStyle::kEncodedWord;
      break;
    case Client::kJavaMail:
      a.name_style = rng.percent(50) ? FileNameStyle::kTypeNameOnly
                                     : FileNameStyle::kQuoted;
      break;
  }
  return a;
}
}  // namespace mailgen
