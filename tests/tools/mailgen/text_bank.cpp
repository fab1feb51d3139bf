#include "text_bank.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "civil_time.hpp"
#include "rng.hpp"

namespace mailgen {
namespace {

struct LangText {
  std::array<const char*, kTopicCount> subjects;
  std::array<const char*, kTopicCount> topics;
  std::vector<const char*> fillers;
  std::vector<const char*> greetings;  // {first} {full} {family}
  std::vector<const char*> closings;
  std::vector<const char*> products;
  const char* quote_intro;              // {date} {name} {email}
  std::array<const char*, 5> original;  // separator, from, sent, to, subject
  std::array<const char*, 12> months;
};

const LangText& text(Lang lang) {
  static const LangText en = {
      {"Statement of Work – Q{Q} rollout", "Price list {Y}",
       "Invoice INV-{Y}-{N}", "Meeting notes {D}", "Quotation – {P}",
       "Purchase order PO-{N}", "Project status – week {W}",
       "Contract renewal {Y} – {O}"},
      {"Please find attached the Statement of Work for the Q{Q} rollout; the "
       "milestones are on page 2.",
       "Attached is our price list for {Y}; the new day rates apply from 1 "
       "January.",
       "Please find attached invoice INV-{Y}-{N}, payable within 30 days to "
       "the account shown on the invoice.",
       "Here are my notes from our meeting on {D} – please correct anything "
       "I got wrong.",
       "Thank you for your enquiry about the {P}; our quotation is attached "
       "and valid for 30 days.",
       "Please find our purchase order PO-{N} attached; kindly confirm "
       "receipt and the delivery date.",
       "Quick update for week {W}: the pilot group is live and we are on "
       "track for the next milestone.",
       "Our current agreement ends on 31 December {Y}; we would like to "
       "discuss the renewal terms with you."},
      {"Let me know if you have any questions.",
       "Could you confirm the billing address and the purchase order number?",
       "I’m out of the office on Friday, so please copy Rajesh on anything "
       "urgent.",
       "We can go through the details on a call – would Tuesday at 10:00 "
       "work for you?",
       "The figures are in € and £ where noted; please check the totals "
       "against your records.",
       "I’ve copied my colleague who will handle the technical questions.",
       "Thanks again for your help with this.",
       "We’ll send the updated version once legal has reviewed it."},
      {"Hi {first},", "Dear {first},", "Hello {first},", "Dear {full},"},
      {"Kind regards,", "Best regards,", "Many thanks,", "Cheers,"},
      {"Exchange migration", "Microsoft 365 rollout", "SAP support contract",
       "network refresh", "service desk outsourcing", "data centre move"},
      "On {date}, {name} <{email}> wrote:",
      {"-----Original Message-----", "From:", "Sent:", "To:", "Subject:"},
      {"January", "February", "March", "April", "May", "June", "July", "August",
       "September", "October", "November", "December"}};
  static const LangText de = {
      {"Leistungsbeschreibung – Rollout Q{Q}", "Preisliste {Y}",
       "Rechnung INV-{Y}-{N}", "Protokoll Abstimmung {D}",
       "Angebot für {O} – Rahmenvertrag {Y}", "Bestellung PO-{N}",
       "Projektstatus KW {W}", "Vertragsverlängerung {Y}"},
      {"anbei die Leistungsbeschreibung für den Rollout im Q{Q}; die "
       "Meilensteine finden Sie auf Seite 2.",
       "anbei erhalten Sie unsere aktualisierte Preisliste für {Y}; die neuen "
       "Tagessätze gelten ab dem 1. Januar.",
       "anbei übersenden wir Ihnen die Rechnung INV-{Y}-{N} mit der Bitte um "
       "Überweisung innerhalb von 30 Tagen.",
       "hier das Protokoll unserer Abstimmung vom {D}. Bitte um kurze "
       "Rückmeldung, falls etwas fehlt.",
       "vielen Dank für Ihre Anfrage. Unser Angebot für {O} finden Sie im "
       "Anhang; es ist 30 Tage gültig.",
       "anbei unsere Bestellung PO-{N}. Bitte bestätigen Sie den Eingang und "
       "den Liefertermin.",
       "kurzer Zwischenstand zur KW {W}: Die Pilotgruppe ist umgestellt, wir "
       "liegen im Zeitplan.",
       "unser Vertrag läuft zum 31.12.{Y} aus. Gerne würden wir die "
       "Verlängerung mit Ihnen besprechen."},
      {"Für Rückfragen stehe ich Ihnen gerne zur Verfügung.",
       "Bitte prüfen Sie die Unterlagen und geben Sie uns bis Freitag "
       "Rückmeldung.",
       "Können Sie mir bitte die Rechnungsadresse und die Bestellnummer "
       "bestätigen?",
       "Ich bin ab Montag im Urlaub; meine Vertretung übernimmt Frau "
       "Schäfer.",
       "Die Beträge verstehen sich zzgl. der gesetzlichen Mehrwertsteuer "
       "(19 %).",
       "Gerne können wir die Details in einem kurzen Telefonat klären."},
      {"Hallo {first},", "Sehr geehrte Damen und Herren,", "Guten Tag {full},"},
      {"Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße"},
      {"Exchange-Migration", "Microsoft-365-Einführung", "SAP-Wartungsvertrag",
       "Netzwerkerneuerung", "Rechenzentrumsumzug"},
      "Am {date} schrieb {name} <{email}>:",
      {"-----Ursprüngliche Nachricht-----",
       "Von:", "Gesendet:", "An:", "Betreff:"},
      {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
       "September", "Oktober", "November", "Dezember"}};
  static const LangText fr = {
      {"Cahier des charges – déploiement T{Q}", "Liste de prix {Y}",
       "Facture INV-{Y}-{N}", "Compte rendu de la réunion du {D}",
       "Devis – migration messagerie {Y}", "Bon de commande PO-{N}",
       "Point d'avancement – semaine {W}", "Renouvellement du contrat {Y}"},
      {"Veuillez trouver ci-joint le cahier des charges pour le déploiement "
       "du T{Q} ; les jalons figurent en page 2.",
       "Vous trouverez ci-joint notre liste de prix {Y}, applicable à compter "
       "du 1er janvier.",
       "Veuillez trouver ci-joint la facture INV-{Y}-{N}, payable à 30 jours.",
       "Voici le compte rendu de notre réunion du {D} ; n'hésitez pas à le "
       "compléter.",
       "Suite à votre demande, je vous prie de trouver ci-joint notre devis "
       "pour la {P}.",
       "Ci-joint notre bon de commande PO-{N} ; merci de nous confirmer la "
       "date de livraison.",
       "Point rapide pour la semaine {W} : le groupe pilote est migré, nous "
       "sommes dans les temps.",
       "Notre contrat arrive à échéance le 31 décembre {Y} ; nous "
       "souhaiterions en discuter avec vous."},
      {"N'hésitez pas à me contacter pour toute question.",
       "Pourriez-vous me confirmer l'adresse de facturation ?",
       "La réunion de suivi est prévue jeudi à 14 h.",
       "Je mets en copie mon collègue qui suivra la partie technique.",
       "Les montants sont indiqués en euros hors taxes (TVA 20 %)."},
      {"Bonjour {first},", "Madame, Monsieur,", "Bonjour {full},"},
      {"Cordialement,", "Bien cordialement,", "Bonne journée,"},
      {"migration de la messagerie", "refonte du réseau",
       "tierce maintenance applicative", "migration vers Microsoft 365"},
      "Le {date}, {name} <{email}> a écrit :",
      {"-----Message d'origine-----", "De :", "Envoyé :", "À :", "Objet :"},
      {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
       "septembre", "octobre", "novembre", "décembre"}};
  static const LangText ja = {
      {"作業範囲記述書（第{Q}四半期展開）", "価格表 {Y}年版",
       "請求書送付のご案内（INV-{Y}-{N}）", "議事録 {D}",
       "お見積りのご依頼（{P}）", "注文書 PO-{N} 送付の件",
       "進捗報告（第{W}週）", "{Y}年度 契約更新のご案内"},
      {"第{Q}四半期の展開に関する作業範囲記述書を添付いたします。",
       "{Y}年版の価格表を添付いたしますので、ご確認ください。",
       "請求書（INV-{Y}-{N}）を添付いたします。お支払期日までにお振込みを"
       "お願いいたします。",
       "{D}の打ち合わせの議事録をお送りいたします。",
       "{P}についてお見積りをお願いしたく、ご連絡いたしました。",
       "注文書 PO-{N} を添付いたします。納期のご確認をお願いいたします。",
       "第{W}週の進捗をご報告いたします。パイロット部門への展開は予定どおり"
       "完了しました。",
       "現行契約は{Y}年12月31日に満了となりますので、更新についてご相談"
       "させてください。"},
      {"ご不明な点がございましたら、お気軽にお問い合わせください。",
       "次回の打ち合わせは来週火曜日の午前10時を予定しております。",
       "お見積りの有効期限は発行日より30日間です。",
       "社内で検討のうえ、改めてご連絡いたします。",
       "ご多忙のところ恐れ入りますが、ご確認のほどお願いいたします。"},
      {"{family}様"},
      {"よろしくお願いいたします。", "以上、よろしくお願い申し上げます。"},
      {"メールシステム移行", "ネットワーク更改", "ヘルプデスク業務委託",
       "サーバー保守"},
      "{date} {name} <{email}>:",
      {"-----Original Message-----", "差出人:", "送信日時:", "宛先:", "件名:"},
      {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}};
  static const LangText es = {
      {"Declaración de trabajo – despliegue T{Q}", "Lista de precios {Y}",
       "Factura INV-{Y}-{N}", "Acta de la reunión del {D}",
       "Propuesta de mantenimiento {Y}", "Pedido PO-{N}",
       "Estado del proyecto – semana {W}", "Renovación del contrato {Y}"},
      {"Adjunto le envío la declaración de trabajo para el despliegue del "
       "T{Q}; los hitos están en la página 2.",
       "Adjunto encontrará nuestra lista de precios para {Y}, vigente a "
       "partir del 1 de enero.",
       "Le adjuntamos la factura INV-{Y}-{N}, con vencimiento a 30 días.",
       "Le envío el acta de nuestra reunión del {D}; cualquier corrección, "
       "me dice.",
       "Adjunto le envío la propuesta de mantenimiento para {Y} con las "
       "condiciones revisadas.",
       "Adjuntamos el pedido PO-{N}; ¿podría confirmarnos la fecha de "
       "entrega?",
       "Resumen de la semana {W}: el grupo piloto ya está migrado y seguimos "
       "según lo previsto.",
       "Nuestro contrato vence el 31 de diciembre de {Y}; nos gustaría "
       "revisar las condiciones de renovación."},
      {"Quedo a la espera de sus comentarios.",
       "¿Podría confirmar la dirección de facturación?",
       "La reunión de seguimiento será el próximo miércoles a las 11:00.",
       "Pongo en copia a mi compañero, que se encargará de la parte técnica.",
       "Los importes no incluyen IVA (21 %)."},
      {"Hola {first}:", "Estimado/a {full}:", "Buenos días, {first}:"},
      {"Un saludo,", "Saludos cordiales,", "Atentamente,"},
      {"migración del correo", "renovación de la red",
       "mantenimiento de aplicaciones"},
      "El {date}, {name} <{email}> escribió:",
      {"-----Mensaje original-----", "De:", "Enviado el:", "Para:", "Asunto:"},
      {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
       "septiembre", "octubre", "noviembre", "diciembre"}};
  static const LangText pt = {
      {"Escopo de trabalho – implantação T{Q}", "Tabela de preços {Y}",
       "Fatura INV-{Y}-{N}", "Ata da reunião de {D}",
       "Proposta comercial – suporte técnico {Y}", "Pedido de compra PO-{N}",
       "Status do projeto – semana {W}", "Renovação do contrato {Y}"},
      {"Segue em anexo o escopo de trabalho para a implantação do T{Q}; os "
       "marcos estão na página 2.",
       "Segue em anexo nossa tabela de preços de {Y}, válida a partir de 1º "
       "de janeiro.",
       "Segue em anexo a fatura INV-{Y}-{N}, com vencimento em 30 dias.",
       "Segue a ata da nossa reunião de {D}; fique à vontade para "
       "complementar.",
       "Segue em anexo a proposta comercial revisada de suporte técnico para "
       "{Y}.",
       "Segue o pedido de compra PO-{N}; poderia confirmar a data de "
       "entrega?",
       "Resumo da semana {W}: o grupo piloto já foi migrado e seguimos dentro "
       "do prazo.",
       "Nosso contrato vence em 31 de dezembro de {Y}; gostaríamos de "
       "conversar sobre a renovação."},
      {"Fico à disposição para esclarecer qualquer dúvida.",
       "Poderia confirmar o número do pedido de compra?",
       "A reunião de acompanhamento será na próxima quinta-feira às 15h.",
       "Estou copiando meu colega, que vai cuidar da parte técnica.",
       "Os valores não incluem impostos (ICMS/ISS)."},
      {"Olá {first},", "Prezado(a) {full},", "Bom dia, {first},"},
      {"Atenciosamente,", "Abraços,", "Obrigado,"},
      {"migração de e-mail", "renovação da rede", "suporte técnico"},
      "Em {date}, {name} <{email}> escreveu:",
      {"-----Mensagem original-----",
       "De:", "Enviada em:", "Para:", "Assunto:"},
      {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
       "agosto", "setembro", "outubro", "novembro", "dezembro"}};
  switch (lang) {
    case Lang::kDe:
      return de;
    case Lang::kFr:
      return fr;
    case Lang::kJa:
      return ja;
    case Lang::kEs:
      return es;
    case Lang::kPt:
      return pt;
    default:
      return en;
  }
}

void replace_all(std::string* s, const std::string& from,
                 const std::string& to) {
  for (size_t pos = s->find(from); pos != std::string::npos;
       pos = s->find(from, pos + to.size()))
    s->replace(pos, from.size(), to);
}

std::string pad(int v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, v);
  return buf;
}

}  // namespace

