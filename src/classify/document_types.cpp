#include "classify/document_types.hpp"

#include <hs/hs.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace leakscope::classify {
namespace {

// Where a feature's terms are looked for.
enum class Where {
  kHead,  // the file name, title and metadata, and the first kHeadChars of
          // the text: where a document says what it is
  kText,  // anywhere in the scored text
};

// A feature: a named piece of evidence with its weight, found when one of
// its terms occurs (case-folded, whole words for terms of up to four
// characters). Terms are in the languages of the exposures met so far:
// English, German, French, Spanish, Italian, Portuguese, Dutch, Russian,
// Ukrainian.
struct Feature {
  const char* what;
  double weight;
  Where where;
  std::vector<const char*> terms;
};

// Structural features computed from the text (not terms): see Structure.
enum class Shape {
  kManyAmounts,       // at least 5 amounts (see Structure::amounts)
  kSomeAmounts,       // at least 2 amounts
  kTotalLine,         // a total / subtotal label
  kTaxLine,           // a tax label (VAT, MwSt, TVA, IVA, НДС, GST)
  kSignatureBlock,    // a signature label
  kNumberedClauses,   // at least 3 lines starting "1.", "2.", "3." ...
  kPartyDefinitions,  // "hereinafter", "nachfolgend", "именуемый" ...
  kNumericRows        // at least 8 lines ending in a number: a table of
                      // items and their prices
};

struct ShapeFeature {
  const char* what;
  double weight;
  Shape shape;
};

struct TypeModel {
  const char* type;
  std::vector<Feature> features;
  std::vector<ShapeFeature> shapes;
};

constexpr size_t kHeadChars = 400;    // bytes of text that count as the head
constexpr size_t kTextBytes = 32768;  // bytes of text scored
constexpr double kNameOnlyDiscount = 0.1;

// The model: one table. Weights: the document naming its own type in its
// head 0.45 (0.5 for the unambiguous names), each term feature of the body
// 0.1-0.25, each structural feature 0.1-0.2; a type is reported from 0.6.
// Types that are often referred to inside other documents (a statement of
// work inside an invoice) score their body terms low, so that only the
// head decides between them.
const std::vector<TypeModel>& models() {
  static const std::vector<TypeModel> kModels = {
      {"statement_of_work",
       {{"names itself a statement of work",
         0.5,
         Where::kHead,
         {"statement of work", "statement_of_work", "statementofwork", "sow",
          "scope of work", "leistungsbeschreibung", "leistungsverzeichnis",
          "cahier des charges", "énoncé des travaux", "declaración de trabajo",
          "alcance del trabajo", "pliego de condiciones",
          "propuesta de "
          "desarrollo",
          "capitolato", "werkomschrijving", "техническое задание",
          "технічне завдання", "описание работ"}},
        {"scope / objective section",
         0.15,
         Where::kText,
         {"scope of work", "scope", "objective", "leistungsumfang", "ziel",
          "périmètre", "objectif", "alcance", "objetivo", "ambito", "escopo",
          "предмет работ", "цель работ", "цели"}},
        {"deliverables",
         0.2,
         Where::kText,
         {"deliverables", "lieferumfang", "ergebnisse", "livrables",
          "entregables", "consegne", "entregáveis", "результаты работ",
          "результат работ"}},
        {"milestones or schedule",
         0.15,
         Where::kText,
         {"milestones", "timeline", "schedule", "meilensteine", "zeitplan",
          "jalons", "calendrier", "calendario", "cronograma", "этапы",
          "сроки выполнения", "график"}},
        {"acceptance criteria",
         0.1,
         Where::kText,
         {"acceptance criteria", "abnahmekriterien", "critères d'acceptation",
          "criterios de aceptación", "критерии приемки"}},
        {"assumptions / out of scope",
         0.1,
         Where::kText,
         {"out of scope", "assumptions", "annahmen", "hypothèses", "supuestos",
          "fuera del alcance"}}},
       {}},
      {"proof_of_execution",
       {{"names itself a proof of execution",
         0.5,
         Where::kHead,
         {"proof of execution",
          "poe",
          "acceptance certificate",
          "certificate of completion",
          "completion certificate",
          "acceptance protocol",
          "handover protocol",
          "sign-off",
          "signoff",
          "proof of delivery",
          "abnahmeprotokoll",
          "abnahmebescheinigung",
          "übergabeprotokoll",
          "leistungsnachweis",
          "procès-verbal de réception",
          "pv de réception",
          "attestation de service fait",
          "acta de entrega",
          "acta de recepción",
          "acta de conformidad",
          "constancia de entrega",
          "verbale di collaudo",
          "verbale di consegna",
          "termo de aceite",
          "termo de entrega",
          "opleveringsrapport",
          "акт",
          "акт приемки",
          "акт выполненных работ",
          "акт об оказании услуг",
          "акт сдачи-приемки",
          "акт приема-передачи",
          "приймання-передачі",
          "акт виконаних робіт",
          "квитанція"}},
        {"refers to the contract or order fulfilled",
         0.2,
         Where::kText,
         {"under the agreement", "under the contract", "pursuant to",
          "purchase order", "zum vertrag", "gemäß vertrag", "au contrat",
          "du contrat", "del contrato", "al contrato", "del contratto",
          "к договору", "по договору", "договора", "до договору",
          "згідно з договором", "orden de compra"}},
        {"states the work as done and accepted",
         0.2,
         Where::kText,
         {"customer acceptance",
          "accepted by",
          "has been completed",
          "have been completed",
          "were performed",
          "performed in full",
          "no claims",
          "ordnungsgemäß erbracht",
          "abgenommen",
          "sans réserve",
          "réalisés",
          "recibí conforme",
          "recibido por",
          "entregado por",
          "a entera satisfacción",
          "conforme",
          "услуги оказаны",
          "работы выполнены",
          "выполнены полностью",
          "претензий не имеет",
          "претензий не имеют",
          "претензій не має",
          "виконані"}},
        {"signature block",
         0.15,
         Where::kText,
         {"signature", "signed", "unterschrift", "signé", "firma", "assinatura",
          "handtekening", "подпись", "підпис", "м.п."}}},
       {}},
      {"price_list",
       {{"names itself a price list",
         0.45,
         Where::kHead,
         {"price list",
          "pricelist",
          "price_list",
          "prices",
          "pricing",
          "rate card",
          "preisliste",
          "preise",
          "tarif",
          "tarifs",
          "liste de prix",
          "grille tarifaire",
          "lista de precios",
          "precios",
          "tarifas",
          "listino",
          "listino prezzi",
          "tabela de preços",
          "prijslijst",
          "прайс-лист",
          "прайс",
          "прейскурант",
          "цены",
          "стоимость услуг",
          "ціни"}},
        {"unit price or price per unit",
         0.15,
         Where::kText,
         {"unit price", "price per",       "list price", "einzelpreis",
          "preis pro",  "prix unitaire",   "prix par",   "precio unitario",
          "precio por", "prezzo unitario", "цена за",    "ціна за",
          "руб. за",    "за 1 шт",         "за шт",      "per piece",
          "pro stück",  "je stück",        "par pièce",  "por unidad"}},
        {"price column",
         0.1,
         Where::kText,
         {"price", "preis", "prix", "precio", "prezzo", "preço", "prijs",
          "цена", "ціна"}}},
       {{"prices", 0.15, Shape::kSomeAmounts},
        {"many prices", 0.15, Shape::kManyAmounts},
        {"rows of items ending in a number", 0.15, Shape::kNumericRows}}},
      {"invoice",
       {{"names itself an invoice",
         0.45,
         Where::kHead,
         {"invoice", "tax invoice", "commercial invoice", "rechnung", "facture",
          "factura", "fattura", "fatura", "factuur", "nota fiscal",
          // Russian "счёт" alone is also an account ("лицевой счёт"): only
          // the invoice's own names
          "счет на оплату", "счёт на оплату", "счет-фактура", "счёт-фактура",
          "рахунок на оплату", "рахунок-фактура"}},
        {"invoice number or date label",
         0.25,
         Where::kText,
         {"invoice number",    "invoice no",       "invoice #",
          "invoice date",      "date of invoice",  "rechnungsnummer",
          "rechnungsdatum",    "rechnungs-nr",     "numéro de facture",
          "facture n",         "factura n",        "nº de factura",
          "número de factura", "fecha de factura", "numero fattura",
          "factuurnummer",     "счет №",           "счёт №",
          "счет на оплату",    "рахунок №",        "c.a.e."}},
        {"amount due",
         0.15,
         Where::kText,
         {"amount due", "total due", "balance due", "zu zahlen", "zahlbetrag",
          "montant à payer", "net à payer", "total a pagar", "importe total",
          "totale da pagare", "итого к оплате", "к оплате", "до сплати"}},
        {"billed party",
         0.1,
         Where::kText,
         {"bill to", "billed to", "invoice to", "rechnungsempfänger",
          "facturé à", "facturer à", "facturar a", "señor(es)", "sr.(s)",
          "плательщик", "покупатель", "платник"}},
        {"payment terms or bank details",
         0.1,
         Where::kText,
         {"due date", "payment terms", "zahlungsziel", "zahlbar", "échéance",
          "vencimiento", "scadenza", "iban", "swift", "bic", "bankverbindung",
          "реквизиты", "р/с"}}},
       {{"amounts with a currency", 0.1, Shape::kSomeAmounts},
        {"tax line", 0.1, Shape::kTaxLine},
        {"total line", 0.05, Shape::kTotalLine}}},
      {"purchase_order",
       {{"names itself a purchase order",
         0.5,
         Where::kHead,
         {"purchase order", "purchase_order", "purchaseorder", "po number",
          "bestellung", "bestellschein", "bon de commande", "orden de compra",
          "ordine d'acquisto", "ordine di acquisto", "ordem de compra",
          "inkooporder", "заказ поставщику", "заявка на закупку",
          "замовлення"}},
        {"order number label",
         0.2,
         Where::kText,
         {"po number", "po no", "p.o. number", "p.o. no", "order number",
          "order no", "bestellnummer", "numéro de commande", "número de orden",
          "numero d'ordine", "номер заказа"}},
        {"delivery address",
         0.15,
         Where::kText,
         {"ship to", "deliver to", "delivery address", "lieferadresse",
          "lieferanschrift", "livrer à", "adresse de livraison", "enviar a",
          "dirección de entrega", "consignee", "адрес доставки"}},
        {"supplier",
         0.1,
         Where::kText,
         {"vendor", "supplier", "lieferant", "fournisseur", "proveedor",
          "fornitore", "поставщик", "постачальник"}},
        {"quantity column",
         0.1,
         Where::kText,
         {"quantity", "qty", "menge", "quantité", "cantidad", "quantità",
          "quantidade", "количество", "кількість"}}},
       {}},
      {"contract",
       {{"names itself a contract or agreement",
         0.45,
         Where::kHead,
         {"agreement", "contract", "vertrag", "arbeitsvertrag", "dienstvertrag",
          "contrat", "contrato", "contratto", "overeenkomst", "договор",
          "соглашение", "договір", "угода"}},
        {"this agreement",
         0.15,
         Where::kText,
         {"this agreement", "this contract", "dieser vertrag",
          "dieses vertrages", "le présent contrat", "ce contrat",
          "el presente contrato", "este contrato", "il presente contratto",
          "настоящий договор", "настоящее соглашение", "настоящего договора",
          "цей договір"}},
        {"parties",
         0.1,
         Where::kText,
         {"by and between", "the parties", "zwischen", "vertragsparteien",
          "entre les soussignés", "les parties", "las partes", "le parti",
          "стороны", "между", "сторони"}},
        {"governing law or jurisdiction",
         0.1,
         Where::kText,
         {"governing law", "applicable law", "jurisdiction", "gerichtsstand",
          "anwendbares recht", "loi applicable", "tribunal compétent",
          "ley aplicable", "jurisdicción", "законодательством", "арбитражн"}},
        {"term and termination",
         0.1,
         Where::kText,
         {"termination", "kündigung", "résiliation", "rescisión",
          "resolución del contrato", "recesso", "расторжени", "розірвання"}},
        {"obligations",
         0.05,
         Where::kText,
         {"obligations", "pflichten", "obligations des parties", "obligaciones",
          "obblighi", "обязанности", "обов'язки"}}},
       {{"party definitions", 0.15, Shape::kPartyDefinitions},
        {"numbered clauses", 0.05, Shape::kNumberedClauses},
        {"signature block", 0.05, Shape::kSignatureBlock}}},
      {"nda",
       {{"names itself a non-disclosure agreement",
         0.5,
         Where::kHead,
         {"non-disclosure", "nondisclosure", "confidentiality agreement", "nda",
          "geheimhaltungsvereinbarung", "vertraulichkeitsvereinbarung",
          "geheimhaltung", "accord de confidentialité",
          "acuerdo de confidencialidad", "accordo di riservatezza",
          "acordo de confidencialidade", "geheimhoudingsovereenkomst",
          "о неразглашении", "о конфиденциальности", "про нерозголошення"}},
        {"confidential information",
         0.25,
         Where::kText,
         {"confidential information", "vertrauliche informationen",
          "informations confidentielles", "información confidencial",
          "informazioni riservate", "informações confidenciais",
          "конфиденциальн", "конфіденційн"}},
        {"disclosing and receiving party",
         0.2,
         Where::kText,
         {"disclosing party", "receiving party", "offenlegende partei",
          "empfangende partei", "partie divulgatrice", "partie réceptrice",
          "parte divulgadora", "parte receptora", "раскрывающая сторона",
          "принимающая сторона", "розкриваюча сторона"}}},
       {}},
      {"quotation",
       {{"names itself a quotation or offer",
         0.45,
         Where::kHead,
         {"quotation",
          "quote #",
          "quote no",
          "quote number",
          "price quote",
          "your quote",
          "offer",
          "angebot",
          "kostenvoranschlag",
          "devis",
          "offre de prix",
          "cotización",
          "cotizacion",
          "presupuesto",
          "propuesta económica",
          "oferta",
          "preventivo",
          "offerta",
          "orçamento",
          "proposta comercial",
          "offerte",
          "коммерческое предложение",
          "комерційна пропозиція"}},
        {"quote number or validity",
         0.2,
         Where::kText,
         {"quote #", "quote number", "quote no", "valid until", "validity",
          "angebotsnummer", "gültig bis", "bindefrist", "validité",
          "valable jusqu", "válido hasta", "validez", "validità",
          "срок действия предложения", "действительно до"}},
        {"offers a price",
         0.15,
         Where::kText,
         {"we are pleased to offer", "our offer", "estimated total",
          "estimate #", "gerne bieten wir", "unser angebot", "anbieten",
          "nous avons le plaisir", "notre offre", "nuestra propuesta",
          "le ofrecemos", "propuesta", "предлагаем", "пропонуємо"}}},
       {{"amounts with a currency", 0.15, Shape::kSomeAmounts},
        {"total line", 0.05, Shape::kTotalLine}}},
  };
  return kModels;
}

// The length of the longest prefix of `s` of at most `n` bytes that ends
// on a character boundary.
size_t utf8_prefix(std::string_view s, size_t n) {
  if (n >= s.size()) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

// Lower-case (Unicode full case folding) of UTF-8 text; bytes that are not
// UTF-8 become U+FFFD.
std::string fold(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

size_t utf8_chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Terms of up to four characters ("vat", "nda", "акт") must stand as words:
// "private" holds no "vat", "контакт" no "акт". Longer terms may start a
// word ("конфиденциальн" matches its endings).
// Whether the character ending just before `at` / starting at `at` is a
// letter or digit (Unicode: "€" and a no-break space are not).
bool word_before(std::string_view hay, size_t at) {
  if (at == 0) return false;
  int32_t i = static_cast<int32_t>(at);
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(hay.data()), 0, i, c);
  return c >= 0 && u_isalnum(c);
}
bool word_at(std::string_view hay, size_t at) {
  if (at >= hay.size()) return false;
  int32_t i = static_cast<int32_t>(at);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(hay.data()), i,
          static_cast<int32_t>(hay.size()), c);
  return c >= 0 && u_isalnum(c);
}

// Where `term` first occurs in `hay` under the rules of contains_term, or
// npos.
size_t find_term(std::string_view hay, std::string_view term) {
  const bool whole = utf8_chars(term) <= 4;
  // Symbols ("€", "$") need no boundary; words do.
  const bool starts_word = word_at(term, 0),
             ends_word = word_before(term, term.size());
  size_t p = 0;
  while ((p = hay.find(term, p)) != std::string_view::npos) {
    const bool left = !starts_word || !word_before(hay, p);
    const size_t e = p + term.size();
    const bool right = !whole || !ends_word || !word_at(hay, e);
    if (left && right) return p;
    ++p;
  }
  return std::string_view::npos;
}

bool contains_term(std::string_view hay, std::string_view term) {
  return find_term(hay, term) != std::string_view::npos;
}

// Every term of the kText features, found in one pass over the body (a
// vectorscan literal database) instead of one search per term: the body
// is read once whatever the number of terms. earliest() gives, per term,
// what find_term(body, term) gives: the first occurrence that satisfies
// the term's word boundaries.
class TextTerms {
 public:
  static const TextTerms& get() {
    static const TextTerms t;
    return t;
  }
  // The id of `term` (a term of a kText feature).
  unsigned id(std::string_view term) const { return ids_.at(term); }

