// Trace header fields (RFC 5321 section 4.4): Return-Path and the Received
// chain a message collects between the sender's client and the recipient's
// mailbox. Addresses are documentation ranges (RFC 5737, RFC 3849).
#pragma once

#include <cstdint>
#include <vector>

#include "directory.hpp"
#include "entity.hpp"

namespace mailgen {

class Rng;

// Return-Path plus `hops` (1..3) Received fields, newest first, as the
// recipient's server sees a message sent by person `from` to `to` at `utc`.
std::vector<Field> make_trace(const Directory& dir, int from, int to,
                              int64_t utc, int hops, Rng& rng);

// One more Received field, as a backup/archiving server prepends it.
Field archive_received(int64_t utc, Rng& rng);

}  // namespace mailgen