std::string fill(std::string t, const TopicVars& v) {
  replace_all(&t, "{Y}", std::to_string(v.year));
  replace_all(&t, "{Q}", std::to_string(v.quarter));
  replace_all(&t, "{N}", pad(v.number, 4));
  replace_all(&t, "{W}", std::to_string(v.week));
  replace_all(&t, "{D}", v.date_text);
  replace_all(&t, "{O}", v.org);
  replace_all(&t, "{P}", v.product);
  return t;
}

std::string subject_text(Topic topic, Lang lang, const TopicVars& vars) {
  return fill(text(lang).subjects[static_cast<int>(topic)], vars);
}

std::string topic_sentence(Topic topic, Lang lang, const TopicVars& vars) {
  return fill(text(lang).topics[static_cast<int>(topic)], vars);
}

std::string filler_sentence(Lang lang, Rng& rng) {
  return rng.pick(text(lang).fillers);
}

std::string product_name(Lang lang, Rng& rng) {
  return rng.pick(text(lang).products);
}

std::string greeting(Lang lang, const Person& to, const Org& to_org,
                     const Person& from, const Org& from_org, Rng& rng) {
  if (lang == Lang::kJa) {
    // Japanese business mail: company, name + 様, then a fixed opening.
    std::string g = to_org.freemail ? "" : to_org.name + "\r\n";
    g += to.family + "様\r\n\r\nいつも大変お世話になっております。\r\n";
    g += (from_org.freemail ? std::string() : from_org.name + "の") +
         from.family + "です。";
    return g;
  }
  std::string g = rng.pick(text(lang).greetings);
  replace_all(&g, "{first}", to.given);
  replace_all(&g, "{full}", to.display());
  replace_all(&g, "{family}", to.family);
  return g;
}

