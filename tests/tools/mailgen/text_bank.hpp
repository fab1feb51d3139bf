// Business-mail wording in six languages: subjects, sentences, greetings,
// closings, signatures, reply/forward conventions. All text is UTF-8 with
// CRLF line breaks (canonical form, see transfer_encode.hpp).
#pragma once

#include <cstdint>
#include <string>

#include "directory.hpp"

namespace mailgen {

class Rng;

enum class Topic {
  kStatementOfWork,
  kPriceList,
  kInvoice,
  kMeeting,
  kQuote,
  kPurchaseOrder,
  kStatus,
  kContract,
};
inline constexpr int kTopicCount = 8;

// Values substituted into templates: {Y} year, {Q} quarter, {N} number,
// {W} week, {D} date text, {O} organisation, {P} product.
struct TopicVars {
  int year = 2020;
  int quarter = 3;
  int number = 42;
  int week = 32;
  std::string date_text;
  std::string org;
  std::string product;
};

std::string subject_text(Topic topic, Lang lang, const TopicVars& vars);
std::string topic_sentence(Topic topic, Lang lang, const TopicVars& vars);
std::string filler_sentence(Lang lang, Rng& rng);
std::string product_name(Lang lang, Rng& rng);

std::string greeting(Lang lang, const Person& to, const Org& to_org,
                     const Person& from, const Org& from_org, Rng& rng);
std::string closing(Lang lang, Rng& rng);
// "-- \r\n" followed by name, title, organisation, phones, address.
std::string signature(const Person& p, const Org& org, Lang lang, Rng& rng);

std::string reply_prefix(Lang lang, Client client);
std::string forward_prefix(Lang lang, Client client);
// "On <date>, <name> <email> wrote:" in `lang`.
std::string quote_intro(Lang lang, const std::string& date,
                        const std::string& name, const std::string& email);
// Outlook's "-----Original Message-----" block (labels in `lang`).
std::string outlook_original(Lang lang, const std::string& from,
                             const std::string& sent, const std::string& to,
                             const std::string& subject);
// A day as people in `lang` write it ("14 March 2019", "14.03.2019").
std::string date_text(Lang lang, int64_t utc, int offset_minutes);
// RFC 5646 tag, for Content-Language ("de-DE").
std::string lang_tag(Lang lang, const std::string& country);

// Replaces every "{k}" in `tmpl` (k one of Y Q N W D O P).
std::string fill(std::string tmpl, const TopicVars& vars);

}  // namespace mailgen
