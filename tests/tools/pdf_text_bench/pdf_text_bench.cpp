// leakscope-pdf-text-bench --engine mupdf|poppler [--repeat N] [--dump DIR]
//   FILE...
// Reads every FILE into memory, then extracts the text of each N times
// (default 3) on one thread with the engine named, and prints one line:
//   engine=E files=F bytes=B seconds=S text_bytes=T
// (S for all repeats, B and T for one). With --dump, the text of file i
// (argument order, from 0) is written to DIR/i.txt. "mupdf" is leakscope's
// own reader (parsers/pdf, MuPDF, metadata included); "poppler" is
// poppler-cpp's raw-order text, as leakscope read PDFs before.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "pdf_document.hpp"

namespace {

std::string poppler_text(const std::string& bytes) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(
      bytes.data(), static_cast<int>(bytes.size())));
  std::string out;
  if (!doc || doc->is_locked()) return out;
  for (int i = 0; i < doc->pages(); ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p) continue;
    poppler::byte_array b =
        p->text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
    if (!out.empty()) out += '\n';
    out.append(b.begin(), b.end());
  }
  return out;
}

void quiet(const std::string&, void*) {}

}  // namespace

int main(int argc, char** argv) {
  std::string engine, dump;
  int repeat = 3;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--engine" && i + 1 < argc) {
      engine = argv[++i];
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--dump" && i + 1 < argc) {
      dump = argv[++i];
    } else {
      paths.push_back(a);
    }
  }
  if ((engine != "mupdf" && engine != "poppler") || paths.empty()) {
    std::fprintf(stderr,
                 "usage: leakscope-pdf-text-bench --engine mupdf|poppler "
                 "[--repeat N] [--dump DIR] FILE...\n");
    return 2;
  }
  poppler::set_debug_error_function(quiet, nullptr);
  std::vector<std::string> files;
  size_t bytes = 0;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    files.emplace_back(std::istreambuf_iterator<char>(in),
                       std::istreambuf_iterator<char>());
    bytes += files.back().size();
  }
  size_t text_bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r)
    for (size_t i = 0; i < files.size(); ++i) {
      std::string text = engine == "mupdf"
                             ? leakscope::pdf::read_pdf(files[i]).text
                             : poppler_text(files[i]);
      if (r == 0) {
        text_bytes += text.size();
        if (!dump.empty())
          std::ofstream(dump + "/" + std::to_string(i) + ".txt",
                        std::ios::binary)
              << text;
      }
    }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  std::printf(
      "engine=%s files=%zu bytes=%zu seconds=%.3f text_bytes=%zu "
      "repeat=%d\n",
      engine.c_str(), files.size(), bytes, seconds, text_bytes, repeat);
  return 0;
}