std::string closing(Lang lang, Rng& rng) {
  return rng.pick(text(lang).closings);
}

std::string signature(const Person& p, const Org& org, Lang lang, Rng& rng) {
  std::string s = "-- \r\n";
  const bool ja = lang == Lang::kJa;
  s += p.display();
  if (ja && p.ascii != p.display()) s += "（" + p.ascii + "）";
  s += "\r\n";
  if (!p.title.empty()) {
    s += p.title;
    s += org.name.empty() ? "\r\n" : " | " + org.name + "\r\n";
  } else if (!org.name.empty()) {
    s += org.name + "\r\n";
  }
  switch (lang) {
    case Lang::kDe:
      s += "Tel.: " + p.phone + "\r\nMobil: " + p.mobile + "\r\n";
      s += "E-Mail: " + p.email + "\r\n";
      break;
    case Lang::kFr:
      s += "Tél. : " + p.phone + " – Port. : " + p.mobile + "\r\n";
      break;
    case Lang::kJa:
      s += "TEL: " + p.phone + " / 携帯: " + p.mobile + "\r\n";
      s += "Mail: " + p.email + "\r\n";
      break;
    case Lang::kEs:
    case Lang::kPt:
      s += "Tel.: " + p.phone + " | Cel.: " + p.mobile + "\r\n";
      break;
    default:
      if (rng.percent(50)) {
        s += "T: " + p.phone + " | M: " + p.mobile + "\r\n";
      } else {
        s += "Direct: " + p.phone + "\r\nMobile: " + p.mobile + "\r\n";
      }
  }
  if (!org.address.empty()) s += org.address + "\r\n";
  return s;
}

