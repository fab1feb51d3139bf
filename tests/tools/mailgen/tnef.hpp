// A minimal Microsoft TNEF (winmail.dat) encoder after [MS-OXTNEF] 2.1.3:
//
//   stream    = signature(u32 0x223E9F78) legacy-key(u16) *attribute
//   attribute = level(u8: 1 message, 2 attachment) id(u32: type<<16 | tag)
//               length(u32) data(length bytes) checksum(u16)
//   checksum  = sum of the data bytes modulo 65536
//
// Written in order: attTnefVersion, attOemCodepage, attMessageClass,
// attSubject, attDateSent; then per file attAttachRendData (which starts an
// attachment), attAttachTitle, attAttachModifyDate, attAttachData and, when
// a long name is given, attAttachment with PR_ATTACH_LONG_FILENAME
// (PT_UNICODE) and PR_ATTACH_METHOD. All integers little-endian.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mailgen {

struct TnefInput {
  std::string title;      // 8.3 name, ASCII (attAttachTitle)
  std::string long_name;  // UTF-8; empty: no attAttachment properties
  std::string data;       // the file's bytes (attAttachData)
};

std::string make_tnef(const std::string& subject_ascii, int64_t sent_utc,
                      const std::vector<TnefInput>& files, uint16_t key);

}  // namespace mailgen
