"""Header extraction that holds on OCR text and on less usual layouts: table rules before column labels,
misread label words, terms printed with their own heading word, attention lines in the buyer block,
a legal form wrapped onto its own line, and names that only the trained model speaks for."""

from __future__ import annotations

from extraction import extract_fields
from extraction.parse_amounts import parse_amount
from extraction.spacy.text import RowSpan
from tests.extraction_fixtures import page, right_aligned


def values(extraction) -> dict[str, str]:
    return {name: found.value for name, found in extraction.fields.items()}


def _scan(rows, confidence: float = 0.9):
    return page(rows, unit="px", confidence=confidence, scale=300 / 72)


def test_a_column_label_behind_a_table_rule_still_heads_its_value():
    rows = [
        (100, [(50, "| Invoice no"), (200, "| Invoice Date")]),
        (116, [(58, "00008609"), (208, "03/12/2024")]),
        (300, [(300, "Total"), right_aligned(530, "€ 12,00")]),
    ]
    found = values(extract_fields([_scan(rows)]))
    assert (found["invoice_number"], found["issue_date"]) == ("00008609", "2024-12-03")


def test_a_misread_degree_sign_and_a_misread_letter_in_a_long_label():
    rows = [
        (100, [(50, 'FACTURE N"')]),
        (116, [(50, "F2024-6527")]),
        (160, [(50, "NUMERO DE PACTURE")]),
        (176, [(50, "202603497")]),
        (300, [(300, "Total TTC"), right_aligned(530, "12,00 €")]),
    ]
    first = values(extract_fields([_scan(rows[:2] + rows[4:])]))
    second = values(extract_fields([_scan(rows[2:])]))
    assert (first["invoice_number"], second["invoice_number"]) == ("F2024-6527", "202603497")


def test_a_client_reference_is_not_the_invoice_number():
    rows = [
        (100, [(50, "Client ref.:"), (200, "CUST-42499")]),
        (300, [(300, "Total"), right_aligned(530, "€ 12,00")]),
    ]
    assert "invoice_number" not in extract_fields([page(rows)]).fields


def test_a_credit_memo_number_is_the_document_number():
    rows = [
        (100, [(300, "Credit memo #:"), (420, "CN-INV/2025/06/0423")]),
        (300, [(300, "Total"), right_aligned(530, "-$ 12.00")]),
    ]
    assert values(extract_fields([page(rows)]))["invoice_number"] == "CN-INV/2025/06/0423"


def test_payment_terms_keep_their_own_heading_word_and_closing_words():
    dutch = [(100, [(50, "Betaling: Betaaltermijn 30 dagen")])]
    french = [(100, [(50, "Conditions de paiement: Règlement à 10 jours date de facture")])]
    assert values(extract_fields([page(dutch)]))["payment_terms"] == "Betaaltermijn 30 dagen"
    assert values(extract_fields([page(french)]))["payment_terms"] == "Règlement à 10 jours date de facture"


def test_payment_terms_get_back_the_accent_ocr_dropped():
    rows = [(100, [(50, "Conditions de paiement: Paiement a 45 jours")])]
    assert values(extract_fields([_scan(rows)]))["payment_terms"] == "Paiement à 45 jours"


def _letterhead():
    return [
        (40, [(50, "Redbrick Digital Ltd")]),
        (54, [(50, "174 Kings Road")]),
        (68, [(50, "Bristol BS15 4ZU")]),
        (400, [(380, "Total"), right_aligned(530, "£ 310.00")]),
    ]


def test_an_attention_line_is_never_the_buyers_name():
    rows = [
        *_letterhead(),
        (120, [(50, "Bill to")]),
        (134, [(50, "Attn: Accounts Payable")]),
        (148, [(50, "Fennick Retail Ltd")]),
        (162, [(50, "6 Church Lane")]),
        (176, [(50, "Oxford OX1 4JH")]),
    ]
    assert values(extract_fields([page(rows)], use_ner=False))["buyer_name"] == "Fennick Retail Ltd"


