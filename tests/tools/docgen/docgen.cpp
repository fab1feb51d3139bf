// leakscope-docgen --out DIR: writes a small set of real business documents
// (a statement of work as .docx and .pdf, a price list as .xlsx, an invoice
// as .pdf, an NDA as .odt, a decoy recipe as .docx, and a zip holding a
// message with the invoice attached) and DIR/MANIFEST.json with what each
// file is and contains. Everything is made here: OOXML/ODF packages with
// libzip (fixed timestamps, so the bytes are the same on every run), PDFs
// written object by object with their cross-reference table.
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "pdf_file.hpp"
#include "transfer_encode.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr time_t kFixedTime = 1647246600;  // 2022-03-14T08:30:00Z

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&')
      o += "&amp;";
    else if (c == '<')
      o += "&lt;";
    else if (c == '>')
      o += "&gt;";
    else if (c == '"')
      o += "&quot;";
    else
      o += c;
  }
  return o;
}

void write_zip(const fs::path& path,
               const std::vector<std::pair<std::string, std::string>>& parts,
               bool first_stored = false) {
  int err = 0;
  fs::remove(path);
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) throw std::runtime_error("cannot create " + path.string());
  std::vector<std::string> keep;
  keep.reserve(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    keep.push_back(parts[i].second);
    zip_source_t* s =
        zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
    zip_int64_t idx =
        zip_file_add(z, parts[i].first.c_str(), s, ZIP_FL_OVERWRITE);
    zip_set_file_compression(
        z, static_cast<zip_uint64_t>(idx),
        (first_stored && i == 0) ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 6);
    zip_file_set_mtime(z, static_cast<zip_uint64_t>(idx), kFixedTime, 0);
  }
  if (zip_close(z) != 0)
    throw std::runtime_error("cannot write " + path.string());
}

struct Props {
  std::string title, subject, author, keywords, last_modified_by, company,
      manager, created, modified, application = "Microsoft Office Word",
                                  template_name = "Normal.dotm";
  int pages = 1;
};

std::string core_xml(const Props& p) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<cp:coreProperties "
         "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
         "metadata/core-properties\" "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
         "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
         "xmlns:xsi=\"http://www.w3.org/2001/"
         "XMLSchema-instance\"><dc:title>" +
         xml_escape(p.title) + "</dc:title><dc:subject>" +
         xml_escape(p.subject) + "</dc:subject><dc:creator>" +
         xml_escape(p.author) + "</dc:creator><cp:keywords>" +
         xml_escape(p.keywords) + "</cp:keywords><cp:lastModifiedBy>" +
         xml_escape(p.last_modified_by) +
         "</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created "
         "xsi:type=\"dcterms:W3CDTF\">" +
         p.created +
         "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" +
         p.modified + "</dcterms:modified></cp:coreProperties>";
}

std::string app_xml(const Props& p) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Properties "
         "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/"
         "extended-properties\"><Template>" +
         xml_escape(p.template_name) +
         "</Template><TotalTime>42</TotalTime><Pages>" +
         std::to_string(p.pages) + "</Pages><Application>" +
         xml_escape(p.application) + "</Application><Company>" +
         xml_escape(p.company) + "</Company><Manager>" + xml_escape(p.manager) +
         "</Manager><AppVersion>16.0000</AppVersion></Properties>";
}

const char* kRels =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/officeDocument\" Target=\"%s\"/><Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/"
    "metadata/"
    "core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/"
    "extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

std::string rels(const char* main) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, kRels, main);
  return buf;
}

std::string content_types(const std::string& main_part,
                          const std::string& main_type,
                          const std::string& extra = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Types "
         "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
         "content-types\">"
         "<Default Extension=\"rels\" ContentType=\"application/"
         "vnd.openxmlformats-package.relationships+xml\"/><Default "
         "Extension=\"xml\" "
         "ContentType=\"application/xml\"/><Override PartName=\"/" +
         main_part + "\" ContentType=\"" + main_type + "\"/>" + extra +
         "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
         "vnd.openxmlformats-package.core-properties+xml\"/><Override "
         "PartName=\"/docProps/app.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.extended-properties+xml\"/></"
         "Types>";
}

