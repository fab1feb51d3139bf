// Office documents: OOXML (docx/xlsx/pptx and macro-enabled variants) and
// ODF (odt/ods/odp) packages through libzip + libxml2; legacy OLE2 files
// (.doc/.xls/.ppt/.msg, encrypted OOXML) through libgsf. See FORMAT.md.
#pragma once

#include <string>
#include <string_view>

#include "leakscope/document.hpp"
#include "zip_reader.hpp"

namespace leakscope::office {

// "docx", "xlsx", "pptx", "docm", "xlsm", "pptm", "odt", "ods", "odp" for a
// zip that is an office package; "" for any other zip (an archive).
std::string package_format(std::string_view zip_bytes);
std::string package_format(const archive::ZipArchive& zip);

// Reads a package that package_format() recognised. Never throws.
DocumentInfo read_package(std::string_view zip_bytes,
                          const DocumentLimits& limits = {});
// The same over an archive already open, whose package_format() is `format`.
DocumentInfo read_package(const archive::ZipArchive& zip,
                          const std::string& format,
                          const DocumentLimits& limits = {});

// Reads an OLE2 compound file: property sets, the format from its streams,
// encrypted OOXML (EncryptionInfo + EncryptedPackage). Never throws.
DocumentInfo read_ole2(std::string_view bytes,
                       const DocumentLimits& limits = {});

}  // namespace leakscope::office
