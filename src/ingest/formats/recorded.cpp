// Formats recognised and recorded by kind (size, hash, sniffed type), not
// parsed: images (OCR is out of scope).
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

}  // namespace leakscope::formats