// Lines starting with "# " are headings.
void write_docx(const fs::path& path, const Props& p,
                const std::vector<std::string>& lines) {
  std::string body;
  for (const auto& l : lines) {
    bool heading = l.rfind("# ", 0) == 0;
    std::string text = heading ? l.substr(2) : l;
    body += std::string("<w:p>") +
            (heading ? "<w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>" : "") +
            "<w:r><w:t xml:space=\"preserve\">" + xml_escape(text) +
            "</w:t></w:r></w:p>";
  }
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
      "main\">"
      "<w:body>" +
      body + "</w:body></w:document>";
  write_zip(path,
            {{"[Content_Types].xml",
              content_types("word/document.xml",
                            "application/vnd.openxmlformats-officedocument."
                            "wordprocessingml.document.main+xml")},
             {"_rels/.rels", rels("word/document.xml")},
             {"word/document.xml", doc},
             {"docProps/core.xml", core_xml(p)},
             {"docProps/app.xml", app_xml(p)}});
}

void write_xlsx(const fs::path& path, const Props& p,
                const std::string& sheet_name,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::string> strings;
  auto sidx = [&](const std::string& s) {
    for (size_t i = 0; i < strings.size(); ++i)
      if (strings[i] == s) return i;
    strings.push_back(s);
    return strings.size() - 1;
  };
  std::string data;
  for (size_t r = 0; r < rows.size(); ++r) {
    data += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      std::string ref =
          std::string(1, static_cast<char>('A' + c)) + std::to_string(r + 1);
      const std::string& v = rows[r][c];
      bool number =
          !v.empty() && v.find_first_not_of("0123456789.") == std::string::npos;
      if (number)
        data += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
      else
        data += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(sidx(v)) +
                "</v></c>";
    }
    data += "</row>";
  }
  std::string ss =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">";
  for (const auto& s : strings) ss += "<si><t>" + xml_escape(s) + "</t></si>";
  ss += "</sst>";
  const char* ns =
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
      "relationships\"";
  Props q = p;
  q.application = "Microsoft Excel";
  write_zip(
      path,
      {{"[Content_Types].xml",
        content_types(
            "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet."
            "main+xml",
            "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
            "ContentType=\"application/vnd.openxmlformats-officedocument."
            "spreadsheetml.worksheet+xml\"/><Override "
            "PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/"
            "vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+"
            "xml\"/>")},
       {"_rels/.rels", rels("xl/workbook.xml")},
       {"xl/workbook.xml",
        std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook ") +
            ns + "><sheets><sheet name=\"" + xml_escape(sheet_name) +
            "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/"
        "relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/worksheet\" "
        "Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/sharedStrings\" "
        "Target=\"sharedStrings.xml\"/>"
        "</Relationships>"},
       {"xl/worksheets/sheet1.xml",
        std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet ") +
            ns + "><sheetData>" + data + "</sheetData></worksheet>"},
       {"xl/sharedStrings.xml", ss},
       {"docProps/core.xml", core_xml(q)},
       {"docProps/app.xml", app_xml(q)}});
}

