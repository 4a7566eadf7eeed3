"""Printed labels per field in English, German, French and Dutch.

Each entry is "phrase|phrase|...". A leading "~" marks a weak label (a word that often, but not always,
introduces the field: "Invoice" before an invoice number), "?" a generic one ("Date"). Header fields use
their canonical names; "col:*" are line-item table column headers; "_other" are labels of things that are
not fields (customer number, order date ...): they exist so that "Order Date" is never read as "Date".
"""

from __future__ import annotations

WEAK_QUALITY = 0.55
GENERIC_QUALITY = 0.8

VOCABULARY: dict[str, dict[str, str]] = {
    "invoice_number": {
        "en": "~ref|~our ref|~reference|invoice ref|invoice reference|invoice number|invoice no|invoice nr|"
        "invoice num|invoice #|invoice id|inv no|inv #|inv nr|bill number|bill no|credit note number|"
        "credit note no|credit memo #|credit memo no|credit memo number|?document number|?document no|"
        "~invoice",
        "de": "rechnungsnummer|rechnungsnr|rechnung nr|rechnungs nr|re nr|rechnung no|?belegnummer|"
        "?beleg nr|gutschriftsnummer|gutschriftnummer|gutschrift nr|~rechnung|~gutschrift",
        "fr": "réf. facture|référence facture|référence de la facture|numéro de facture|numero facture|"
        "n° de facture|n° facture|facture n°|facture numéro|no facture|avoir n°|numéro d'avoir|n° d'avoir|"
        "~facture|~avoir",
        "nl": "factuurnummer|factuur nummer|factuurnr|factuur nr|creditnota nummer|creditnotanummer|"
        "~factuur|~creditnota",
    },
    "issue_date": {
        "en": "invoice date|date of invoice|date of issue|issue date|issued on|billing date|document date|"
        "credit note date|tax point|tax point date|date of tax point|?date",
        "de": "rechnungsdatum|rechnungs datum|belegdatum|ausstellungsdatum|gutschriftsdatum|?datum",
        "fr": "date de facture|date de facturation|date facture|date d'émission|date d'emission|facturé le|"
        "date de l'avoir",
        "nl": "factuurdatum|factuur datum|datum factuur|creditnotadatum",
    },
    "due_date": {
        "en": "please pay by|payment due by|pay before|payable by|due date|payment due|payment due date|"
        "due on|due by|pay by|date due|?due",
        "de": "fälligkeitsdatum|fällig am|fällig bis|zahlbar bis|zahlungsziel|fälligkeit|zahlbar am",
        "fr": "à régler avant le|à régler avant|?date limite|date d'échéance|échéance|"
        "date limite de paiement|date limite de règlement|à payer avant le|payable avant le",
        "nl": "uiterlijk betalen op|uiterlijk te betalen op|vervaldatum|vervaldag|uiterste betaaldatum|"
        "te betalen voor|betalen voor",
    },
    "payment_terms": {
        "en": "?payment|payment terms|terms of payment|payment conditions|?terms",
        "de": "?zahlung|konditionen|?zahlungsziel|zahlungsbedingungen|zahlungsbedingung|zahlungskonditionen",
        "fr": "?paiement|modalités de règlement|?règlement|?conditions|conditions de paiement|"
        "conditions de règlement|modalités de paiement|délai de paiement",
        "nl": "?betaling|betalingscondities|betalingsconditie|betalingsvoorwaarden|betalingstermijn|"
        "betaalvoorwaarden|betaaltermijn",
    },
    "purchase_order": {
        "en": "~order number|~order no|?your ref|?your reference|order reference|customer order no|"
        "customer order|po|po number|po no|po #|p.o.|p.o. number|p.o. no|purchase order|"
        "purchase order number|purchase order no|your order|your order no|your order number|customer po|"
        "?order reference",
        "de": "po-nummer|po-nr|bestell-nr|~auftragsnummer|ihre auftragsnummer|ihr auftrag|?ihre referenz|"
        "?ihr zeichen|bestellnummer|bestell nr|ihre bestellung|ihre bestellnummer|ihre bestell nr|"
        "?bestellung",
        "fr": "n° po|numéro de po|n° bon de commande|réf. commande|référence commande|?votre référence|"
        "commande client|bon de commande|votre commande|n° de bon de commande|?commande n°|n° de commande|"
        "numéro de commande",
        "nl": "po-nummer|po nummer|po-nr|~ordernummer|uw referentie|uw bestelling|?referentie klant|"
        "inkoopordernummer|inkooporder|uw ordernummer|uw order|uw bestelnummer|?bestelnummer",
    },
    "vendor_vat_id": {
        "en": "vat registration no|vat no|vat number|vat id|vat reg no|vat registration number|vat reg|"
        "vat/tin|?vat",
        "de": "ust-idnr|ust-id|ustid|ust-id-nr|ust.-id.-nr|umsatzsteuer-id|"
        "umsatzsteuer-identifikationsnummer|mwst-nr|?ust|?mwst",
        "fr": "n° tva|numéro de tva|n° de tva intracommunautaire|tva intracommunautaire|n° de tva|?tva",
        "nl": "btw nummer|btw-nr|btw nr|btw-id|btw identificatienummer|?btw",
    },
    "buyer_vat_id": {
        "en": "customer vat no|customer vat reg no|your vat reg no|customer vat id no|your vat number|"
        "your vat no|customer vat|customer vat number|customer vat id|buyer vat|client vat",
        "de": "ust-idnr kunde|ust-idnr. kunde|kunden-ust-idnr|ust-id kunde|ihre ust-idnr|"
        "ust-idnr des kunden|ihre ust-id|ihre ustid",
        "fr": "n° tva client|n° tva intracommunautaire client|tva intracom. client|votre n° tva|"
        "n° tva client|tva client|votre numéro de tva",
        "nl": "btw-nummer klant|btw nr klant|uw btw nr|uw btw nummer|uw btw-nummer|btw nummer klant|"
        "btw klant",
    },
    "vendor_tax_id": {
        "en": "tax id|tax number|ein|gstin|abn|pan",
        "de": "steuernummer|steuer-nr|st.-nr|handelsregister|hrb",
        "fr": "siret|siren|rcs",
        "nl": "kvk|kvk nummer|kvk-nummer",
    },
    "vendor_iban": {
        "en": "iban|iban no",
        "de": "iban",
        "fr": "iban",
        "nl": "iban",
    },
    "vendor_bic": {
        "en": "bic|swift|bic/swift|swift/bic|swift code|bic code",
        "de": "bic|swift",
        "fr": "bic|code bic",
        "nl": "bic",
    },
    "total_net": {
        "en": "subtotal|sub total|sub-total|net amount|net total|total net|total excl. vat|"
        "total excluding vat|total before tax|amount excl. vat|total excl. tax|total net amount|?net",
        "de": "nettobetrag|nettosumme|summe netto|gesamt netto|netto gesamt|zwischensumme|warenwert|"
        "rechnungsbetrag netto|?netto",
        "fr": "total ht|montant ht|sous-total|sous total|total hors taxes|base ht|montant hors taxes|"
        "montant eur ht",
        "nl": "totaal excl. btw|totaal excl btw|subtotaal|exclusief btw|excl. btw|netto bedrag|grondslag|"
        "bedrag excl. btw|totaal exclusief btw",
    },
    "total_tax": {
        "en": "vat|tax|sales tax|vat amount|tax amount|total vat|total tax|gst|vat total",
        "de": "umsatzsteuer gesamt|mwst. gesamt|mwst gesamt|ust gesamt|steuer gesamt|gesamt mwst|mwst|"
        "mwst.|ust|umsatzsteuer|mehrwertsteuer|mwst-betrag|mwst betrag|?steuer|summe mwst",
        "fr": "tva|montant tva|total tva|taxes",
        "nl": "btw totaal|btw|btw bedrag|totaal btw|btw-bedrag",
    },
    "total": {
        "en": "total|grand total|total amount|invoice total|total incl. vat|total including vat|"
        "total inc vat|total with vat|total (incl. vat)|?total due|~amount",
        "de": "gesamtbetrag|gesamtsumme|rechnungsbetrag|endbetrag|bruttobetrag|summe brutto|gesamt brutto|"
        "?summe|?gesamt|?brutto|rechnungssumme",
        "fr": "total ttc|montant ttc|total facture|montant total|montant eur ttc|?total",
        "nl": "totaal|totaal incl. btw|totaalbedrag|factuur totaal|factuurbedrag|totaal inclusief btw",
    },
    "amount_due": {
        "en": "amount due|balance due|total due|amount payable|please pay|amount to pay|total amount due|"
        "?balance|total to pay",
        "de": "zahlbetrag|zu zahlen|offener betrag|fälliger betrag|noch zu zahlen|zu zahlender betrag",
        "fr": "montant dû|net à payer|somme à payer|reste à payer|montant à payer|solde à régler|"
        "solde à payer|solde dû",
        "nl": "te betalen|openstaand bedrag|totaal te betalen|nog te betalen",
    },
    "vendor_name": {
        "en": "sold by|seller|vendor|supplier|service provider|issued by|payable to|pay to|beneficiary|"
        "account holder|account name|in favour of|in favor of",
        "de": "verkäufer|lieferant|rechnungssteller|kontoinhaber|zahlungsempfänger",
        "fr": "vendeur|fournisseur|émetteur|titulaire du compte|bénéficiaire",
        "nl": "leverancier|verkoper|rekeninghouder|begunstigde|ten name van",
    },
    "buyer_name": {
        "en": "~to|bill to|billed to|invoice to|sold to|ship to|customer|buyer|billing address|"
        "shipping address|delivery address|invoice address|bill to address|deliver to",
        "de": "rechnungsanschrift|~an|rechnungsempfänger|rechnungsadresse|kunde|käufer|lieferadresse|"
        "leistungsempfänger|lieferanschrift",
        "fr": "facturé à|adresse de facturation|adresse de livraison|client|destinataire|acheteur|livré à",
        "nl": "~aan|factuuradres|afleveradres|klant|koper|geleverd aan|gefactureerd aan|leveradres",
    },
    "_other": {
        "en": "customer number|customer no|customer id|account number|account no|order id|order date|"
        "delivery date|date shipped|ship date|shipping date|page|phone|tel|fax|email|e-mail|booking id|"
        "date of supply|supply date|date of delivery|service date|service period end|dispatch date|"
        "contract no|reference|po box|billing period|service period|period|check in|check out|"
        "invoice summary|client ref|customer ref|"
        "client reference|customer reference|aba/routing|aba routing|routing number|routing no|aba",
        "de": "kundennummer|kundennr|kunden nr|kunden-nr|auftrag|bestelldatum|lieferdatum|leistungsdatum|"
        "liefer-/leistungsdatum|lieferungsdatum|"
        "lieferscheinnummer|seite|telefon|leistungszeitraum|zeitraum|kto-nr|blz|vorsitz|kontonummer",
        "fr": "n° client|numéro client|id client|id.client|numéro de dossier|dossier|date de commande|"
        "date de livraison|date de prestation|téléphone|période|numéro de ligne|référence client|réf. client|"
        "ref client",
        "nl": "klantnummer|klant nr|orderdatum|leverdatum|afleverdatum|leveringsdatum|pagina|telefoon|"
        "periode|order",
    },
    "col:description": {
        "en": "description|item description|product|product title|product description|service|~item|details",
        "de": "beschreibung|bezeichnung|artikelbezeichnung|leistung|~artikel",
        "fr": "désignation|libellé|description|produit",
        "nl": "omschrijving|product|~artikel",
    },
    "col:sku": {
        "en": "sku|item no|item #|product code|part number|part no|article no|code",
        "de": "~material|materialnummer|material-nr|art.-nr.|art.-nr|artikelnummer|artikel-nr|art nr|"
        "artikelnr",
        "fr": "réf.|réf|référence|ref",
        "nl": "artikelnummer|artikelnr|art.nr",
    },
    "col:quantity": {
        "en": "qty|quantity|qnty|hours|~units",
        "de": "menge|anzahl|stück|stk",
        "fr": "qté|quantité|nombre|qte",
        "nl": "aantal|hoeveelheid",
    },
    "col:unit": {
        "en": "u/m|unit|uom",
        "de": "einh.|einh|me|einheit|me",
        "fr": "unité",
        "nl": "eenheid",
    },
    "col:unit_price": {
        "en": "unit price|price|rate|unit cost|price per unit",
        "de": "einzelpreis|preis|vk-preis|e-preis|stückpreis|ep",
        "fr": "prix unitaire|p.u.|p.u. ht|prix|prix unit. ht|pu ht",
        "nl": "prijs|prijs per stuk|stukprijs|eenheidsprijs",
    },
    "col:tax_rate": {
        "en": "vat %|tax %|tax(%)|taxes|vat rate|tax rate|~vat|~tax",
        "de": "mwst. %|mwst %|ust %|steuersatz|~mwst|~mwst.",
        "fr": "tva %|taux tva|% tva|~tva",
        "nl": "btw %|btw-tarief|~btw",
    },
    "col:amount": {
        "en": "net|line amount|net value|ext. price|extended price|amount|total|line total|net amount|"
        "amount (net)|subtotal",
        "de": "g-preis|gesamt netto|netto|positionsbetrag|betrag|gesamt|gesamtpreis|zeilenbetrag|summe|"
        "nettobetrag",
        "fr": "montant net|total ligne|montant|montant ht|total ht|total",
        "nl": "netto|totaal excl. btw|bedrag|totaal|prijs incl. btw|bedrag excl. btw",
    },
    "col:discount": {
        "en": "disc.%|discount|disc.",
        "de": "rabatt",
        "fr": "remise",
        "nl": "korting",
    },
    "col:position": {
        "en": "no.|no|line no|pos|#|line",
        "de": "nr.|nr|pos.|pos|position",
        "fr": "n°|ligne",
        "nl": "nr.|nr|regel",
    },
}

CREDIT_NOTE_WORDS = (
    "credit note|credit memo|gutschrift|rechnungskorrektur|avoir|facture d'avoir|note de crédit|"
    "creditnota|creditfactuur"
)
INVOICE_WORDS = "invoice|tax invoice|rechnung|facture|factuur|bill"

# Short words that give a page's language away even without labels (space-separated).
FUNCTION_WORDS: dict[str, str] = {
    "en": "the and of for to your with this is are please from by",
    "de": "der die das und für mit ihre bitte wir sie ist von zu den dem",
    "fr": "le la les et pour avec votre vous des du est au nous sur",
    "nl": "de het en voor met uw je van een is zijn wij niet op",
}
