#include "scenario.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "charset_encode.hpp"
#include "civil_time.hpp"
#include "client_habits.hpp"
#include "html_body.hpp"
#include "rng.hpp"
#include "tnef.hpp"
#include "trace.hpp"

namespace mailgen {
namespace {

int vendor_person_for(const Directory& dir, const Person& customer, Topic topic,
                      Rng& rng) {
  std::string local;
  switch (customer.lang) {
    case Lang::kDe:
      local = "jonas.weber";
      break;
    case Lang::kFr:
      local = "sophie.laurent";
      break;
    case Lang::kJa:
      local = "kenji.sato";
      break;
    default:
      local = rng.percent(60) ? "olivia.bennett" : "rajesh.iyer";
  }
  if (topic == Topic::kInvoice && rng.percent(60)) local = "accounts";
  return dir.find_person(local + kVendorDomain);
}

// A working-hours instant in `zone` during `year`.
int64_t business_time(Zone zone, int year, Rng& rng) {
  int64_t day =
      from_civil(year, 1, 1) + static_cast<int64_t>(rng.below(365)) * 86400;
  int wd = to_civil(day).weekday;
  if ((wd == 0 || wd == 6) && rng.percent(85)) day += (wd == 6 ? 2 : 1) * 86400;
  int64_t local = day + rng.between(7, 18) * 3600;
  local += rng.between(0, 59) * 60;
  local += rng.between(0, 59);
  return local - zone_offset(zone, local) * 60;
}

std::string quoted_lines(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i <= text.size()) {
    size_t end = text.find("\r\n", i);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(i, end - i);
    out += line.empty() ? ">" : "> " + line;
    out += "\r\n";
    if (end == text.size()) break;
    i = end + 2;
  }
  return out;
}

std::string hh_mm(int64_t utc, int offset) {
  Civil c = to_civil(utc + offset * 60);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", c.hour, c.minute);
  return buf;
}

std::string compose_text(const Directory& dir, int from, int to, Lang lang,
                         Topic topic, const TopicVars& vars, int paragraphs,
                         Rng& rng) {
  const Person& f = dir.people[from];
  const Person& t = dir.people[to];
  std::string s = greeting(lang, t, dir.org_of(t), f, dir.org_of(f), rng);
  s += "\r\n\r\n" + topic_sentence(topic, lang, vars);
  std::vector<std::string> used;  // no sentence twice in one message
  for (int p = 0; p < paragraphs; ++p) {
    s += p == 0 ? " " : "\r\n\r\n";
    int n = static_cast<int>(rng.between(1, 3));
    for (int k = 0; k < n; ++k) {
      auto seen = [&](const std::string& x) {
        return std::find(used.begin(), used.end(), x) != used.end();
      };
      std::string sentence = filler_sentence(lang, rng);
      for (int tries = 0; tries < 8 && seen(sentence); ++tries)
        sentence = filler_sentence(lang, rng);
      if (seen(sentence)) continue;
      used.push_back(sentence);
      s += (k ? " " : "") + sentence;
    }
  }
  s += "\r\n\r\n" + closing(lang, rng) + "\r\n";
  if (lang != Lang::kJa) s += f.given + "\r\n";
  s += "\r\n" + signature(f, dir.org_of(f), lang, rng);
  return s;
}

size_t shared_price_list_bytes(int year, Lang lang, bool bulk) {
  if (!bulk) return 0;
  return 2048 +
         Rng::mix(static_cast<uint64_t>(year), static_cast<uint64_t>(lang)) %
             40000;
}

FileData primary_file(const Directory& dir, const Scenario& sc, int customer,
                      int vendor, size_t target, const Choice& choice,
                      Rng& rng) {
  const int year = sc.vars.year;
  switch (sc.topic) {
    case Topic::kStatementOfWork:
      return sow_pdf(dir, customer, vendor, sc.vars.quarter, year,
                     sc.spec.date_utc, rng, target);
    case Topic::kPriceList:
      return price_list_csv(
          year, sc.lang, shared_price_list_bytes(year, sc.lang, choice.bulk));
    case Topic::kInvoice:
      return invoice_pdf(dir, customer, year, sc.vars.number, sc.spec.date_utc,
                         rng, target);
    case Topic::kMeeting:
      return meeting_notes_txt(dir, {customer, vendor}, sc.lang,
                               sc.spec.date_utc, sc.spec.offset_minutes, rng,
                               target);
    case Topic::kQuote: {
      // The same bytes as the price list, renamed: one hash, two names.
      FileData f = price_list_csv(
          year, sc.lang, shared_price_list_bytes(year, sc.lang, choice.bulk));
      const Person& c = dir.people[customer];
      f.name = (sc.lang == Lang::kDe ? "Angebot " : "Quotation ") + c.family +
               ".csv";
      return f;
    }
    case Topic::kPurchaseOrder: {
      FileData f = invoice_pdf(dir, customer, year, sc.vars.number,
                               sc.spec.date_utc, rng, target);
      f.name = "PO-" + std::to_string(sc.vars.number) + ".pdf";
      return f;
    }
    case Topic::kStatus:
      return screenshot_png(rng, target);
    case Topic::kContract: {
      FileData f = sow_pdf(dir, customer, vendor, sc.vars.quarter, year,
                           sc.spec.date_utc, rng, target);
      f.name = "Contract renewal " + std::to_string(year) + ".pdf";
      return f;
    }
  }
  return screenshot_png(rng, target);
}

FileData secondary_file(const Directory& dir, const Scenario& sc, int customer,
                        size_t target, Rng& rng) {
  switch (rng.below(4)) {
    case 0:
      return contacts_csv(dir, dir.people[customer].org, rng, target);
    case 1:
      return screenshot_png(rng, target);
    case 2:
      return meeting_notes_txt(dir, {customer}, sc.lang, sc.spec.date_utc,
                               sc.spec.offset_minutes, rng, target);
    default:
      return logo_png(dir.people[customer].org);
  }
}

}  // namespace