def test_a_legal_form_wrapped_onto_its_own_line_does_not_open_the_address():
    rows = [
        (40, [(50, "Rechnung")]),
        (700, [(50, "Becker & Schneider GmbH & Co.")]),
        (714, [(50, "KG")]),
        (728, [(50, "Hafenstraße 90a")]),
        (742, [(50, "86164 Augsburg")]),
        (400, [(380, "Gesamtbetrag"), right_aligned(530, "310,00 €")]),
    ]
    assert values(extract_fields([page(rows)]))["vendor_address"] == "Hafenstraße 90a\n86164 Augsburg"


def test_a_right_aligned_letterhead_keeps_its_whole_address():
    rows = [
        right_aligned_row(40, "de Vries B.V."),
        right_aligned_row(54, "Stationsstraat 242"),
        right_aligned_row(68, "3813 AC Amersfoort"),
        (400, [(380, "Totaal"), right_aligned(530, "310,00 €")]),
    ]
    found = values(extract_fields([page(rows)], use_ner=False))
    assert found["vendor_address"] == "Stationsstraat 242\n3813 AC Amersfoort"


def right_aligned_row(top: float, phrase: str):
    return (top, [right_aligned(530, phrase)])


def test_a_name_only_the_model_calls_the_vendor_rests_on_the_model(monkeypatch):
    rows = [
        (40, [(50, "Kopie factuur")]),
        (300, [(50, "Northwind")]),
        (400, [(380, "Totaal"), right_aligned(530, "310,00 €")]),
    ]
    monkeypatch.setattr("extraction.parties.predict_entities", lambda layout: [RowSpan("VENDOR", 1, 0, 1)])
    vendor = extract_fields([page(rows)]).fields["vendor_name"]
    assert (vendor.value, vendor.basis) == ("Northwind", "model")
    assert vendor.confidence < 0.5


def test_the_model_alone_does_not_make_the_labelled_buyer_the_vendor(monkeypatch):
    rows = [
        (40, [(50, "Factuuradres")]),
        (54, [(50, "Strategic Corp")]),
        (68, [(50, "Fakestreet 46")]),
        (82, [(50, "3500 MJ Utrecht")]),
        (400, [(380, "Totaal"), right_aligned(530, "310,00 €")]),
    ]
    monkeypatch.setattr("extraction.parties.predict_entities", lambda layout: [RowSpan("VENDOR", 1, 0, 2)])
    found = values(extract_fields([page(rows)]))
    assert found.get("vendor_name") is None
    assert found["buyer_name"] == "Strategic Corp"


def test_an_amount_whose_decimal_comma_ocr_read_as_a_point():
    assert parse_amount("4.914.24") == "4914.24"
    assert parse_amount("1,730,24") == "1730.24"
    assert parse_amount("1.234.567") == "1234567.00"  # three digits after the last point still group


def test_net_inside_payment_terms_labels_no_amount():
    rows = [
        (100, [(50, "Invoice No: 5531")]),
        (300, [(50, "Terms: Net 45")]),
    ]
    assert "total_net" not in extract_fields([page(rows)]).fields


def test_an_invoice_number_label_says_invoice_when_ocr_lost_the_title():
    rows = [
        (100, [(50, "Rechnungs-Nr.:"), (200, "202405305")]),
        (300, [(300, "Gesamtbetrag"), right_aligned(530, "12,00 €")]),
    ]
    document_type = extract_fields([_scan(rows)]).fields["document_type"]
    assert document_type.value == "invoice"
    assert document_type.confidence < 0.7  # a label is weaker evidence than a printed title


def test_a_letter_spaced_title_names_the_document_type():
    rows = [(40, [(50, "R E C H N U N G")]), (300, [(300, "Gesamtbetrag"), right_aligned(530, "12,00 €")])]
    assert extract_fields([_scan(rows)]).fields["document_type"].confidence >= 0.7


def test_an_identifier_split_before_its_dash_is_read_whole():
    rows = [
        (100, [(50, "Factuurnr.:"), (200, "INV -2024-05659")]),
        (300, [(300, "Totaal"), right_aligned(530, "12,00 €")]),
    ]
    assert values(extract_fields([_scan(rows)]))["invoice_number"] == "INV-2024-05659"


def test_a_uk_postcode_misread_by_ocr_still_ends_the_address():
    rows = [
        (40, [(50, "Evans & Sons Ltd")]),
        (54, [(50, "143 Church Lane")]),
        (68, [(50, "Sheffield")]),
        (82, [(50, "$13 7UR")]),
        (400, [(380, "Total"), right_aligned(530, "£ 310.00")]),
    ]
    found = values(extract_fields([_scan(rows)], use_ner=False))
    assert found["vendor_address"] == "143 Church Lane\nSheffield\nS13 7UR"


