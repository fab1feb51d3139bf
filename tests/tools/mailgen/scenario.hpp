// Random but plausible business messages: who writes to whom about what,
// when, with which mail client, charset, body, attachments and trace
// headers. Every choice is drawn from the Rng passed in, so a message is a
// pure function of (directory, rng state, choice).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "attachments.hpp"
#include "client_habits.hpp"
#include "directory.hpp"
#include "html_body.hpp"
#include "message_builder.hpp"
#include "text_bank.hpp"
#include "tnef.hpp"
#include "trace.hpp"

namespace mailgen {

class Rng;

// Constraints a caller may fix; unset fields are chosen at random.
struct Choice {
  std::optional<Topic> topic;
  std::optional<bool> outgoing;         // vendor -> customer
  std::optional<std::string> customer;  // e-mail of the customer side
  std::optional<std::string> vendor;    // e-mail of the vendor side
  std::optional<int> year;
  std::optional<int> number;   // invoice / order number ({N})
  std::optional<int> week;     // calendar week ({W})
  std::optional<int> quarter;  // {Q}
  std::optional<bool> reply;
  std::optional<bool> html;
  std::optional<int> attachments;  // exact number of attachments
  int attachment_percent = 50;     // when `attachments` is unset
  size_t min_attachment = 2 * 1024;
  size_t max_attachment = 100 * 1024;
  int max_paragraphs = 3;
  bool bulk = false;      // bulk corpus: larger shared files, rare oddities
  int tnef_permille = 0;  // chance of sending attachments as winmail.dat
};

struct Scenario {
  MessageSpec spec;
  int from = -1, to = -1;  // indices into Directory::people
  Lang lang = Lang::kEn;
  Topic topic = Topic::kStatus;
  TopicVars vars;
};

Scenario make_scenario(const Directory& dir, Rng& rng, const Choice& choice);

// The quoted original a reply carries: Outlook's "Original Message" block
// or "On <date>, <name> wrote:" followed by "> " lines.
std::string reply_quote(const Directory& dir, Lang lang, Client client,
                        int parent_from, int parent_to, int64_t parent_utc,
                        const std::string& parent_subject,
                        const std::string& parent_text);
// A winmail.dat attachment carrying `files`; each file is reported under its
// long name if it has one, else its 8.3 title.
AttachmentSpec make_winmail(const std::vector<TnefInput>& files,
                            const std::string& subject, int64_t utc, Rng& rng);
// Moves a scenario to instant `utc` (local offset of the sender, or UTC
// where the client stamps UTC) and rebuilds its trace headers.
void retime(Scenario* sc, const Directory& dir, int64_t utc, Rng& rng);

}  // namespace mailgen