std::string reply_prefix(Lang lang, Client client) {
  bool outlook = client == Client::kOutlook || client == Client::kOutlookLegacy;
  switch (lang) {
    case Lang::kDe:
      return outlook ? "AW: " : "Re: ";
    case Lang::kEs:
      return outlook ? "RE: " : "Re: ";
    case Lang::kPt:
      return outlook ? "RES: " : "Re: ";
    default:
      return outlook ? "RE: " : "Re: ";
  }
}

std::string forward_prefix(Lang lang, Client client) {
  bool outlook = client == Client::kOutlook || client == Client::kOutlookLegacy;
  switch (lang) {
    case Lang::kDe:
      return outlook ? "WG: " : "Fwd: ";
    case Lang::kFr:
      return outlook ? "TR: " : "Fwd: ";
    case Lang::kEs:
      return outlook ? "RV: " : "Fwd: ";
    case Lang::kPt:
      return outlook ? "ENC: " : "Fwd: ";
    default:
      return outlook ? "FW: " : "Fwd: ";
  }
}

std::string quote_intro(Lang lang, const std::string& date,
                        const std::string& name, const std::string& email) {
  std::string s = text(lang).quote_intro;
  replace_all(&s, "{date}", date);
  replace_all(&s, "{name}", name);
  replace_all(&s, "{email}", email);
  return s;
}