void write_odt(const fs::path& path, const Props& p,
               const std::vector<std::string>& lines) {
  std::string body;
  for (const auto& l : lines) {
    bool heading = l.rfind("# ", 0) == 0;
    body += heading ? "<text:h text:outline-level=\"1\">" +
                          xml_escape(l.substr(2)) + "</text:h>"
                    : "<text:p>" + xml_escape(l) + "</text:p>";
  }
  const char* ns =
      "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
      "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\"";
  write_zip(
      path,
      {{"mimetype", "application/vnd.oasis.opendocument.text"},
       {"META-INF/manifest.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest "
        "xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
        "manifest:version=\"1.2\"><manifest:file-entry "
        "manifest:full-path=\"/\" "
        "manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
        "<manifest:file-entry manifest:full-path=\"content.xml\" "
        "manifest:media-type=\"text/xml\"/><manifest:file-entry "
        "manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
        "</manifest:manifest>"},
       {"meta.xml",
        std::string("<?xml version=\"1.0\" "
                    "encoding=\"UTF-8\"?>\n<office:document-meta ") +
            ns + "><office:meta><dc:title>" + xml_escape(p.title) +
            "</dc:title><dc:subject>" + xml_escape(p.subject) +
            "</dc:subject><meta:initial-creator>" + xml_escape(p.author) +
            "</meta:initial-creator><dc:creator>" +
            xml_escape(p.last_modified_by) +
            "</dc:creator><meta:creation-date>" + p.created +
            "</meta:creation-date><dc:date>" + p.modified +
            "</dc:date><meta:generator>LibreOffice/7.4</meta:generator>"
            "<meta:document-statistic meta:page-count=\"" +
            std::to_string(p.pages) +
            "\"/></office:meta></office:document-meta>"},
       {"content.xml",
        std::string("<?xml version=\"1.0\" "
                    "encoding=\"UTF-8\"?>\n<office:document-content ") +
            ns + "><office:body><office:text>" + body +
            "</office:text></office:body></office:document-content>"}},
      /*first_stored=*/true);
}

std::string pdf_string(const std::string& s) {
  std::string o = "(";
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') o += '\\';
    o += c;
  }
  return o + ")";
}

