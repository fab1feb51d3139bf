// A PDF file from its objects: the header (with the binary comment line
// that marks the file as binary), objects numbered from 1 in the order
// given, a cross-reference table with each object's offset, and a trailer
// whose /Root is object 1. Shared by the mail and document generators and
// the unit tests that build PDFs object by object.
#pragma once

#include <string>
#include <vector>

namespace mailgen {

// `trailer_extra` is appended inside the trailer dictionary after /Root
// (" /Info 4 0 R", or "").
std::string pdf_file(const std::vector<std::string>& objects,
                     const std::string& trailer_extra = "");

}  // namespace mailgen