  // Per term id, its earliest valid position in `hay`, or npos. Falls
  // back to find_term per term when vectorscan is unavailable.
  std::vector<size_t> earliest(std::string_view hay) const {
    std::vector<size_t> best(terms_.size(), std::string_view::npos);
    struct Context {
      const TextTerms* self;
      std::string_view hay;
      std::vector<size_t>* best;
    } ctx{this, hay, &best};
    auto on_match = [](unsigned id, unsigned long long, unsigned long long to,
                       unsigned, void* c) -> int {
      auto* x = static_cast<Context*>(c);
      const std::string_view term = x->self->terms_[id];
      const size_t at = static_cast<size_t>(to) - term.size();
      if (at < (*x->best)[id] && valid_at(x->hay, term, at))
        (*x->best)[id] = at;
      return 0;  // go on: every occurrence of every term
    };
    hs_scratch_t* s = db_ ? scratch() : nullptr;
    if (!s || hs_scan(db_, hay.data(), static_cast<unsigned>(hay.size()), 0, s,
                      on_match, &ctx) != HS_SUCCESS) {
      for (size_t i = 0; i < terms_.size(); ++i)
        best[i] = find_term(hay, terms_[i]);
    }
    return best;
  }

 private:
  TextTerms() {
    for (const auto& m : models())
      for (const auto& f : m.features)
        if (f.where == Where::kText)
          for (const char* term : f.terms)
            if (ids_.emplace(term, static_cast<unsigned>(terms_.size())).second)
              terms_.emplace_back(term);
    std::vector<unsigned> flags(terms_.size(), 0), ids(terms_.size());
    std::vector<const char*> expressions(terms_.size());
    std::vector<size_t> lengths(terms_.size());
    for (size_t i = 0; i < terms_.size(); ++i) {
      ids[i] = static_cast<unsigned>(i);
      expressions[i] = terms_[i].data();
      lengths[i] = terms_[i].size();
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(
            expressions.data(), flags.data(), ids.data(), lengths.data(),
            static_cast<unsigned>(terms_.size()), HS_MODE_BLOCK, nullptr, &db_,
            &err) != HS_SUCCESS) {
      if (err) hs_free_compile_error(err);
      db_ = nullptr;  // earliest() falls back to find_term
    }
  }
  ~TextTerms() {
    if (db_) hs_free_database(db_);
  }

