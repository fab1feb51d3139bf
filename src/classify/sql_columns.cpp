#include "classify/sql_columns.hpp"

#include <cctype>
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <vector>

#include "util/text.hpp"

namespace leakscope::classify {
namespace {

std::string fold(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (std::isalnum(c)) {
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (c == 0xC3 && i + 1 < s.size() &&
               static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9E &&
               static_cast<unsigned char>(s[i + 1]) != 0x97) {
      // A Latin-1 capital in UTF-8 ("Ö" in "Österreich", "É" in "États")
      // becomes its small letter, 0x20 further in the same block.
      out.push_back(static_cast<char>(c));
      out.push_back(static_cast<char>(s[++i] + 0x20));
    } else if (c >= 0x80) {
      // Other UTF-8 bytes of letters are kept as they are (é in "prénom").
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Words of a column name: split at non-alphanumerics and at lower-to-upper
// case changes ("CustomerSSN" -> customer, ssn; "first_name" -> first, name).
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out(1);
  unsigned char prev = 0;
  for (unsigned char c : s) {
    bool alnum = std::isalnum(c) || c >= 0x80;
    if (!alnum) {
      if (!out.back().empty()) out.emplace_back();
    } else {
      if (std::isupper(c) && prev && std::islower(prev) && !out.back().empty())
        out.emplace_back();
      out.back().push_back(static_cast<char>(std::tolower(c)));
    }
    prev = c;
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

thread_local std::vector<std::string> g_words;

// Keys of up to four characters must be a whole word of the name (so "tin"
// is not found in "Rating"); longer keys may appear anywhere in the folded
// name ("emailaddress", "kundenemail").
bool has(const std::string& n, std::initializer_list<const char*> keys,
         std::string* which) {
  for (const char* k : keys) {
    std::string_view key(k);
    bool hit = false;
    if (key.size() <= 4) {
      for (const auto& w : g_words)
        if (w == key) hit = true;
    } else {
      hit = n.find(key) != std::string::npos;
    }
    if (hit) {
      *which = k;
      return true;
    }
  }
  return false;
}

bool is(const std::string& n, std::initializer_list<const char*> keys,
        std::string* which) {
  for (const char* k : keys)
    if (n == k) {
      *which = k;
      return true;
    }
  return false;
}

}  // namespace

ColumnClass classify_column_name(std::string_view column_name) {
  std::string n = fold(column_name);
  g_words = words(column_name);
  ColumnClass c;
  std::string k;
  auto set = [&](ColumnKind kind, const char* type) {
    c.kind = kind;
    c.information_type = type;
    c.keyword = k;
    return c;
  };
  if (n.empty()) return c;
  // Order matters: specific before general ("emailaddress" is an e-mail,
  // "companyname" is not a person's name).
  if (has(n,
          {"email", "mail", "courriel", "correo", "posta elettronica", "epost"},
          &k) &&
      !has(n, {"mailing", "mailstop"}, &k))
    return set(ColumnKind::kEmail, "contact_info");
  if (has(n,
          {"password", "passwd", "pwd", "passwort", "motdepasse", "contrasena",
           "contraseña", "wachtwoord", "senha", "secret", "apikey", "token",
           "pwhash", "passwordhash", "credential"},
          &k))
    return set(ColumnKind::kCredentials, "credentials");
  if (has(n,
          {"birth", "dob", "geburt", "naissance", "nacimiento", "nascita",
           "geboorte", "nascimento"},
          &k))
    return set(ColumnKind::kDateOfBirth, "date_of_birth");
  if (has(n,
          {"ssn",
           "socialsecurity",
           "nationalid",
           "nino",
           "nationalinsurance",
           "passport",
           "reisepass",
           "passeport",
           "pasaporte",
           "dni",
           "nie",
           "bsn",
           "burgerservice",
           "codicefiscale",
           "aadhaar",
           "taxid",
           "tin",
           "steuerid",
           "personalausweis",
           "idcard",
           "identitynumber",
           "personnummer",
           "nif",
           "cpf",
           "curp"},
          &k) &&
      !has(n, {"tinyint", "destination", "continent", "tinted"}, &k))
    return set(ColumnKind::kNationalId, "national_id");
  if (has(n,
          {"creditcard", "cardnumber", "ccnumber", "ccnum", "cardno",
           "kreditkarte", "cartebancaire", "tarjeta", "pan"},
          &k) &&
      !has(n, {"company", "pane", "panel", "japan", "span", "expan", "pant"},
           &k))
    return set(ColumnKind::kCreditCard, "credit_card");
  if (has(n,
          {"iban", "bic", "swift", "accountnumber", "accountno", "bankaccount",
           "routing", "sortcode", "kontonummer", "bankleitzahl", "blz", "rib",
           "cuenta", "rekeningnummer", "bank"},
          &k))
    return set(ColumnKind::kBanking, "banking");
  if (has(n,
          {"phone", "mobile", "cell", "fax", "tel", "handy", "telefon",
           "téléphone", "telephone", "telefono", "teléfono", "portable",
           "movil", "móvil", "cellulare", "telefoon", "mobiel", "gsm"},
          &k) &&
      !has(n, {"hotel", "intel", "cellar", "excel", "motel"}, &k))
    return set(ColumnKind::kPhone, "contact_info");
  if (has(n,
          {"health", "diagnos", "medical", "medic", "patient", "allerg",
           "blood", "disease", "illness", "condition", "icd10", "prescription",
           "gesundheit", "krankheit", "santé", "salud", "malattia"},
          &k) &&
      !has(n, {"conditionid", "airconditioning"}, &k))
    return set(ColumnKind::kHealth, "health");
  if (is(n,
         {"country", "countrycode", "land", "pays", "pais", "país", "paese",
          "nation", "countryregion", "countryname", "shipcountry",
          "billingcountry"},
         &k) ||
      (n.size() > 7 && n.compare(n.size() - 7, 7, "country") == 0 &&
       (k = "country", true)))
    return set(ColumnKind::kCountry, "contact_info");
  if (has(n, {"address",      "street",     "strasse",      "straße",
              "adresse",      "direccion",  "dirección",    "indirizzo",
              "straat",       "endereco",   "endereço",     "postalcode",
              "postcode",     "zipcode",    "zip",          "plz",
              "postleitzahl", "codepostal", "codigopostal", "cap",
              "postcode",     "city",       "town",         "stadt",
              "ort",          "ville",      "ciudad",       "citta",
              "città",        "plaats",     "cidade",       "region",
              "province",     "county",     "state"},
          &k) &&
      !has(n,
           {"ipaddress",  "macaddress", "emailaddress", "statement", "status",
            "capacity",   "capital",    "capt",         "caption",   "ortho",
            "sort",       "port",       "short",        "report",    "effort",
            "comfort",    "escape",     "estate",       "statex",    "stateid",
            "statuscode", "unitprice",  "cappuccino",   "zipfile"},
           &k))
    return set(ColumnKind::kAddress, "contact_info");
  if (has(n, {"firstname",     "lastname",        "fullname",   "surname",
              "forename",      "givenname",       "familyname", "middlename",
              "contactname",   "customername",    "personname", "employeename",
              "nachname",      "vorname",         "prénom",     "prenom",
              "nomdefamille",  "apellido",        "nombre",     "cognome",
              "achternaam",    "voornaam",        "sobrenome",  "displayname",
              "contactperson", "ansprechpartner", "signatory"},
          &k) ||
      is(n,
         {"name", "nom", "navn", "namn", "nimi", "fname", "lname", "first",
          "last", "surname"},
         &k))
    return set(ColumnKind::kPersonName, "name");
  if (has(n,
          {"salary", "income", "wage", "gehalt", "salaire", "salario",
           "stipendio", "salaris", "bonus", "creditlimit", "networth",
           "balance", "revenue"},
          &k))
    return set(ColumnKind::kFinancial, "financial");
  return c;
}

namespace {
std::string country_code_from_name_uncached(std::string_view name);
}  // namespace

std::string country_code_from_name(std::string_view name) {
  // A Country column repeats a few dozen names over millions of rows.
  thread_local std::unordered_map<std::string, std::string> seen;
  return memoized(seen, name, country_code_from_name_uncached);
}

namespace {

std::string country_code_from_name_uncached(std::string_view name) {
  std::string n = fold(name);
  struct Country {
    const char* code;
    std::initializer_list<const char*> names;
  };
  static const Country kCountries[] = {
      {"DE",
       {"germany", "deutschland", "allemagne", "alemania", "germania",
        "duitsland", "de", "deu"}},
      {"AT", {"austria", "österreich", "osterreich", "autriche", "at", "aut"}},
      {"CH",
       {"switzerland", "schweiz", "suisse", "suiza", "svizzera", "ch", "che"}},
      {"FR", {"france", "frankreich", "francia", "frankrijk", "fr", "fra"}},
      {"ES",
       {"spain", "españa", "espana", "spanien", "espagne", "spagna", "es",
        "esp"}},
      {"IT", {"italy", "italia", "italien", "italie", "it", "ita"}},
      {"NL",
       {"netherlands", "thenetherlands", "nederland", "holland", "niederlande",
        "paysbas", "nl", "nld"}},
      {"BE",
       {"belgium", "belgië", "belgie", "belgique", "belgien", "be", "bel"}},
      {"LU", {"luxembourg", "luxemburg", "lu", "lux"}},
      {"GB",
       {"unitedkingdom", "uk", "greatbritain", "england", "scotland", "wales",
        "gb", "gbr", "großbritannien", "royaumeuni", "reinounido"}},
      {"IE", {"ireland", "irland", "irlande", "irlanda", "ie", "irl"}},
      {"US",
       {"unitedstates", "usa", "us", "unitedstatesofamerica", "america",
        "vereinigtestaaten", "étatsunis", "etatsunis", "estadosunidos"}},
      {"CA", {"canada", "kanada", "ca", "can"}},
      {"MX", {"mexico", "méxico", "mexiko", "mx", "mex"}},
      {"BR", {"brazil", "brasil", "brasilien", "brésil", "br", "bra"}},
      {"AR", {"argentina", "argentinien", "ar", "arg"}},
      {"PT", {"portugal", "pt", "prt"}},
      {"PL", {"poland", "polska", "polen", "pologne", "pl", "pol"}},
      {"CZ", {"czechrepublic", "czechia", "tschechien", "cz", "cze"}},
      {"SE", {"sweden", "sverige", "schweden", "suède", "se", "swe"}},
      {"NO", {"norway", "norge", "norwegen", "no", "nor"}},
      {"DK", {"denmark", "danmark", "dänemark", "dk", "dnk"}},
      {"FI", {"finland", "suomi", "finnland", "fi", "fin"}},
      {"GR", {"greece", "griechenland", "grèce", "gr", "grc"}},
      {"TR", {"turkey", "türkiye", "turkiye", "türkei", "tr", "tur"}},
      {"RU", {"russia", "russland", "ru", "rus"}},
      {"UA", {"ukraine", "ua", "ukr"}},
      {"IN", {"india", "indien", "in", "ind"}},
      {"CN", {"china", "cn", "chn"}},
      {"JP", {"japan", "japon", "jp", "jpn"}},
      {"KR", {"southkorea", "korea", "kr", "kor"}},
      {"SG", {"singapore", "sg", "sgp"}},
      {"AU", {"australia", "australien", "au", "aus"}},
      {"NZ", {"newzealand", "nz", "nzl"}},
      {"ZA", {"southafrica", "za", "zaf"}},
      {"NG", {"nigeria", "ng", "nga"}},
      {"EG", {"egypt", "eg", "egy"}},
      {"IL", {"israel", "il", "isr"}},
      {"AE", {"unitedarabemirates", "uae", "ae", "are"}},
      {"SA", {"saudiarabia", "sa", "sau"}},
      {"VN", {"vietnam", "việtnam", "vn", "vnm"}},
      {"HU", {"hungary", "ungarn", "hu", "hun"}},
      {"RO", {"romania", "rumänien", "ro", "rou"}},
      {"VE", {"venezuela", "ve", "ven"}},
  };
  if (n.empty()) return "";
  for (const auto& c : kCountries)
    for (const char* nm : c.names)
      if (n == nm) return c.code;
  return "";
}

}  // namespace

}  // namespace leakscope::classify
