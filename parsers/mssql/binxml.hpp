// SQL Server's binary XML (the on-disk form of xml columns, [MS-BINXML])
// turned back into XML text. See BINXML_FORMAT.md.
#pragma once

#include <string>
#include <string_view>

namespace leakscope::mssql {

// Writes the XML text of `bytes` to *out. Returns false with the reason in
// *out (naming the byte offset) when the bytes are not binary XML or use a
// construct this decoder does not know; *out then holds no partial text.
bool binxml_to_text(std::string_view bytes, std::string* out);

}  // namespace leakscope::mssql
