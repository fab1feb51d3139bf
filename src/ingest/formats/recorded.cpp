// Formats recognised and recorded by kind (size, hash, sniffed type), not
// parsed: images (OCR is out of scope), RTF, HTML and plain text files.
#include "ingest/formats/formats.hpp"
#include "util/text.hpp"

namespace leakscope::formats {

namespace {

bool recognise_png(std::string_view b) {
  return starts(b, "\x89PNG\r\n\x1A\n");
}
bool recognise_jpeg(std::string_view b) { return starts(b, "\xFF\xD8\xFF"); }
bool recognise_gif(std::string_view b) {
  return starts(b, "GIF87a") || starts(b, "GIF89a");
}
bool recognise_html(std::string_view b) {
  const std::string_view t = trim(b.substr(0, 512));
  return istarts_with(t, "<!doctype html") || istarts_with(t, "<html");
}
// Text: fewer than 1 % control bytes (other than tab, line feed, vertical
// tab, form feed, carriage return) in the first 4 KiB.
bool recognise_text(std::string_view b) {
  const size_t n = std::min<size_t>(b.size(), 4096);
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(b[i]);
    if (c < 9 || (c > 13 && c < 32)) ++bad;
  }
  return n > 0 && bad * 100 < n;
}

constexpr FormatDescriptor recorded(const char* name, const char* summary,
                                    bool (*recognise)(std::string_view)) {
  return {name, summary, recognise, false, false, nullptr, ""};
}

}  // namespace

const FormatDescriptor kPng =
    recorded("png", "PNG image: recorded", recognise_png);
const FormatDescriptor kJpeg =
    recorded("jpeg", "JPEG image: recorded", recognise_jpeg);
const FormatDescriptor kGif =
    recorded("gif", "GIF image: recorded", recognise_gif);
const FormatDescriptor kHtml =
    recorded("html", "HTML file: recorded", recognise_html);
const FormatDescriptor kText =
    recorded("text", "other text: recorded", recognise_text);

}  // namespace leakscope::formats
