#include "trace.hpp"

#include "civil_time.hpp"
#include "client_habits.hpp"
#include "rng.hpp"

namespace mailgen {

std::vector<Field> make_trace(const Directory& dir, int from, int to,
                              int64_t utc, int hops, Rng& rng) {
  const Person& f = dir.people[from];
  const Person& t = dir.people[to];
  const Org& fo = dir.org_of(f);
  const Org& ro = dir.org_of(t);
  std::vector<Field> out;
  out.push_back({"Return-Path", "<" + f.email + ">"});
  std::string sender_host;
  if (fo.freemail && fo.domain == "gmail.com") {
    sender_host =
        "mail-wr1-f" + std::to_string(rng.between(41, 69)) + ".google.com";
  } else if (outlookish(fo.client)) {
    sender_host = "mail-eopbgr" + std::to_string(rng.between(10, 99));
    sender_host += "0" + std::to_string(rng.between(40, 99));
    sender_host += ".outbound.protection.outlook.com";
  } else {
    sender_host = "mail." + fo.domain;
  }
  const std::string sender_ip =
      fo.ip_prefix + std::to_string(rng.between(2, 254));
  int64_t when = utc + hops * rng.between(1, 20);
  for (int h = 0; h < hops; ++h) {
    int off = zone_offset(ro.zone, when);
    std::string date = rfc5322_date(when, off, DateStyle::kZoneComment,
                                    zone_abbrev(ro.zone, when));
    std::string v;
    if (h == 0) {
      std::string by = ro.mx;
      std::string with =
          ro.client == Client::kGmail
              ? "with ESMTPS id " +
                    rng.chars(12, "abcdefghijklmnopqrstuvwxyz0123456789") +
                    ".12"
              : "(Postfix) with ESMTPS id " + rng.hex(10, true);
      v = "from " + sender_host + " (" + sender_host + " [" + sender_ip +
          "])\n\tby " + by + " " + with + "\n\tfor <" + t.email + ">; " + date;
    } else if (h == 1) {
      v = "from " + fo.domain.substr(0, fo.domain.find('.')) + "-smtp";
      v += std::to_string(rng.between(1, 4));
      v += " (10." + std::to_string(rng.between(0, 255));
      v += "." + std::to_string(rng.between(0, 255));
      v += "." + std::to_string(rng.between(1, 254));
      v += ") by " + sender_host + "\n\t(2001:db8:" + rng.hex(4, false);
      v += "::" + rng.hex(2, false);
      v += ") with Microsoft SMTP Server (version=TLS1_2,\n\t"
           "cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.3174.8; " +
           rfc5322_date(when, 0, DateStyle::kStandard, "");
    } else {
      v = "from [192.168." + std::to_string(rng.between(0, 20));
      v += "." + std::to_string(rng.between(2, 250));
      v += "] (unknown [" + sender_ip + "])\n\tby mail." + fo.domain +
           " with ESMTPSA; " + rfc5322_date(when, 0, DateStyle::kStandard, "");
    }
    out.push_back({"Received", v});
    when -= rng.between(1, 20);
  }
  return out;
}

Field archive_received(int64_t utc, Rng& rng) {
  std::string v = "from backup01.northwind.local (backup01.northwind.local ";
  v += "[10.20.0." + std::to_string(rng.between(2, 250)) + "])";
  v += "\n\tby archive.northwind-consulting.com (Postfix) with LMTP id ";
  v += rng.hex(10, true) + ";\n\t" +
       rfc5322_date(utc, 0, DateStyle::kStandard, "");
  return {"Received", v};
}
}  // namespace mailgen