std::string reply_quote(const Directory& dir, Lang lang, Client client,
                        int parent_from, int parent_to, int64_t parent_utc,
                        const std::string& parent_subject,
                        const std::string& parent_text) {
  const Person& pf = dir.people[parent_from];
  const Person& pt = dir.people[parent_to];
  int off = zone_offset(dir.org_of(pf).zone, parent_utc);
  std::string when =
      date_text(lang, parent_utc, off) + " " + hh_mm(parent_utc, off);
  if (outlookish(client))
    return "\r\n" +
           outlook_original(lang, pf.display() + " <" + pf.email + ">", when,
                            pt.display(), parent_subject) +
           "\r\n" + parent_text;
  return "\r\n" + quote_intro(lang, when, pf.display(), pf.email) + "\r\n" +
         quoted_lines(parent_text);
}

AttachmentSpec make_winmail(const std::vector<TnefInput>& files,
                            const std::string& subject, int64_t utc, Rng& rng) {
  AttachmentSpec w;
  for (const TnefInput& f : files)
    w.tnef.push_back({f.long_name.empty() ? f.title : f.long_name, f.data});
  w.filename = "winmail.dat";
  w.content_type = "application/ms-tnef";
  w.data = make_tnef(is_ascii(subject) ? subject : "Message", utc, files,
                     static_cast<uint16_t>(rng.between(1, 65535)));
  w.name_style = FileNameStyle::kQuoted;
  w.outlook_extras = true;
  return w;
}

void retime(Scenario* sc, const Directory& dir, int64_t utc, Rng& rng) {
  MessageSpec& s = sc->spec;
  const Org& org = dir.org_of(dir.people[sc->from]);
  const bool utc_stamp = s.offset_minutes == 0 && org.zone != Zone::kUk;
  s.date_utc = utc;
  s.offset_minutes = utc_stamp ? 0 : zone_offset(org.zone, utc);
  s.zone_name = utc_stamp ? "UTC" : zone_abbrev(org.zone, utc);
  if (s.date_style == DateStyle::kObsoleteZone && s.offset_minutes != 0)
    s.date_style = DateStyle::kStandard;
  s.trace = make_trace(dir, sc->from, sc->to, utc,
                       static_cast<int>(s.trace.size() - 1), rng);
}