std::string outlook_original(Lang lang, const std::string& from,
                             const std::string& sent, const std::string& to,
                             const std::string& subject) {
  const auto& o = text(lang).original;
  return std::string(o[0]) + "\r\n" + o[1] + " " + from + "\r\n" + o[2] + " " +
         sent + "\r\n" + o[3] + " " + to + "\r\n" + o[4] + " " + subject +
         "\r\n";
}

std::string date_text(Lang lang, int64_t utc, int offset_minutes) {
  Civil c = to_civil(utc + offset_minutes * 60);
  const auto& months = text(lang).months;
  switch (lang) {
    case Lang::kDe:
      return pad(c.day, 2) + "." + pad(c.month, 2) + "." +
             std::to_string(c.year);
    case Lang::kJa:
      return std::to_string(c.year) + "年" + months[c.month - 1] + "月" +
             std::to_string(c.day) + "日";
    case Lang::kPt:
      return pad(c.day, 2) + "/" + pad(c.month, 2) + "/" +
             std::to_string(c.year);
    case Lang::kEs:
      return std::to_string(c.day) + " de " + months[c.month - 1] + " de " +
             std::to_string(c.year);
    default:
      return std::to_string(c.day) + " " + months[c.month - 1] + " " +
             std::to_string(c.year);
  }
}

std::string lang_tag(Lang lang, const std::string& country) {
  switch (lang) {
    case Lang::kDe:
      return "de-DE";
    case Lang::kFr:
      return "fr-FR";
    case Lang::kJa:
      return "ja-JP";
    case Lang::kEs:
      return "es-ES";
    case Lang::kPt:
      return "pt-BR";
    default:
      return country == "IN" ? "en-IN" : country == "US" ? "en-US" : "en-GB";
  }
}

}  // namespace mailgen
