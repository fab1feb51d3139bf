// Business-document types scored from a document's name, title, metadata
// and the structure of its text. Each type has named features with weights;
// a type is reported when its score reaches kDocumentThreshold.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace leakscope::classify {

inline constexpr double kDocumentThreshold = 0.6;

struct DocumentScore {
  std::string type;      // "statement_of_work", "invoice", ...
  double score = 0;      // sum of the features' weights, capped at 1
  std::string evidence;  // the features that scored, "; "-separated
};

// `name` is the file name and title joined; `text` the document's text.
// The types that reach the threshold, the document's own type first: one
// its head (name, title, first lines) names before one it does not, a
// specific type before the general "contract", then by score.
std::vector<DocumentScore> score_document(std::string_view name,
                                          std::string_view text);

}  // namespace leakscope::classify
