// Payment card issuer ranges: src/classify/data/card_ranges.tsv (network,
// first and last prefix, lengths; its header names the source), embedded
// at build time.
#pragma once

namespace leakscope::classify {

// The TSV's text as in the source tree.
const char* card_ranges_tsv();

}  // namespace leakscope::classify