Scenario make_scenario(const Directory& dir, Rng& rng, const Choice& ch) {
  Scenario sc;
  // Who: a customer-side person and the vendor's person for them.
  int customer = -1;
  if (ch.customer) {
    customer = dir.find_person(*ch.customer);
  } else {
    do {
      customer = static_cast<int>(rng.below(dir.people.size()));
    } while (dir.people[customer].org == dir.vendor);
  }
  sc.topic = ch.topic ? *ch.topic : static_cast<Topic>(rng.below(kTopicCount));
  int vendor =
      ch.vendor ? dir.find_person(*ch.vendor)
                : vendor_person_for(dir, dir.people[customer], sc.topic, rng);
  const bool outgoing = ch.outgoing ? *ch.outgoing : rng.percent(50);
  sc.from = outgoing ? vendor : customer;
  sc.to = outgoing ? customer : vendor;
  const Person& from = dir.people[sc.from];
  const Person& to = dir.people[sc.to];
  const Org& from_org = dir.org_of(from);
  sc.lang = dir.people[customer].lang;

  // When.
  sc.vars.year = ch.year ? *ch.year : static_cast<int>(rng.between(2014, 2022));
  MessageSpec& s = sc.spec;
  s.date_utc = business_time(from_org.zone, sc.vars.year, rng);
  s.offset_minutes = zone_offset(from_org.zone, s.date_utc);
  s.zone_name = zone_abbrev(from_org.zone, s.date_utc);
  s.client = client_for(dir, sc.from, sc.vars.year);
  if (s.client == Client::kOutlook && rng.percent(60)) {
    s.offset_minutes = 0;  // Exchange Online stamps UTC
    s.zone_name = "UTC";
  }
  uint64_t style = rng.below(100);
  s.date_style = style < 60   ? DateStyle::kStandard
                 : style < 70 ? DateStyle::kPaddedDay
                 : style < 78 ? DateStyle::kNoWeekday
                              : DateStyle::kZoneComment;
  if (s.offset_minutes == 0 && style >= 93) {
    s.date_style = DateStyle::kObsoleteZone;
    s.zone_name = "GMT";
  }

  // What.
  sc.vars.quarter = static_cast<int>(rng.between(1, 4));
  sc.vars.number = static_cast<int>(rng.between(1, 480));
  sc.vars.week = static_cast<int>(rng.between(2, 51));
  if (ch.quarter) sc.vars.quarter = *ch.quarter;
  if (ch.number) sc.vars.number = *ch.number;
  if (ch.week) sc.vars.week = *ch.week;
  sc.vars.date_text = date_text(sc.lang, s.date_utc - 86400 * rng.between(1, 6),
                                s.offset_minutes);
  const Org& customer_org = dir.org_of(dir.people[customer]);
  sc.vars.org = customer_org.name.empty() ? dir.people[customer].display()
                                          : customer_org.name;
  sc.vars.product = product_name(sc.lang, rng);
  const std::string topic_subject = subject_text(sc.topic, sc.lang, sc.vars);
  const bool reply = ch.reply ? *ch.reply : rng.percent(30);

  s.from = {from.display(), from.email};
  s.to.push_back({to.display(), to.email});
  if (rng.percent(30)) {
    std::vector<int> colleagues = dir.members(dir.people[customer].org);
    int cc = colleagues[rng.below(colleagues.size())];
    if (cc != customer)
      s.cc.push_back({dir.people[cc].display(), dir.people[cc].email});
    if (rng.percent(30)) {
      int v = dir.find_person(std::string("rajesh.iyer") + kVendorDomain);
      if (v != sc.from && v != sc.to)
        s.cc.push_back({dir.people[v].display(), dir.people[v].email});
    }
  }
  if (from.email == std::string("accounts") + kVendorDomain)
    s.reply_to.push_back({"Northwind Accounts", from.email});
  if (outgoing && rng.percent(5)) {
    int v = dir.find_person(std::string("olivia.bennett") + kVendorDomain);
    if (v != sc.from)
      s.bcc.push_back({dir.people[v].display(), dir.people[v].email});
  }
  // Some clients write "Family, Given" or bare addresses.
  if (outlookish(s.client) && sc.lang == Lang::kDe && rng.percent(40))
    s.from.display = from.family + ", " + from.given;
  if (rng.percent(5)) s.to.front().style = NameStyle::kBare;

  s.content_language = lang_tag(sc.lang, from_org.country);
  choose_charsets(&s, sc.lang, rng);

  // Body.
  int paragraphs = static_cast<int>(rng.between(1, ch.max_paragraphs));
  s.text = compose_text(dir, sc.from, sc.to, sc.lang, sc.topic, sc.vars,
                        paragraphs, rng);
  s.subject = topic_subject;
  if (reply) {
    s.subject = reply_prefix(sc.lang, s.client) + topic_subject;
    const Client parent_client = client_for(dir, sc.to, sc.vars.year);
    const int64_t parent_utc = s.date_utc - rng.between(600, 4 * 86400);
    int depth = static_cast<int>(rng.between(1, 3));
    for (int k = depth; k >= 1; --k)
      s.references.push_back(
          make_message_id(k % 2 ? parent_client : s.client,
                          k % 2 ? dir.org_of(to).domain : from_org.domain,
                          parent_utc - (k - 1) * 3600, rng));
    std::string parent =
        compose_text(dir, sc.to, sc.from, sc.lang, sc.topic, sc.vars, 1, rng);
    s.text += reply_quote(dir, sc.lang, s.client, sc.to, sc.from, parent_utc,
                          topic_subject, parent);
  }
  const bool html = ch.html ? *ch.html : rng.percent(55);
  if (html) {
    s.html = html_from_text(s.text, s.client);
    s.html_only = (s.client == Client::kAppleMail || outlookish(s.client)) &&
                  rng.percent(8);
  }
  if (is_ascii(s.text) && s.charset != "ISO-2022-JP" && rng.percent(80)) {
    s.charset = "us-ascii";
    s.text_cte = Cte::k7bit;
    s.html_cte = Cte::k7bit;
  }
  if (ch.bulk && rng.percent(3)) {  // no charset parameter at all
    s.undeclared_charset = rng.percent(60) ? "UTF-8" : "windows-1252";
    if (!encode_charset(s.text, s.undeclared_charset) ||
        !encode_charset(s.html, s.undeclared_charset))
      s.undeclared_charset = "UTF-8";
    s.charset.clear();
    s.text_cte = Cte::k8bit;
    s.html_cte = Cte::k8bit;
  }
  if (!s.html.empty() && outlookish(s.client) && !from_org.freemail &&
      rng.percent(25)) {
    FileData logo = logo_png(from.org);
    AttachmentSpec img = attach(logo, s.client, rng);
    img.name_style = FileNameStyle::kInline;
    img.content_id = "image001.png@01D" + rng.hex(5, true);
    img.content_id += "." + rng.hex(8, true);
    img.outlook_extras = false;
    s.inline_image = img;
  }

  // Attachments.
  int count = 0;
  if (ch.attachments) {
    count = *ch.attachments;
  } else if (rng.percent(ch.attachment_percent)) {
    uint64_t r = rng.below(100);
    count = r < 75 ? 1 : r < 95 ? 2 : 3;
  }
  std::vector<FileData> files;
  for (int k = 0; k < count; ++k) {
    size_t target = rng.log_uniform(ch.min_attachment, ch.max_attachment);
    files.push_back(
        k == 0 ? primary_file(dir, sc, customer, vendor, target, ch, rng)
               : secondary_file(dir, sc, customer, target, rng));
  }
  const bool tnef = count > 0 && outlookish(s.client) &&
                    rng.below(1000) < static_cast<uint64_t>(ch.tnef_permille);
  if (tnef) {
    // Outlook "Rich Text" mail: everything travels inside winmail.dat.
    std::vector<TnefInput> in;
    for (size_t k = 0; k < files.size(); ++k) {
      std::string ext = files[k].name.substr(files[k].name.rfind('.') + 1);
      std::string title = "ATTACH~" + std::to_string(k + 1) + "." + ext;
      for (char& c : title)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      in.push_back({title, files[k].name, files[k].data});
    }
    s.attachments.push_back(make_winmail(in, topic_subject, s.date_utc, rng));
  } else {
    for (const FileData& f : files)
      s.attachments.push_back(attach(f, s.client, rng));
  }
  if (ch.bulk && !s.attachments.empty() && rng.percent(1))
    s.attachments.back().name_style = FileNameStyle::kNoName;

  // Identity and trace.
  s.message_id = make_message_id(s.client, from_org.domain, s.date_utc, rng);
  s.trace = make_trace(dir, sc.from, sc.to, s.date_utc,
                       static_cast<int>(rng.between(1, 3)), rng);
  s.extra = client_fields(s.client, topic_subject, s, !s.attachments.empty(),
                          sc.vars.year, rng);
  return sc;
}

}  // namespace mailgen
