// Attachment payloads a business mailbox carries: price lists and contact
// lists (CSV, in the charset Excel of that country writes), meeting notes
// (text), invoices and statements of work (PDF), screenshots and logos
// (PNG). Each factory is a pure function of its arguments (and of the Rng
// state where one is passed), so shared documents dedupe exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "directory.hpp"

namespace mailgen {

class Rng;

struct FileData {
  std::string name;          // UTF-8 file name
  std::string content_type;  // without parameters
  std::string charset;       // for text/*: the bytes' charset, else ""
  std::string data;          // the file's bytes (text uses CRLF)
};

// The vendor's price list for `year` in the customer's language and
// currency. Same (year, lang) -> same bytes. Padded with more rows to at
// least `min_bytes`.
FileData price_list_csv(int year, Lang lang, size_t min_bytes = 0);

// Contact list (names, e-mail addresses, phone numbers) of org `org`.
FileData contacts_csv(const Directory& dir, int org, Rng& rng, size_t target);

FileData meeting_notes_txt(const Directory& dir, const std::vector<int>& who,
                           Lang lang, int64_t utc, int offset_minutes, Rng& rng,
                           size_t target);

FileData invoice_pdf(const Directory& dir, int customer_person, int year,
                     int number, int64_t utc, Rng& rng, size_t target);

FileData sow_pdf(const Directory& dir, int customer_person, int vendor_person,
                 int quarter, int year, int64_t utc, Rng& rng, size_t target);

FileData screenshot_png(Rng& rng, size_t target);

// The small logo an organisation's HTML signature embeds (image001.png).
FileData logo_png(int org);

}  // namespace mailgen
