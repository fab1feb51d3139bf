// Why leakscope keeps its own MIME entity parser (mime_tree.cpp) instead of
// mimetic, which the design named: each case below is a real message of
// ../shared/corpus/eml (SOURCES.tsv) or a crafted one where mimetic loses
// what the message holds, or crashes, and what our parser reads instead.
// parsers/mime/FORMAT.md ("mimetic") gives the same list. mimetic is linked
// by this test only.
#include <doctest/doctest.h>
#include <mimetic/mimetic.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "mime_tree.hpp"

using namespace leakscope;

namespace {

std::optional<std::string> corpus_mail(const std::string& name) {
  std::ifstream f("../shared/corpus/eml/" + name, std::ios::binary);
  if (!f) {
    MESSAGE("corpus file absent, skipped: " << name);
    return std::nullopt;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Seen {
  size_t header_fields = 0;
  size_t children = 0;
  size_t body_bytes = 0;
  std::string type;  // "type/subtype" as the parser gives it
};

Seen by_mimetic(const std::string& msg) {
  const mimetic::MimeEntity me(msg.begin(), msg.end());
  const mimetic::Header& h = me.header();
  Seen s;
  s.header_fields = h.size();
  s.children = me.body().parts().size();
  s.body_bytes = me.body().size();
  s.type = h.contentType().type() + "/" + h.contentType().subtype();
  return s;
}

Seen by_ours(const std::string& msg) {
  const mime::Entity e = mime::parse_mime_tree(msg);
  Seen s;
  s.header_fields = e.headers.size();
  s.children = e.children.size();
  s.body_bytes = e.end - e.body_begin;
  return s;
}

}  // namespace

TEST_CASE("mimetic: headers after a blank first line are not read") {
  // flanker's enclosed.eml starts with an empty line (as many exported
  // messages do): mimetic takes the empty line as the end of an empty header
  // block, so the whole message becomes one untyped body.
  auto msg = corpus_mail("flanker/enclosed.eml");
  if (!msg) return;
  const Seen m = by_mimetic(*msg), o = by_ours(*msg);
  CHECK(m.header_fields == 0);
  CHECK(m.children == 0);
  CHECK(m.type == "/");
  CHECK(o.header_fields == 20);
  CHECK(o.children == 2);
}

TEST_CASE("mimetic: a message that starts with a UTF-8 byte-order mark") {
  // mimekit's feedback-report.txt: the BOM glues onto the first field name;
  // mimetic reads no field at all, so the multipart/report is lost.
  auto msg = corpus_mail("mimekit/feedback-report.txt");
  if (!msg) return;
  const Seen m = by_mimetic(*msg), o = by_ours(*msg);
  CHECK(m.header_fields == 0);
  CHECK(m.children == 0);
  CHECK(o.header_fields == 6);
  CHECK(o.children == 3);
}

TEST_CASE("mimetic: a multipart body without its delimiter loses its text") {
  // A message declares multipart/mixed but no delimiter line follows (as in
  // flanker's false-multipart.eml, whose body is only blank lines): mimetic
  // keeps neither parts nor body bytes, so the text is gone; ours keeps the
  // body, read as text/plain, with the damage recorded.
  const std::string msg =
      "From: a@b.c\nSubject: x\nMIME-Version: 1.0\nContent-Type: "
      "multipart/mixed; boundary=\"zz\"\n\nPlease call ops@adatum.fr about "
      "the invoice.\n";
  const Seen m = by_mimetic(msg), o = by_ours(msg);
  CHECK(m.type == "multipart/mixed");
  CHECK(m.children == 0);
  CHECK(m.body_bytes == 0);
  CHECK(o.children == 0);
  CHECK(o.body_bytes == 45);
  const mime::Entity e = mime::parse_mime_tree(msg);
  CHECK(e.defects == std::vector<std::string>{
                         "start boundary \"--zz\" not found; body read as "
                         "text"});
}

TEST_CASE("mimetic: no nesting bound (crafted message, 200,000 levels)") {
  // Each multipart level is a recursion in mimetic's parser and it has no
  // limit: 200,000 nested levels (a 9 MB message) overflow the stack of a
  // default 8 MiB thread (SIGSEGV), or, on a larger stack, are all built.
  // Ours stops at 32 levels and records why.
  constexpr int kLevels = 200000;
  std::string m;
  for (int i = 0; i < kLevels; ++i)
    m += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) +
         "\n\n--b" + std::to_string(i) + "\n";
  m += "Content-Type: text/plain\n\nhello\n";
  for (int i = kLevels - 1; i >= 0; --i)
    m += "--b" + std::to_string(i) + "--\n";

  // mimetic in a child process: a crash must not take the test run down.
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The test runner's crash handlers are not for this process.
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT}) std::signal(sig, SIG_DFL);
    const mimetic::MimeEntity me(m.begin(), m.end());
    int depth = 0;
    for (const mimetic::MimeEntity* e = &me; !e->body().parts().empty();
         e = e->body().parts().front())
      ++depth;
    _exit(depth == kLevels ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  const bool crashed = WIFSIGNALED(status);
  const bool built_all = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  CAPTURE(status);
  CHECK((crashed || built_all));

  const mime::Entity e = mime::parse_mime_tree(m);
  // The 33rd entity is the one not expanded, and says why.
  int depth = 0;
  const mime::Entity* at = &e;
  while (!at->children.empty()) {
    at = &at->children.front();
    ++depth;
  }
  CHECK(depth == 32);
  CHECK(at->defects ==
        std::vector<std::string>{"multipart nesting deeper than 32 levels; not "
                                 "expanded"});
}