// A PDF 1.4 with one page per 45 lines, Helvetica, an Info dictionary.
void write_pdf(const fs::path& path, const Props& p,
               const std::string& pdf_created, const std::string& pdf_modified,
               const std::vector<std::string>& lines) {
  std::vector<std::vector<std::string>> pages;
  for (size_t i = 0; i < lines.size(); i += 45)
    pages.emplace_back(
        lines.begin() + static_cast<long>(i),
        lines.begin() + static_cast<long>(std::min(lines.size(), i + 45)));
  std::vector<std::string> objs;  // object i+1
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  int first_page_obj = 5;
  for (size_t i = 0; i < pages.size(); ++i)
    kids += std::to_string(first_page_obj + 2 * static_cast<int>(i)) + " 0 R ";
  objs.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " +
                 std::to_string(pages.size()) + " >>");
  objs.push_back(
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
      "/WinAnsiEncoding >>");
  objs.push_back("<< /Title " + pdf_string(p.title) + " /Author " +
                 pdf_string(p.author) + " /Subject " + pdf_string(p.subject) +
                 " /Keywords " + pdf_string(p.keywords) + " /Creator " +
                 pdf_string(p.application) + " /Producer " +
                 pdf_string("leakscope-docgen") + " /CreationDate " +
                 pdf_string(pdf_created) + " /ModDate " +
                 pdf_string(pdf_modified) + " >>");
  for (size_t i = 0; i < pages.size(); ++i) {
    std::string content = "BT /F1 11 Tf 14 TL 56 790 Td\n";
    for (const auto& l : pages[i]) {
      bool heading = l.rfind("# ", 0) == 0;
      content += (heading ? "/F1 14 Tf " : "/F1 11 Tf ") +
                 pdf_string(heading ? l.substr(2) : l) + " Tj T*\n";
    }
    content += "ET";
    int content_obj = first_page_obj + 2 * static_cast<int>(i) + 1;
    objs.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
        "/Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(content_obj) + " 0 R >>");
    objs.push_back("<< /Length " + std::to_string(content.size()) +
                   " >>\nstream\n" + content + "\nendstream");
  }
  const std::string out = mailgen::pdf_file(objs, " /Info 4 0 R");
  std::ofstream(path, std::ios::binary) << out;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--out") {
    std::fprintf(stderr, "usage: leakscope-docgen --out DIR\n");
    return 2;
  }
  fs::path dir = argv[2];
  fs::create_directories(dir);
  json manifest = {{"generator", "leakscope-docgen"}, {"files", json::array()}};
  auto record = [&](const std::string& name, const std::string& format,
                    const std::string& type, const Props& p, int pages,
                    json personal) {
    std::string bytes = slurp(dir / name);
    manifest["files"].push_back({{"file", name},
                                 {"format", format},
                                 {"sha256", leakscope::Sha256::hex(bytes)},
                                 {"business_type", type},
                                 {"title", p.title},
                                 {"author", p.author},
                                 {"pages", pages},
                                 {"personal_data", personal}});
  };

  Props sow;
  sow.title = "Statement of Work: Contoso ERP Migration";
  sow.subject = "Statement of Work";
  sow.author = "Hans Mueller";
  sow.keywords = "SOW, ERP, migration";
  sow.last_modified_by = "Greta Lindqvist";
  sow.company = "Northwind Consulting GmbH";
  sow.manager = "Anna Berg";
  sow.created = "2022-03-14T08:30:00Z";
  sow.modified = "2022-03-18T16:05:00Z";
  std::vector<std::string> sow_text = {
      "# Statement of Work",
      "Contoso AG and Northwind Consulting GmbH, SOW No. NC-2022-017",
      "# 1. Scope",
      "Migration of the Contoso ERP system to the cloud platform, including "
      "data migration.",
      "# 2. Deliverables",
      "D1 Migration plan; D2 Migrated test environment; D3 Production cut-over "
      "report.",
      "# 3. Milestones",
      "M1 2022-04-30 plan accepted; M2 2022-06-30 test migration; M3 "
      "2022-09-30 go-live.",
      "# 4. Fees and payment schedule",
      "Fixed fee EUR 184,000.00, invoiced per milestone.",
      "# 5. Acceptance criteria",
      "Each deliverable is accepted in writing within ten business days.",
      "Contact: Hans Mueller, hans.mueller@northwind-consulting.com, +49 30 "
      "23125101",
      "Signed by: Anna Berg, Chief Information Officer, Contoso AG. Date "
      "signed: 2022-03-20",
  };
  write_docx(dir / "SOW_Contoso_ERP_Migration.docx", sow, sow_text);
  record("SOW_Contoso_ERP_Migration.docx", "docx", "statement_of_work", sow, 1,
         {{"email", {"hans.mueller@northwind-consulting.com"}},
          {"phone", {"+493023125101"}}});
  write_pdf(dir / "SOW_Contoso_ERP_Migration.pdf", sow,
            "D:20220314093000+01'00'", "D:20220318170500+01'00'", sow_text);
  record("SOW_Contoso_ERP_Migration.pdf", "pdf", "statement_of_work", sow, 1,
         {{"email", {"hans.mueller@northwind-consulting.com"}},
          {"phone", {"+493023125101"}}});

  Props pl;
  pl.title = "Price List 2022";
  pl.subject = "Northwind price list";
  pl.author = "Greta Lindqvist";
  pl.keywords = "price list";
  pl.last_modified_by = "Greta Lindqvist";
  pl.company = "Northwind Consulting GmbH";
  pl.created = "2022-01-03T09:00:00Z";
  pl.modified = "2022-01-10T11:00:00Z";
  write_xlsx(dir / "PriceList_2022.xlsx", pl, "Prices 2022",
             {{"SKU", "Description", "Unit Price", "Currency"},
              {"NC-CONS-001", "Senior consultant day", "1450.00", "EUR"},
              {"NC-CONS-002", "Consultant day", "1150.00", "EUR"},
              {"NC-ARCH-001", "Solution architect day", "1690.00", "EUR"},
              {"NC-TRN-010", "Training, per participant", "390.00", "EUR"}});
  record("PriceList_2022.xlsx", "xlsx", "price_list", pl, 1, json::object());

  Props inv;
  inv.title = "Invoice INV-2022-0042";
  inv.subject = "Invoice";
  inv.author = "Northwind Accounts";
  inv.keywords = "invoice";
  inv.application = "Northwind Billing 4.2";
  inv.created = "2022-05-02T10:00:00Z";
  inv.modified = "2022-05-02T10:00:00Z";
  std::vector<std::string> inv_text = {
      "# Invoice",
      "Invoice number: INV-2022-0042    Date: 2022-05-02    Due date: "
      "2022-06-01",
      "Bill to: Contoso AG, Accounts Payable, Industriestrasse 7, 8005 Zurich",
      "M1 Migration plan (SOW NC-2022-017)             EUR 61,333.33",
      "Subtotal EUR 61,333.33   VAT 19% EUR 11,653.33",
      "Amount due: EUR 72,986.66",
      "Bank: IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX",
      "Questions: accounts@northwind-consulting.com",
  };
  write_pdf(dir / "Invoice_INV-2022-0042.pdf", inv, "D:20220502120000+02'00'",
            "D:20220502120000+02'00'", inv_text);
  record("Invoice_INV-2022-0042.pdf", "pdf", "invoice", inv, 1,
         {{"email", {"accounts@northwind-consulting.com"}},
          {"iban", {"DE89370400440532013000"}}});

  Props nda;
  nda.title = "Mutual Non-Disclosure Agreement";
  nda.subject = "NDA Contoso / Northwind";
  nda.author = "Legal Department";
  nda.last_modified_by = "Anna Berg";
  nda.created = "2021-11-02T14:00:00Z";
  nda.modified = "2021-11-03T09:12:00Z";
  write_odt(dir / "NDA_Contoso_Northwind.odt", nda,
            {"# Mutual Non-Disclosure Agreement",
             "This Agreement is made by and between Contoso AG and Northwind "
             "Consulting GmbH.",
             "The Disclosing Party may share Confidential Information with the "
             "Receiving Party.",
             "Governing law: Switzerland.",
             "Signed by: Anna Berg (Contoso AG) and Hans Mueller (Northwind "
             "Consulting GmbH)."});
  record("NDA_Contoso_Northwind.odt", "odt", "nda", nda, 1, json::object());

  Props decoy;
  decoy.title = "Apple pie for the team lunch";
  decoy.author = "Greta Lindqvist";
  decoy.created = "2022-02-11T12:00:00Z";
  decoy.modified = "2022-02-11T12:30:00Z";
  write_docx(
      dir / "team_lunch_recipe.docx", decoy,
      {"# Apple pie",
       "Ingredients: 6 apples, 200 g flour, 120 g butter, 90 g sugar.",
       "Bake 45 minutes at 180 degrees.",
       "Keep the grocery receipt; it goes with the next expense invoice."});
  record("team_lunch_recipe.docx", "docx", "none", decoy, 1, json::object());

  // A zip with a message that carries the invoice, as found on file shares.
  std::string invoice = slurp(dir / "Invoice_INV-2022-0042.pdf");
  std::string eml =
      "From: Northwind Accounts <accounts@northwind-consulting.com>\r\n"
      "To: Contoso Accounts Payable <ap@contoso.ch>\r\n"
      "Subject: Invoice INV-2022-0042\r\n"
      "Date: Mon, 02 May 2022 12:05:00 +0200\r\n"
      "Message-ID: <inv-2022-0042@northwind-consulting.com>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
      "Please find our invoice attached.\r\n"
      "--b1\r\nContent-Type: application/pdf; "
      "name=\"Invoice_INV-2022-0042.pdf\"\r\n"
      "Content-Disposition: attachment; "
      "filename=\"Invoice_INV-2022-0042.pdf\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      mailgen::base64_lines(invoice, "\r\n") + "--b1--\r\n";
  write_zip(dir / "accounts_export.zip",
            {{"mail/inv-2022-0042.eml", eml},
             {"docs/SOW_Contoso_ERP_Migration.pdf",
              slurp(dir / "SOW_Contoso_ERP_Migration.pdf")}});
  {
    std::string bytes = slurp(dir / "accounts_export.zip");
    manifest["files"].push_back(
        {{"file", "accounts_export.zip"},
         {"format", "zip"},
         {"sha256", leakscope::Sha256::hex(bytes)},
         {"entries",
          {"mail/inv-2022-0042.eml", "docs/SOW_Contoso_ERP_Migration.pdf"}}});
  }
  std::ofstream(dir / "MANIFEST.json") << manifest.dump(2) << "\n";
  std::printf("%s: %zu files\n", dir.c_str(), manifest["files"].size());
  return 0;
}
