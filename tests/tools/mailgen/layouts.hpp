// The two corpus layouts the generator writes under an output root.
#pragma once

#include <cstdint>
#include <filesystem>

#include "ground_truth.hpp"

namespace mailgen {

// --samples: a small hand-shaped exposure (~50 messages) under root/mail:
// inbox/, sent/, archive-2016.mbox, backup/ (duplicates), compressed/.
// Every edge case listed in layout_samples.cpp appears at least once.
void write_samples(const std::filesystem::path& root, uint64_t seed,
                   GroundTruth* truth);

// --count N: N message files under root/mail/dNNN/NNNNNN.eml, 1000 per
// folder; message i is a pure function of (seed, i), so any slice can be
// regenerated. About 3% are copies of earlier messages (half with one more
// Received header), 3% forward another message as message/rfc822.
void write_bulk(const std::filesystem::path& root, uint64_t count,
                uint64_t seed, GroundTruth* truth);

}  // namespace mailgen
