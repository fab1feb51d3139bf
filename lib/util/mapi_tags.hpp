// MAPI property ids ([MS-OXPROPS]) that the Outlook readers use: .msg
// (parsers/msg, 16-bit ids in stream names) and .pst/.ost (parsers/pst,
// libpff entry types). One table, so that both read the same property for
// the same field.
#pragma once

#include <cstdint>

namespace leakscope::mapi {

// Message.
inline constexpr uint16_t kMessageClass = 0x001A;
inline constexpr uint16_t kSubject = 0x0037;
inline constexpr uint16_t kClientSubmitTime = 0x0039;
inline constexpr uint16_t kSentRepresentingName = 0x0042;
inline constexpr uint16_t kTransportHeaders = 0x007D;
inline constexpr uint16_t kRecipientType = 0x0C15;
inline constexpr uint16_t kSenderName = 0x0C1A;
inline constexpr uint16_t kSenderEmail = 0x0C1F;
inline constexpr uint16_t kDeliveryTime = 0x0E06;
inline constexpr uint16_t kBody = 0x1000;
inline constexpr uint16_t kRtfCompressed = 0x1009;
inline constexpr uint16_t kHtml = 0x1013;
inline constexpr uint16_t kMessageId = 0x1035;
inline constexpr uint16_t kDisplayName = 0x3001;
inline constexpr uint16_t kEmailAddress = 0x3003;
inline constexpr uint16_t kSmtpAddress = 0x39FE;
inline constexpr uint16_t kInternetCodepage = 0x3FDE;
inline constexpr uint16_t kMessageCodepage = 0x3FFD;
inline constexpr uint16_t kSenderSmtp = 0x5D01;
inline constexpr uint16_t kSentRepresentingSmtp = 0x5D02;
// Attachment.
inline constexpr uint16_t kAttachData = 0x3701;
inline constexpr uint16_t kAttachFilename = 0x3704;
inline constexpr uint16_t kAttachMethod = 0x3705;
inline constexpr uint16_t kAttachLongFilename = 0x3707;
inline constexpr uint16_t kAttachMimeTag = 0x370E;
// Contact ([MS-OXOCNTC]; most of a contact is in named properties).
inline constexpr uint16_t kGivenName = 0x3A06;
inline constexpr uint16_t kBusinessPhone = 0x3A08;
inline constexpr uint16_t kHomePhone = 0x3A09;
inline constexpr uint16_t kSurname = 0x3A11;
inline constexpr uint16_t kCompanyName = 0x3A16;
inline constexpr uint16_t kJobTitle = 0x3A17;
inline constexpr uint16_t kMobilePhone = 0x3A1C;
inline constexpr uint16_t kCountry = 0x3A26;
inline constexpr uint16_t kLocality = 0x3A27;
inline constexpr uint16_t kStreet = 0x3A29;
inline constexpr uint16_t kPostalCode = 0x3A2A;

}  // namespace leakscope::mapi
