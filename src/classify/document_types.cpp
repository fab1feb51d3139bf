#include "classify/document_types.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace leakscope::classify {
namespace {

struct Feature {
  const char* what;  // evidence label
  double weight;
  bool in_name;  // matched against the name/title, else the text
  std::vector<const char*> terms;
};

struct TypeRules {
  const char* type;
  std::vector<Feature> features;
};

// Weights: a name or title that says what the document is counts 0.4-0.5;
// each structural feature of the text 0.1-0.25. A word that merely occurs
// once ("invoice" in a recipe) is not a feature: features are headings,
// field labels and phrases that documents of the type carry.
const std::vector<TypeRules>& rules() {
  static const std::vector<TypeRules> kRules = {
      {"statement_of_work",
       {{"name says statement of work",
         0.5,
         true,
         {"statement of work", "statement_of_work", "statementofwork", "sow_",
          "sow-", "sow ", "_sow", "-sow", " sow", "leistungsbeschreibung",
          "cahier des charges", "pliego"}},
        {"text says statement of work",
         0.25,
         false,
         {"statement of work", "leistungsbeschreibung", "cahier des charges"}},
        {"heading Scope",
         0.15,
         false,
         {"scope of work", "\nscope", "scope\n", "1. scope",
          "leistungsumfang"}},
        {"heading Deliverables",
         0.15,
         false,
         {"deliverables", "lieferumfang", "livrables"}},
        {"heading Milestones",
         0.15,
         false,
         {"milestones", "meilensteine", "jalons"}},
        {"heading Acceptance",
         0.1,
         false,
         {"acceptance criteria", "acceptance\n", "abnahme"}},
        {"fees or payment schedule",
         0.1,
         false,
         {"payment schedule", "fees\n", "fee schedule", "vergütung"}},
        {"assumptions / out of scope",
         0.1,
         false,
         {"out of scope", "assumptions"}}}},
      {"invoice",
       {{"name says invoice",
         0.4,
         true,
         {"invoice", "rechnung", "facture", "factura", "fattura", "factuur"}},
        {"invoice number label",
         0.25,
         false,
         {"invoice number", "invoice no", "invoice #", "rechnungsnummer",
          "numéro de facture", "n° de facture", "número de factura",
          "factuurnummer"}},
        {"amount due / total",
         0.15,
         false,
         {"amount due", "total due", "balance due", "gesamtbetrag", "total ttc",
          "grand total"}},
        {"VAT / tax line",
         0.1,
         false,
         {"vat", "mwst", "ust.", "tva", "iva", "sales tax"}},
        {"due date / payment terms",
         0.1,
         false,
         {"due date", "payment terms", "zahlbar bis", "fälligkeitsdatum",
          "échéance"}},
        {"bill to", 0.1, false, {"bill to", "billed to", "rechnungsempfänger"}},
        {"bank details",
         0.1,
         false,
         {"iban", "swift", "bic", "bank details"}}}},
      {"price_list",
       {{"name says price list",
         0.45,
         true,
         {"price list", "pricelist", "price_list", "preisliste", "tarif",
          "lista de precios", "listino", "prijslijst"}},
        {"text says price list",
         0.2,
         false,
         {"price list", "preisliste", "liste de prix", "lista de precios"}},
        {"SKU / part number column",
         0.2,
         false,
         {"sku", "part number", "part no", "item code", "artikelnummer",
          "référence"}},
        {"unit price column",
         0.2,
         false,
         {"unit price", "list price", "einzelpreis", "prix unitaire",
          "precio unitario", "msrp"}},
        {"currency column",
         0.1,
         false,
         {"currency", "eur", "usd", "gbp", "währung"}},
        {"discount terms", 0.05, false, {"discount", "rabatt", "remise"}}}},
      {"purchase_order",
       {{"name says purchase order",
         0.45,
         true,
         {"purchase order", "purchase_order", "purchaseorder", "po_",
          "bestellung", "bon de commande", "orden de compra"}},
        {"text says purchase order",
         0.25,
         false,
         {"purchase order", "bestellung", "bon de commande",
          "orden de compra"}},
        {"PO number label",
         0.2,
         false,
         {"po number", "po no", "p.o. number", "order number",
          "bestellnummer"}},
        {"ship to / deliver to",
         0.1,
         false,
         {"ship to", "deliver to", "delivery address", "lieferadresse"}},
        {"quantity column", 0.1, false, {"quantity", "qty", "menge"}},
        {"unit price column", 0.05, false, {"unit price", "einzelpreis"}}}},
      {"nda",
       {{"name says NDA",
         0.5,
         true,
         {"nda", "non-disclosure", "nondisclosure", "confidentiality agreement",
          "geheimhaltung", "vertraulichkeit"}},
        {"text says non-disclosure",
         0.3,
         false,
         {"non-disclosure agreement", "nondisclosure agreement",
          "confidentiality agreement", "geheimhaltungsvereinbarung",
          "accord de confidentialité"}},
        {"confidential information clause",
         0.2,
         false,
         {"confidential information"}},
        {"disclosing / receiving party",
         0.2,
         false,
         {"disclosing party", "receiving party"}}}},
      {"contract",
       {{"name says agreement/contract",
         0.4,
         true,
         {"agreement", "contract", "vertrag", "contrat", "contrato",
          "contratto", "overeenkomst"}},
        {"this agreement",
         0.2,
         false,
         {"this agreement", "dieser vertrag", "le présent contrat",
          "el presente contrato"}},
        {"recitals", 0.1, false, {"whereas", "now, therefore"}},
        {"governing law",
         0.15,
         false,
         {"governing law", "gerichtsstand", "applicable law"}},
        {"term and termination",
         0.1,
         false,
         {"termination", "kündigung", "résiliation"}},
        {"parties",
         0.1,
         false,
         {"by and between", "the parties", "vertragsparteien"}},
        {"execution clause",
         0.1,
         false,
         {"in witness whereof", "duly authorized"}}}},
      {"proof_of_execution",
       {{"name says signed/executed",
         0.4,
         true,
         {"signed", "executed", "countersigned", "unterschrieben",
          "acceptance certificate", "sign-off", "signoff"}},
        {"signature block",
         0.25,
         false,
         {"signature:", "signed by", "unterschrift", "firma:", "/s/"}},
        {"signatory name and title",
         0.15,
         false,
         {"name:", "title:", "authorized signatory", "authorised signatory"}},
        {"date signed",
         0.15,
         false,
         {"date signed", "date of signature", "datum der unterschrift",
          "signed on"}},
        {"execution clause",
         0.15,
         false,
         {"in witness whereof", "executed as of", "accepted and agreed"}},
        {"acceptance certificate",
         0.15,
         false,
         {"certificate of acceptance", "acceptance certificate",
          "abnahmeprotokoll", "hereby accept"}}}},
  };
  return kRules;
}

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Terms of up to four characters ("vat", "nda", "sku") must stand as words:
// "private" does not contain the term "vat".
bool contains_term(const std::string& hay, std::string_view term) {
  size_t p = 0;
  while ((p = hay.find(term, p)) != std::string::npos) {
    if (term.size() > 4) return true;
    bool left = p == 0 || !alnum(hay[p - 1]) || !alnum(term.front());
    size_t e = p + term.size();
    bool right = e >= hay.size() || !alnum(hay[e]) || !alnum(term.back());
    if (left && right) return true;
    ++p;
  }
  return false;
}

}  // namespace

std::vector<DocumentScore> score_document(std::string_view name,
                                          std::string_view text) {
  std::string n = " " + ascii_lower(name) + " ";
  // Only the first 16 KiB of text: headings and labels are near the top,
  // and scoring stays linear in a bounded input.
  std::string t = "\n" + ascii_lower(text.substr(0, 16 * 1024));
  std::vector<DocumentScore> out;
  for (const auto& r : rules()) {
    DocumentScore s;
    s.type = r.type;
    for (const auto& f : r.features) {
      const std::string& hay = f.in_name ? n : t;
      for (const char* term : f.terms) {
        if (contains_term(hay, term)) {
          s.score += f.weight;
          if (!s.evidence.empty()) s.evidence += "; ";
          std::string shown(term);
          shown.erase(std::remove(shown.begin(), shown.end(), '\n'),
                      shown.end());
          s.evidence += std::string(f.what) + " (\"" + shown + "\")";
          break;
        }
      }
    }
    s.score = std::min(1.0, s.score);
    if (s.score >= kDocumentThreshold - 1e-9) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace leakscope::classify
