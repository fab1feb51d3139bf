#include "collation.hpp"

#include <array>

namespace leakscope::mssql {

namespace {

// Windows collation designators by the id's low byte, with the Windows ANSI
// code page of the designator's locale (0: Unicode-only, no code page).
// Indexes and names as listed by SQL Server's
// COLLATIONPROPERTY(name, 'CollationId') over sys.fn_helpcollations().
struct Designator {
  uint8_t index;
  const char* name;
  uint16_t code_page;
};
constexpr Designator kDesignators[] = {
    {1, "Arabic", 1256},                            // LCID 1025
    {2, "Dari", 1256},                              // LCID 1164
    {3, "Chinese_Taiwan_Stroke", 950},              // LCID 1028
    {4, "Czech", 1250},                             // LCID 1029
    {5, "Danish_Norwegian", 1252},                  // LCID 1030
    {6, "Yakut", 1251},                             // LCID 1157
    {7, "Greek", 1253},                             // LCID 1032
    {8, "Latin1_General", 1252},                    // LCID 1033
    {9, "Traditional_Spanish", 1252},               // LCID 1034
    {10, "Finnish_Swedish", 1252},                  // LCID 1035
    {11, "French", 1252},                           // LCID 1036
    {12, "Hebrew", 1255},                           // LCID 1037
    {13, "Hungarian", 1250},                        // LCID 1038
    {14, "Icelandic", 1252},                        // LCID 1039
    {15, "Corsican", 1252},                         // LCID 1155
    {16, "Japanese", 932},                          // LCID 1041
    {17, "Korean_Wansung", 949},                    // LCID 1042
    {18, "Maori", 0},                               // LCID 1153
    {19, "Polish", 1250},                           // LCID 1045
    {20, "Romanian", 1250},                         // LCID 1048
    {21, "Cyrillic_General", 1251},                 // LCID 1049
    {22, "Croatian", 1250},                         // LCID 1050
    {23, "Slovak", 1250},                           // LCID 1051
    {24, "Albanian", 1250},                         // LCID 1052
    {25, "Thai", 874},                              // LCID 1054
    {26, "Turkish", 1254},                          // LCID 1055
    {27, "Ukrainian", 1251},                        // LCID 1058
    {28, "Slovenian", 1250},                        // LCID 1060
    {29, "Estonian", 1257},                         // LCID 1061
    {30, "Latvian", 1257},                          // LCID 1062
    {31, "Lithuanian", 1257},                       // LCID 1063
    {32, "Vietnamese", 1258},                       // LCID 1066
    {36, "Chinese_PRC", 936},                       // LCID 2052
    {37, "Uighur", 1256},                           // LCID 1152
    {38, "Breton", 1252},                           // LCID 1150
    {40, "Modern_Spanish", 1252},                   // LCID 3082
    {41, "German_PhoneBook", 1252},                 // LCID 66567
    {42, "Hungarian_Technical", 1250},              // LCID 66574
    {43, "Japanese_Unicode", 932},                  // LCID 66577
    {45, "Georgian_Modern_Sort", 0},                // LCID 66615
    {46, "Chinese_PRC_Stroke", 936},                // LCID 133124
    {47, "Chinese_Taiwan_Bopomofo", 950},           // LCID 197636
    {48, "Japanese", 932},                          // LCID 1041
    {49, "Chinese_PRC", 936},                       // LCID 2052
    {50, "Chinese_PRC_Stroke", 936},                // LCID 133124
    {51, "Chinese_Taiwan_Bopomofo", 950},           // LCID 197636
    {52, "Chinese_Taiwan_Stroke", 950},             // LCID 1028
    {53, "Indic_General", 0},                       // LCID 1081
    {55, "Kazakh", 1251},                           // LCID 1087
    {56, "Uzbek_Latin", 1254},                      // LCID 1091
    {57, "Tatar", 1251},                            // LCID 1092
    {58, "Macedonian_FYROM", 1251},                 // LCID 1071
    {59, "Syriac", 0},                              // LCID 1114
    {60, "Divehi", 0},                              // LCID 1125
    {62, "Chinese_Hong_Kong_Stroke", 950},          // LCID 3076
    {63, "Mohawk", 1252},                           // LCID 1148
    {64, "Korean", 949},                            // LCID 1042
    {65, "Chinese_Traditional_Stroke_Count", 950},  // LCID 1028
    {66, "Chinese_Traditional_Bopomofo", 950},      // LCID 197636
    {67, "Chinese_Simplified_Pinyin", 936},         // LCID 2052
    {68, "Chinese_Simplified_Stroke_Order", 936},   // LCID 133124
    {69, "Chinese_Traditional_Pinyin", 950},        // LCID 5124
    {70, "Chinese_Traditional_Stroke_Order", 950},  // LCID 136196
    {71, "Danish_Greenlandic", 1252},               // LCID 1030
    {72, "Japanese_XJIS", 932},                     // LCID 1041
    {73, "Japanese_Bushu_Kakusu", 932},             // LCID 263185
    {74, "Norwegian", 1252},                        // LCID 1044
    {75, "Romansh", 1252},                          // LCID 1047
    {76, "Serbian_Latin", 1250},                    // LCID 2074
    {77, "Serbian_Cyrillic", 1251},                 // LCID 3098
    {78, "Bosnian_Latin", 1250},                    // LCID 5146
    {79, "Bosnian_Cyrillic", 1251},                 // LCID 8218
    {80, "Urdu", 1256},                             // LCID 1056
    {81, "Persian", 1256},                          // LCID 1065
    {82, "Mapudungan", 1252},                       // LCID 1146
    {83, "Upper_Sorbian", 1252},                    // LCID 1070
    {84, "Bashkir", 1251},                          // LCID 1133
    {85, "Maltese", 0},                             // LCID 1082
    {86, "Sami_Norway", 1252},                      // LCID 1083
    {87, "Sami_Sweden_Finland", 1252},              // LCID 2107
    {88, "Turkmen", 1250},                          // LCID 1090
    {89, "Bengali", 0},                             // LCID 1093
    {90, "Assamese", 0},                            // LCID 1101
    {91, "Pashto", 0},                              // LCID 1123
    {92, "Tibetan", 0},                             // LCID 1105
    {93, "Welsh", 1252},                            // LCID 1106
    {94, "Khmer", 0},                               // LCID 1107
    {95, "Lao", 0},                                 // LCID 1108
    {96, "Frisian", 1252},                          // LCID 1122
    {97, "Tamazight", 1252},                        // LCID 2143
    {98, "Nepali", 0},                              // LCID 1121
    {99, "Azeri_Latin", 1254},                      // LCID 1068
    {100, "Azeri_Cyrillic", 1251},                  // LCID 2092
};

// SQL collations by SQL sort order id (the id's top byte), with the code page
// their name carries (CP1 = 1252). Ids 30 and 40 are the _BIN/_BIN2 pairs:
// the suffix comes from the id's flag bits.
struct SortOrder {
  uint8_t id;
  const char* name;
  uint16_t code_page;
};
constexpr SortOrder kSortOrders[] = {
    {30, "SQL_Latin1_General_CP437", 437},
    {31, "SQL_Latin1_General_CP437_CS_AS", 437},
    {32, "SQL_Latin1_General_CP437_CI_AS", 437},
    {33, "SQL_Latin1_General_Pref_CP437_CI_AS", 437},
    {34, "SQL_Latin1_General_CP437_CI_AI", 437},
    {40, "SQL_Latin1_General_CP850", 850},
    {41, "SQL_Latin1_General_CP850_CS_AS", 850},
    {42, "SQL_Latin1_General_CP850_CI_AS", 850},
    {43, "SQL_Latin1_General_Pref_CP850_CI_AS", 850},
    {44, "SQL_Latin1_General_CP850_CI_AI", 850},
    {49, "SQL_1xCompat_CP850_CI_AS", 850},
    {51, "SQL_Latin1_General_CP1_CS_AS", 1252},
    {52, "SQL_Latin1_General_CP1_CI_AS", 1252},
    {53, "SQL_Latin1_General_Pref_CP1_CI_AS", 1252},
    {54, "SQL_Latin1_General_CP1_CI_AI", 1252},
    {55, "SQL_AltDiction_CP850_CS_AS", 850},
    {56, "SQL_AltDiction_Pref_CP850_CI_AS", 850},
    {57, "SQL_AltDiction_CP850_CI_AI", 850},
    {58, "SQL_Scandinavian_Pref_CP850_CI_AS", 850},
    {59, "SQL_Scandinavian_CP850_CS_AS", 850},
    {60, "SQL_Scandinavian_CP850_CI_AS", 850},
    {61, "SQL_AltDiction_CP850_CI_AS", 850},
    {81, "SQL_Latin1_General_CP1250_CS_AS", 1250},
    {82, "SQL_Latin1_General_CP1250_CI_AS", 1250},
    {83, "SQL_Czech_CP1250_CS_AS", 1250},
    {84, "SQL_Czech_CP1250_CI_AS", 1250},
    {85, "SQL_Hungarian_CP1250_CS_AS", 1250},
    {86, "SQL_Hungarian_CP1250_CI_AS", 1250},
    {87, "SQL_Polish_CP1250_CS_AS", 1250},
    {88, "SQL_Polish_CP1250_CI_AS", 1250},
    {89, "SQL_Romanian_CP1250_CS_AS", 1250},
    {90, "SQL_Romanian_CP1250_CI_AS", 1250},
    {91, "SQL_Croatian_CP1250_CS_AS", 1250},
    {92, "SQL_Croatian_CP1250_CI_AS", 1250},
    {93, "SQL_Slovak_CP1250_CS_AS", 1250},
    {94, "SQL_Slovak_CP1250_CI_AS", 1250},
    {95, "SQL_Slovenian_CP1250_CS_AS", 1250},
    {96, "SQL_Slovenian_CP1250_CI_AS", 1250},
    {105, "SQL_Latin1_General_CP1251_CS_AS", 1251},
    {106, "SQL_Latin1_General_CP1251_CI_AS", 1251},
    {107, "SQL_Ukrainian_CP1251_CS_AS", 1251},
    {108, "SQL_Ukrainian_CP1251_CI_AS", 1251},
    {113, "SQL_Latin1_General_CP1253_CS_AS", 1253},
    {114, "SQL_Latin1_General_CP1253_CI_AS", 1253},
    {120, "SQL_MixDiction_CP1253_CS_AS", 1253},
    {122, "SQL_AltDiction2_CP1253_CS_AS", 1253},
    {124, "SQL_Latin1_General_CP1253_CI_AI", 1253},
    {129, "SQL_Latin1_General_CP1254_CS_AS", 1254},
    {130, "SQL_Latin1_General_CP1254_CI_AS", 1254},
    {137, "SQL_Latin1_General_CP1255_CS_AS", 1255},
    {138, "SQL_Latin1_General_CP1255_CI_AS", 1255},
    {145, "SQL_Latin1_General_CP1256_CS_AS", 1256},
    {146, "SQL_Latin1_General_CP1256_CI_AS", 1256},
    {153, "SQL_Latin1_General_CP1257_CS_AS", 1257},
    {154, "SQL_Latin1_General_CP1257_CI_AS", 1257},
    {155, "SQL_Estonian_CP1257_CS_AS", 1257},
    {156, "SQL_Estonian_CP1257_CI_AS", 1257},
    {157, "SQL_Latvian_CP1257_CS_AS", 1257},
    {158, "SQL_Latvian_CP1257_CI_AS", 1257},
    {159, "SQL_Lithuanian_CP1257_CS_AS", 1257},
    {160, "SQL_Lithuanian_CP1257_CI_AS", 1257},
    {183, "SQL_Danish_Pref_CP1_CI_AS", 1252},
    {184, "SQL_SwedishPhone_Pref_CP1_CI_AS", 1252},
    {185, "SQL_SwedishStd_Pref_CP1_CI_AS", 1252},
    {186, "SQL_Icelandic_Pref_CP1_CI_AS", 1252},
    {210, "SQL_EBCDIC037_CP1_CS_AS", 1252},
    {211, "SQL_EBCDIC273_CP1_CS_AS", 1252},
    {212, "SQL_EBCDIC277_CP1_CS_AS", 1252},
    {213, "SQL_EBCDIC278_CP1_CS_AS", 1252},
    {214, "SQL_EBCDIC280_CP1_CS_AS", 1252},
    {215, "SQL_EBCDIC284_CP1_CS_AS", 1252},
    {216, "SQL_EBCDIC285_CP1_CS_AS", 1252},
    {217, "SQL_EBCDIC297_CP1_CS_AS", 1252},
    {218, "SQL_EBCDIC277_2_CP1_CS_AS", 1252},
    {219, "SQL_EBCDIC1141_CP1_CS_AS", 1252},
};

// Bits of a collation id below the sort order byte.
constexpr uint32_t kIndexMask = 0xFF;
constexpr uint32_t kSupplementary = 0x100;   // _SC (implied by _140)
constexpr uint32_t kNoVariationSel = 0x200;  // _140 without _VSS
constexpr uint32_t kBin2 = 0x800;
constexpr uint32_t kCaseInsensitive = 0x1000;
constexpr uint32_t kAccentInsensitive = 0x2000;
constexpr uint32_t kKanaInsensitive = 0x4000;
constexpr uint32_t kWidthInsensitive = 0x8000;
constexpr uint32_t kBin = 0x10000;
constexpr int kVersionShift = 17;  // 2 bits: 0 (80), 90, 100, 140

template <typename T, size_t N>
constexpr std::array<const T*, 256> index_of(const T (&table)[N],
                                             uint8_t T::*key) {
  std::array<const T*, 256> a{};
  for (const T& e : table) a[e.*key] = &e;
  return a;
}
constexpr auto kByIndex = index_of(kDesignators, &Designator::index);
constexpr auto kBySortId = index_of(kSortOrders, &SortOrder::id);

}  // namespace

const char* icu_name_of_code_page(uint16_t cp) {
  switch (cp) {
    case 437:
      return "ibm-437";
    case 850:
      return "ibm-850";
    case 874:
      return "windows-874";
    case 932:
      return "ibm-943_P15A-2003";  // Shift_JIS as Windows extends it
    case 936:
      return "windows-936";
    case 949:
      return "windows-949";
    case 950:
      return "windows-950";
    case 1250:
      return "windows-1250";
    case 1251:
      return "windows-1251";
    case 1253:
      return "windows-1253";
    case 1254:
      return "windows-1254";
    case 1255:
      return "windows-1255";
    case 1256:
      return "windows-1256";
    case 1257:
      return "windows-1257";
    case 1258:
      return "windows-1258";
    default:
      return "windows-1252";
  }
}

const char* code_page_for(uint32_t id) {
  if (const SortOrder* s = kBySortId[id >> 24])
    return icu_name_of_code_page(s->code_page);
  if (id >> 24) return "windows-1252";  // unknown SQL sort order
  const Designator* d = kByIndex[id & kIndexMask];
  return icu_name_of_code_page(d ? d->code_page : 1252);
}

bool char_data_may_be_utf8(uint32_t id) {
  if (id >> 24) return false;  // SQL collations have no UTF-8 variants
  constexpr uint32_t kKnownBits =
      kIndexMask | kSupplementary | kNoVariationSel | kBin2 | kCaseInsensitive |
      kAccentInsensitive | kKanaInsensitive | kWidthInsensitive | kBin |
      (3u << kVersionShift);
  if (id & ~kKnownBits) return true;
  const Designator* d = kByIndex[id & kIndexMask];
  return d && d->code_page == 0;
}

CollationInfo describe_collation(uint32_t id) {
  CollationInfo info;
  const uint8_t sort_id = static_cast<uint8_t>(id >> 24);
  if (sort_id) {
    const SortOrder* s = kBySortId[sort_id];
    if (!s) return info;
    info.known = true;
    info.code_page = s->code_page;
    info.name = s->name;
    if (id & kBin)
      info.name += "_BIN";
    else if (id & kBin2)
      info.name += "_BIN2";
    return info;
  }
  const Designator* d = kByIndex[id & kIndexMask];
  if (!d) return info;
  info.known = true;
  info.code_page = d->code_page;
  info.unicode_only = d->code_page == 0;
  const int version = static_cast<int>((id >> kVersionShift) & 3);
  info.name = d->name;
  static constexpr const char* kVersions[] = {"", "_90", "_100", "_140"};
  info.name += kVersions[version];
  if (id & kBin) {
    info.name += "_BIN";
  } else if (id & kBin2) {
    info.name += "_BIN2";
  } else {
    info.name += id & kCaseInsensitive ? "_CI" : "_CS";
    info.name += id & kAccentInsensitive ? "_AI" : "_AS";
    if (!(id & kKanaInsensitive)) info.name += "_KS";
    if (!(id & kWidthInsensitive)) info.name += "_WS";
    if (version == 3) {
      if (!(id & kNoVariationSel)) info.name += "_VSS";
    } else if (id & kSupplementary) {
      info.name += "_SC";
    }
  }
  return info;
}

}  // namespace leakscope::mssql
