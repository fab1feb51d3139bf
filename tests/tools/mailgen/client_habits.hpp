// What each mail client does its own way: Message-ID and header shapes,
// the charsets and transfer encodings it writes, how it names attachments.
#pragma once

#include <string>
#include <vector>

#include "attachments.hpp"
#include "directory.hpp"
#include "message_builder.hpp"

namespace mailgen {

class Rng;

bool outlookish(Client c);

// The client `person` used in `year` (Outlook on premises before 2017,
// the billing system for accounts@).
Client client_for(const Directory& dir, int person, int year);

std::string make_message_id(Client client, const std::string& domain,
                            int64_t utc, Rng& rng);

// The headers `client` adds (Thread-Topic, Thread-Index, X-Mailer,
// User-Agent, X-MS-Has-Attach...). `topic` is the subject without prefix.
std::vector<Field> client_fields(Client client, const std::string& topic,
                                 const MessageSpec& spec, bool has_attach,
                                 int year, Rng& rng);

// Body charset, transfer encodings and header charset for `lang`/client.
void choose_charsets(MessageSpec* spec, Lang lang, Rng& rng);

// How `client` would attach `file` (file-name parameter style, encoding).
AttachmentSpec attach(const FileData& file, Client client, Rng& rng);

}  // namespace mailgen
