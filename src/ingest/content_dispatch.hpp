// The pipeline's ContentHandler: identifies embedded content and sends it to
// the parser that owns its format. Formats without a parser yet are recorded
// by kind (the attachment item already carries size, hash and sniffed type).
#pragma once

#include "leakscope/content.hpp"

namespace leakscope {

struct DispatchLimits {
  int max_depth = 12;  // nesting of containers (message in zip in message...)
};

class ContentDispatcher : public ContentHandler {
 public:
  explicit ContentDispatcher(DispatchLimits limits = {}) : limits_(limits) {}
  std::string open(const EmbeddedContent& content, ItemSink& sink,
                   Reporter& reporter) override;
  std::string sniff(std::string_view bytes) const override;

 private:
  DispatchLimits limits_;
};

// Emits one child item per file inside a TNEF stream and opens each.
void emit_tnef(std::string_view bytes, const std::string& locator,
               int64_t parent, int depth, ItemSink& sink, Reporter& reporter,
               ContentHandler& handler);

}  // namespace leakscope