def test_a_later_date_under_the_issue_date_is_the_due_date_when_its_label_was_lost():
    rows = [
        (100, [(300, "Belegdatum:"), (420, "18. April 2026")]),
        (114, [(300, "Ihre Bestellung:"), (420, "P689029")]),
        (128, [(420, "18. Mai 2026")]),
        (300, [(300, "Gesamtbetrag"), right_aligned(530, "12,00 €")]),
    ]
    fields = extract_fields([_scan(rows)]).fields
    assert (fields["issue_date"].value, fields["due_date"].value) == ("2026-04-18", "2026-05-18")
    assert fields["due_date"].confidence < 0.6  # placed like a due date, but no label says so


def test_a_date_under_the_issue_date_that_is_earlier_is_no_due_date():
    rows = [
        (100, [(300, "Invoice date:"), (420, "12/23/2024")]),
        (114, [(420, "12/15/2024")]),
        (300, [(300, "Total"), right_aligned(530, "$ 12.00")]),
    ]
    assert "due_date" not in extract_fields([_scan(rows)]).fields


def test_a_due_date_is_not_also_taken_as_the_unlabelled_issue_date():
    rows = [
        (100, [(300, "Payment due:"), (420, "Feb 21, 2025")]),
        (300, [(300, "Total"), right_aligned(530, "$ 12.00")]),
    ]
    fields = values(extract_fields([_scan(rows)]))
    assert fields["due_date"] == "2025-02-21"
    assert "issue_date" not in fields


def test_an_unlabelled_date_low_on_the_page_is_no_issue_date():
    rows = [
        (300, [(300, "Total"), right_aligned(530, "€ 12,00")]),
        (700, [(50, "17.03.2026")]),  # a receipt stamp
    ]
    assert "issue_date" not in extract_fields([_scan(rows)]).fields


def test_a_shipping_date_is_not_the_invoice_date():
    rows = [
        (100, [(300, "Date shipped:"), (420, "12/15/2024")]),
        (114, [(300, "Date:"), (420, "12/23/2024")]),
    ]
    assert values(extract_fields([page(rows)]))["issue_date"] == "2024-12-23"


def test_a_french_order_number_label():
    rows = [(100, [(300, "N° de commande:"), (420, "PO2024-9664")])]
    assert values(extract_fields([page(rows)]))["purchase_order"] == "PO2024-9664"


def test_a_house_number_beside_a_logo_that_reads_po_is_no_order_number():
    rows = [
        (40, [(50, "PO"), (300, "8020 Lakeview Drive")]),
        (54, [(300, "Chicago, IL 60616")]),
        (300, [(300, "Total"), right_aligned(530, "$ 12.00")]),
    ]
    assert "purchase_order" not in extract_fields([page(rows)]).fields


def test_neither_the_document_title_nor_the_vendors_bank_is_the_vendor():
    rows = [
        (40, [(50, "CREDIT NOTE")]),
        (300, [(300, "Total"), right_aligned(530, "-$ 12.00")]),
        (700, [(50, "Bank name: Lloyds Bank PLC - IBAN: GB33 HBUK 4340 2600 1205 85")]),
    ]
    assert "vendor_name" not in extract_fields([page(rows)], use_ner=False).fields


def test_the_buyers_name_may_overlap_the_label_above_it_on_a_photo():
    rows = [
        (40, [(300, "Blanc & Fils")]),
        (54, [(300, "32 bis allée des Tilleuls")]),
        (68, [(300, "69001 Lyon")]),
        (100, [(50, "Adresse de facturation")]),
        (106, [(50, "Tessera Hôtels SA")]),  # starts above the label's bottom edge
        (120, [(50, "Service comptabilité fournisseurs")]),
        (134, [(50, "114 rue Jacques Cartier")]),
        (148, [(50, "33330 Bordeaux")]),
        (400, [(380, "Total TTC"), right_aligned(530, "310,00 €")]),
    ]
    found = values(extract_fields([page(rows)], use_ner=False))
    assert found["buyer_name"] == "Tessera Hôtels SA"