  // The boundary rule of find_term for an occurrence of `term` at `p`.
  static bool valid_at(std::string_view hay, std::string_view term, size_t p) {
    const bool whole = utf8_chars(term) <= 4;
    const bool starts_word = word_at(term, 0),
               ends_word = word_before(term, term.size());
    const bool left = !starts_word || !word_before(hay, p);
    const size_t e = p + term.size();
    const bool right = !whole || !ends_word || !word_at(hay, e);
    return left && right;
  }

  // One scratch per thread (a vectorscan scratch serves one scan at once).
  hs_scratch_t* scratch() const {
    thread_local struct Holder {
      hs_scratch_t* s = nullptr;
      ~Holder() {
        if (s) hs_free_scratch(s);
      }
    } holder;
    if (!holder.s && hs_alloc_scratch(db_, &holder.s) != HS_SUCCESS)
      holder.s = nullptr;
    return holder.s;
  }

  std::vector<std::string_view> terms_;  // the models' string literals
  std::unordered_map<std::string_view, unsigned> ids_;
  hs_database_t* db_ = nullptr;
};

// The structural facts of a (case-folded) text.
struct Structure {
  // Numbers on lines that name a currency (sign or code), plus numbers
  // written as prices (decimal comma or point and two decimals) elsewhere.
  int amounts = 0;
  bool total = false, tax = false, signature = false, parties = false;
  int numbered_lines = 0;
  int numeric_rows = 0;  // lines whose last word is a number
};

bool is_amount_context(std::string_view s) {
  static const std::array<const char*, 18> kCurrencies = {
      "€",   "$",   "£",   "¥",   "₽", "₴",   "eur", "usd", "gbp",
      "chf", "rub", "uah", "inr", "₹",   "руб", "грн", "uf",  "euro"};
  for (const char* c : kCurrencies)
    if (contains_term(s, c)) return true;
  return false;
}

Structure structure_of(std::string_view t) {
  Structure st;
  size_t line_start = 0;
  while (line_start < t.size()) {
    size_t eol = t.find('\n', line_start);
    if (eol == std::string_view::npos) eol = t.size();
    std::string_view line = t.substr(line_start, eol - line_start);
    // Amounts: each digit run on a line that names a currency counts.
    auto digit = [&](size_t i) {
      return i < line.size() &&
             std::isdigit(static_cast<unsigned char>(line[i])) != 0;
    };
    const bool currency = is_amount_context(line);
    for (size_t i = 0; i < line.size(); ++i) {
      if (!digit(i) || (i > 0 && digit(i - 1))) continue;
      size_t j = i;
      while (digit(j)) ++j;
      const bool price = j + 2 < line.size() + 1 &&
                         (line[j] == ',' || line[j] == '.') && digit(j + 1) &&
                         digit(j + 2) && !digit(j + 3);
      if (currency || price) ++st.amounts;
      i = j;
    }
    // The line's last word: digits with separators (and a currency).
    {
      size_t e = line.size();
      while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\t')) --e;
      size_t b = e;
      while (b > 0 && line[b - 1] != ' ' && line[b - 1] != '\t') --b;
      const std::string_view last = line.substr(b, e - b);
      if (!last.empty() && std::isdigit(static_cast<unsigned char>(last[0])) &&
          std::all_of(last.begin(), last.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
                   c == ',' || c == '-';
          }))
        ++st.numeric_rows;
    }
    size_t k = 0;
    while (k < line.size() && (line[k] == ' ' || line[k] == '\t')) ++k;
    if (k + 1 < line.size() &&
        std::isdigit(static_cast<unsigned char>(line[k])) &&
        (line[k + 1] == '.' || line[k + 1] == ')'))
      ++st.numbered_lines;
    line_start = eol + 1;
  }
  for (const char* w : {"total", "subtotal", "summe", "gesamt", "montant",
                        "importe", "totale", "итого", "всего", "разом"})
    st.total = st.total || contains_term(t, w);
  for (const char* w : {"vat", "mwst", "ust", "tva", "iva", "ндс", "пдв", "gst",
                        "cgst", "sales tax", "btw"})
    st.tax = st.tax || contains_term(t, w);
  for (const char* w : {"signature", "unterschrift", "signé", "firma",
                        "assinatura", "подпись", "підпис"})
    st.signature = st.signature || contains_term(t, w);
  for (const char* w :
       {"hereinafter", "nachfolgend", "ci-après", "en adelante", "di seguito",
        "doravante", "hierna", "именуем", "іменован"})
    st.parties = st.parties || contains_term(t, w);
  return st;
}

