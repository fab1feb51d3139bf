#include <cstdio>

#include "layouts.hpp"
#include "output_tree.hpp"
#include "rng.hpp"
#include "scenario.hpp"

namespace mailgen {
namespace {

// Stream offset for forwarded messages that exist nowhere else.
constexpr uint64_t kFreshNested = uint64_t{1} << 40;

Entity bulk_message(const Directory& dir, uint64_t seed, uint64_t index,
                    bool allow_forward) {
  Rng rng(Rng::mix(seed, index));
  Choice ch;
  ch.bulk = true;
  ch.tnef_permille = 4;
  ch.max_paragraphs = 5;
  ch.min_attachment = 1024;
  ch.max_attachment = 96 * 1024;
  ch.attachment_percent = 45;
  Scenario sc = make_scenario(dir, rng, ch);
  if (allow_forward && rng.percent(3)) {
    // Half forward a message that is also a file of its own (same
    // Message-ID, same attachments), half one that exists only nested.
    uint64_t j =
        index > 0 && rng.percent(50) ? rng.below(index) : kFreshNested + index;
    ForwardSpec f;
    f.message = bulk_message(dir, seed, j, false);
    f.inline_disposition = rng.percent(50);
    if (!f.inline_disposition) f.filename = "forwarded message.eml";
    sc.spec.subject =
        forward_prefix(sc.lang, sc.spec.client) + f.message.truth->subject;
    sc.spec.forwards.push_back(std::move(f));
  }
  return build_message(sc.spec, rng);
}

}  // namespace

void write_bulk(const std::filesystem::path& root, uint64_t count,
                uint64_t seed, GroundTruth* truth) {
  const Directory dir = make_directory(40, seed);
  OutputTree out(root, truth);
  for (uint64_t i = 0; i < count; ++i) {
    Rng decide(Rng::mix(seed ^ 0xB0C5, i));
    Entity m;
    if (i > 0 && decide.percent(3)) {
      // A copy of a recent message, as backups and re-exports leave them.
      uint64_t j = i - 1 - decide.below(std::min<uint64_t>(i, 500));
      m = bulk_message(dir, seed, j, true);
      if (decide.percent(50))
        m.fields.insert(m.fields.begin(),
                        archive_received(m.truth->date_utc + 86400, decide));
    } else {
      m = bulk_message(dir, seed, i, true);
    }
    char rel[64];
    std::snprintf(rel, sizeof rel, "mail/d%03llu/%06llu.eml",
                  static_cast<unsigned long long>(i / 1000),
                  static_cast<unsigned long long>(i));
    out.write_eml(rel, m, decide.percent(3) ? "\n" : "\r\n");
  }
}

}  // namespace mailgen