bool has_shape(const Structure& st, Shape s) {
  switch (s) {
    case Shape::kManyAmounts:
      return st.amounts >= 5;
    case Shape::kSomeAmounts:
      return st.amounts >= 2;
    case Shape::kTotalLine:
      return st.total;
    case Shape::kTaxLine:
      return st.tax;
    case Shape::kSignatureBlock:
      return st.signature;
    case Shape::kNumberedClauses:
      return st.numbered_lines >= 3;
    case Shape::kPartyDefinitions:
      return st.parties;
    case Shape::kNumericRows:
      return st.numeric_rows >= 8;
  }
  return false;
}

}  // namespace

std::vector<DocumentScore> score_document(std::string_view name,
                                          std::string_view text) {
  // Only the first kTextBytes of text: headings and labels are near the
  // top, and scoring stays linear in a bounded input. Cut on a character
  // boundary.
  const size_t cut = utf8_prefix(text, kTextBytes);
  // Case-folded, with runs of spaces and tabs as one space (PDF text is
  // often spread out with them).
  std::string body;
  {
    const std::string folded = fold(text.substr(0, cut));
    body.reserve(folded.size());
    for (char c : folded) {
      const bool blank = c == ' ' || c == '\t' || c == '\r';
      if (blank && !body.empty() && body.back() == ' ') continue;
      body.push_back(blank ? ' ' : c);
    }
  }
  // Separators in names ("Price_List", "SOW-2021") read as spaces.
  std::string n = fold(name);
  std::replace_if(
      n.begin(), n.end(), [](char c) { return c == '_' || c == '-'; }, ' ');
  // The head's text: the body's first kHeadChars with every run of white
  // space (line breaks, no-break spaces, soft hyphens) as one space, cut on
  // a character boundary.
  std::string flat;
  for (size_t i = 0; i < body.size() && flat.size() < kHeadChars + 4; ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    const bool nbsp_or_shy = c == 0xC2 && i + 1 < body.size() &&
                             (static_cast<unsigned char>(body[i + 1]) == 0xA0 ||
                              static_cast<unsigned char>(body[i + 1]) == 0xAD);
    if (c == ' ' || c == '\n' || nbsp_or_shy) {
      if (nbsp_or_shy) ++i;
      if (!flat.empty() && flat.back() != ' ') flat.push_back(' ');
      continue;
    }
    flat.push_back(static_cast<char>(c));
  }
  // The head: the text's first lines, then the name (a term found only in
  // the name counts kNameOnlyDiscount less: file names mislead).
  const std::string text_head = flat.substr(0, utf8_prefix(flat, kHeadChars));
  const std::string head = text_head + "\n " + n + " ";
  const Structure st = structure_of(body);
  const TextTerms& text_terms = TextTerms::get();
  const std::vector<size_t> in_body = text_terms.earliest(body);

  struct Ranked {
    DocumentScore s;
    size_t head_at = std::string::npos;  // where the head names the type
  };
  std::vector<Ranked> ranked;
  for (const auto& m : models()) {
    DocumentScore s;
    size_t head_at = std::string::npos;
    s.type = m.type;
    auto add = [&](const char* what, double weight, std::string_view term) {
      s.score += weight;
      if (!s.evidence.empty()) s.evidence += "; ";
      s.evidence += what;
      if (!term.empty()) s.evidence += " (\"" + std::string(term) + "\")";
    };
    for (const auto& f : m.features) {
      const std::string& hay = f.where == Where::kHead ? head : body;
      // The earliest term of the feature in its haystack.
      size_t best = std::string::npos;
      const char* best_term = nullptr;
      for (const char* term : f.terms) {
        const size_t at = f.where == Where::kHead
                              ? find_term(hay, term)
                              : in_body[text_terms.id(term)];
        if (at < best) best = at, best_term = term;
      }
      if (!best_term) continue;
      const bool name_only = f.where == Where::kHead && best > text_head.size();
      add(f.what, name_only ? f.weight - kNameOnlyDiscount : f.weight,
          best_term);
      if (f.where == Where::kHead) head_at = std::min(head_at, best);
    }
    for (const auto& sh : m.shapes)
      if (has_shape(st, sh.shape)) add(sh.what, sh.weight, "");
    s.score = std::min(1.0, s.score);
    if (s.score >= kDocumentThreshold - 1e-9)
      ranked.push_back({std::move(s), head_at});
  }
  // The document's own type first: one its text's first lines name before
  // one only its file name names, before one neither names; a specific type
  // (an NDA, a statement of work) before the general "contract" it also
  // is; then the type named first ("BON DE COMMANDE ... Numéro de
  // facture"); then the higher score.
  const size_t text_head_end = text_head.size();
  auto key = [&](const Ranked& r) {
    const int named = r.head_at == std::string::npos ? 2
                      : r.head_at > text_head_end    ? 1
                                                     : 0;
    return std::make_tuple(named, r.s.type == std::string("contract"),
                           r.head_at, -r.s.score);
  };
  std::stable_sort(
      ranked.begin(), ranked.end(),
      [&](const Ranked& a, const Ranked& b) { return key(a) < key(b); });
  std::vector<DocumentScore> out;
  for (auto& r : ranked) out.push_back(std::move(r.s));
  return out;
}

}  // namespace leakscope::classify
