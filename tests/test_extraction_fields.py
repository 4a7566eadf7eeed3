"""End-to-end header extraction on invoices laid out in the tests: labels beside and above values,
four languages, decimal commas, a credit note, buyer blocks, OCR-like pages and a real PDF text layer."""

from __future__ import annotations

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from capture.text_layer import read_text_layer
from extraction import extract_fields
from tests.extraction_fixtures import page, right_aligned

VALID_DE_VAT = "DE812345673"  # check digit computed for this test
EXAMPLE_IBAN = "DE89370400440532013000"  # the textbook example IBAN: valid checksum


def us_invoice_rows():
    return [
        (40, [(50, "INVOICE"), (380, "Acme Tools Inc.")]),
        (54, [(380, "120 Main Street")]),
        (68, [(380, "Springfield, IL 62701")]),
        (82, [(380, "Phone (217) 555-0100")]),
        (110, [(50, "Bill to:"), (330, "Invoice Number:"), (440, "INV-2026-0117")]),
        (124, [(50, "Globex Corporation"), (330, "Invoice Date:"), (440, "03/04/2026")]),
        (138, [(50, "42 Elm Road"), (330, "Due Date:"), (440, "04/03/2026")]),
        (152, [(50, "Shelbyville, IL 62565"), (330, "PO Number:"), (440, "PO-7781")]),
        (166, [(330, "Terms:"), (440, "Net 30")]),
        (220, [(50, "Description"), (300, "Qty"), (360, "Unit Price"), (480, "Amount")]),
        (236, [(50, "Cordless drill 18V"), right_aligned(320, "2"), right_aligned(410, "149.00"),
               right_aligned(530, "298.00")]),
        (250, [(50, "with two batteries")]),
        (266, [(50, "Safety gloves"), right_aligned(320, "10"), right_aligned(410, "7.50"),
               right_aligned(530, "75.00")]),
        (282, [(50, "Tool case"), right_aligned(320, "1"), right_aligned(410, "627.00"),
               right_aligned(530, "627.00")]),
        (330, [(380, "Subtotal"), right_aligned(530, "1,000.00")]),
        (344, [(380, "Sales Tax 8%"), right_aligned(530, "80.00")]),
        (358, [(380, "Total"), right_aligned(530, "1,080.00")]),
        (372, [(380, "Balance Due"), right_aligned(530, "$1,080.00")]),
    ]  # fmt: skip


def german_invoice_rows():
    return [
        (40, [(50, "Müller Werkzeuge GmbH · Hauptstraße 5 · 10115 Berlin")]),
        (80, [(50, "Rechnungsempfänger")]),
        (94, [(50, "Beispiel Handels AG")]),
        (108, [(50, "Am Markt 3")]),
        (122, [(50, "20095 Hamburg")]),
        (170, [(50, "Rechnung")]),
        (200, [(50, "Rechnungsnr."), (180, "Rechnungsdatum"), (310, "Fällig am"), (420, "Kundennr.")]),
        (214, [(50, "RE-2026-0815"), (180, "14.03.2026"), (310, "28.03.2026"), (420, "K-1001")]),
        (260, [(50, "Pos."), (80, "Bezeichnung"), (300, "Menge"), (360, "Einzelpreis"), (480, "Betrag")]),
        (276, [(50, "1"), (80, "Schraubendreher-Set"), right_aligned(330, "3"), right_aligned(415, "19,90"),
               right_aligned(530, "59,70")]),
        (292, [(50, "2"), (80, "Werkbank"), right_aligned(330, "1"), right_aligned(415, "940,30"),
               right_aligned(530, "940,30")]),
        (340, [(360, "Nettobetrag"), right_aligned(530, "1.000,00 €")]),
        (354, [(360, "MwSt. 19 %"), right_aligned(530, "190,00 €")]),
        (368, [(360, "Gesamtbetrag"), right_aligned(530, "1.190,00 €")]),
        (400, [(50, "Zahlungsbedingungen: 14 Tage netto")]),
        (780, [(50, "Müller Werkzeuge GmbH"), (250, f"USt-IdNr. {VALID_DE_VAT}")]),
        (794, [(50, "Hauptstraße 5, 10115 Berlin"), (250, "IBAN DE89 3704 0044 0532 0130 00")]),
        (808, [(250, "BIC COBADEFFXXX")]),
    ]  # fmt: skip


def french_invoice_rows():
    return [
        (50, [(50, "DUPONT & FILS SARL")]),
        (64, [(50, "12 rue de la Paix")]),
        (78, [(50, "75002 Paris")]),
        (120, [(330, "Facturé à :")]),
        (134, [(330, "Librairie Martin")]),
        (148, [(330, "8 avenue Foch")]),
        (162, [(330, "69006 Lyon")]),
        (200, [(50, "FACTURE N° F2026-042")]),
        (214, [(50, "Date de facture : 4 mars 2026")]),
        (228, [(50, "Date d'échéance : 3 avril 2026")]),
        (244, [(50, "Bon de commande : BC-5512")]),
        (400, [(360, "Total HT"), right_aligned(530, "1 234,56 €")]),
        (414, [(360, "TVA 20 %"), right_aligned(530, "246,91 €")]),
        (428, [(360, "Total TTC"), right_aligned(530, "1 481,47 €")]),
        (460, [(50, "Conditions de paiement : 30 jours fin de mois")]),
    ]


def values(extraction) -> dict[str, str]:
    return {name: found.value for name, found in extraction.fields.items()}


def test_english_invoice_with_labels_left_of_values():
    extraction = extract_fields([page(us_invoice_rows())])
    expected = {
        "document_type": "invoice",
        "invoice_number": "INV-2026-0117",
        "issue_date": "2026-03-04",
        "due_date": "2026-04-03",
        "purchase_order": "PO-7781",
        "payment_terms": "Net 30",
        "currency": "USD",
        "total_net": "1000.00",
        "total_tax": "80.00",
        "total": "1080.00",
        "amount_due": "1080.00",
        "vendor_name": "Acme Tools Inc.",
        "vendor_address": "120 Main Street\nSpringfield, IL 62701",  # the phone line is no address
        "buyer_name": "Globex Corporation",
    }
    assert {name: values(extraction).get(name) for name in expected} == expected
    assert extraction.language == "en"


def test_ambiguous_dates_follow_the_documents_currency_and_language():
    extraction = extract_fields([page(us_invoice_rows())])
    assert extraction.locale_hints["date_order"] == "mdy"  # USD and English, no day above 12
    rows = [r if r[0] != 138 else (138, [(330, "Due Date:"), (440, "03/25/2026")]) for r in us_invoice_rows()]
    rows = [(y, [(x, t.replace("$", "€")) for x, t in cells]) for y, cells in rows]
    decided = extract_fields([page(rows)])
    assert decided.locale_hints == {"date_order": "mdy", "date_order_reason": "unambiguous date"}


def test_a_us_letter_page_in_english_reads_dates_month_first_whatever_the_currency():
    rows = [
        (100, [(50, "Invoice No: 77")]),
        (114, [(50, "Invoice date: 03/04/2026")]),
        (300, [(300, "Total"), right_aligned(530, "€ 12.00")]),
    ]
    letter = extract_fields([page(rows, width=612, height=792)])
    assert letter.locale_hints["date_order"] == "mdy"
    assert values(letter)["issue_date"] == "2026-03-04"
    assert extract_fields([page(rows)]).locale_hints["date_order"] == "dmy"  # the same on A4


def test_european_dates_are_day_first():
    rows = [
        (100, [(50, "Invoice No: 77")]),
        (114, [(50, "Invoice date: 03/04/2026")]),
        (300, [(300, "Total"), right_aligned(530, "€ 12,00")]),
    ]
    extraction = extract_fields([page(rows)])
    assert extraction.locale_hints["date_order"] == "dmy"
    assert values(extraction)["issue_date"] == "2026-04-03"


def test_german_invoice_with_labels_above_values_and_decimal_commas():
    extraction = extract_fields([page(german_invoice_rows())])
    expected = {
        "document_type": "invoice",
        "invoice_number": "RE-2026-0815",
        "issue_date": "2026-03-14",
        "due_date": "2026-03-28",
        "currency": "EUR",
        "total_net": "1000.00",
        "total_tax": "190.00",
        "total": "1190.00",
        "payment_terms": "14 Tage netto",
        "vendor_name": "Müller Werkzeuge GmbH",
        "vendor_address": "Hauptstraße 5\n10115 Berlin",  # from the return-address line
        "buyer_name": "Beispiel Handels AG",
        "vendor_vat_id": VALID_DE_VAT,
        "vendor_iban": EXAMPLE_IBAN,
        "vendor_bic": "COBADEFFXXX",
    }
    assert {name: values(extraction).get(name) for name in expected} == expected
    assert extraction.language == "de"


def test_a_missing_purchase_order_is_left_out_not_guessed():
    extraction = extract_fields([page(german_invoice_rows())])
    assert "purchase_order" not in extraction.fields
    assert "K-1001" not in values(extraction).values()  # the customer number is no field


def test_french_invoice():
    extraction = extract_fields([page(french_invoice_rows())])
    expected = {
        "invoice_number": "F2026-042",
        "issue_date": "2026-03-04",
        "due_date": "2026-04-03",
        "purchase_order": "BC-5512",
        "currency": "EUR",
        "total_net": "1234.56",
        "total_tax": "246.91",
        "total": "1481.47",
        "vendor_name": "DUPONT & FILS SARL",
        "buyer_name": "Librairie Martin",
        "payment_terms": "30 jours fin de mois",
    }
    assert {name: values(extraction).get(name) for name in expected} == expected
    assert extraction.language == "fr"


def centred(middle: float, phrase: str, size: float = 10.0) -> tuple[float, str]:
    """(x, phrase) so that the phrase is centred on `middle`, as in a centred letterhead."""
    start, _ = right_aligned(middle, phrase, size)
    return ((start + middle) / 2, phrase)


def test_a_centred_letterhead_keeps_its_address_lines():
    letterhead = {50: "DUPONT & FILS SARL", 64: "12 rue de la Paix", 78: "75002 Paris"}
    rows = [(y, [centred(300, letterhead[y])] if y in letterhead else c) for y, c in french_invoice_rows()]
    extraction = extract_fields([page(rows)])
    assert values(extraction)["vendor_name"] == "DUPONT & FILS SARL"
    assert values(extraction)["vendor_address"] == "12 rue de la Paix\n75002 Paris"


def test_an_amount_to_pay_stands_for_the_total_when_no_total_is_printed():
    rows = [
        (100, [(50, "Facture N° 991")]),
        (300, [(360, "Montant HT"), right_aligned(530, "100,00 €")]),
        (314, [(360, "TVA 20 %"), right_aligned(530, "20,00 €")]),
        (328, [(360, "Net à payer"), right_aligned(530, "120,00 €")]),
    ]
    found = values(extract_fields([page(rows)]))
    assert (found["total"], found["amount_due"]) == ("120.00", "120.00")


def test_swiss_vat_numbers_keep_their_printed_punctuation():
    rows = [
        (100, [(50, "Rechnungsnummer: 5512")]),
        (114, [(50, "MWST-Nr. CHE-123.456.788 MWST")]),
        (300, [(300, "Total"), right_aligned(530, "CHF 12.00")]),
    ]
    assert values(extract_fields([page(rows)]))["vendor_vat_id"] == "CHE-123.456.788MWST"


def test_a_dot_ocr_read_inside_a_vat_number_is_not_kept():
    rows = [
        (100, [(50, "Invoice number: 5512")]),
        (114, [(50, "VAT No: GB 7195718.05")]),
        (300, [(300, "Total"), right_aligned(530, "£12.00")]),
    ]
    assert values(extract_fields([page(rows)]))["vendor_vat_id"] == "GB719571805"


def test_wide_word_spacing_of_a_scan_keeps_labels_whole():
    rows = [
        (100, [(50, "Facture N° 2024-118")]),
        (114, [(50, "Bon de commande n°: 4500960363")]),
        (128, [(50, "Payment terms: Payment due within 45 days")]),
        (300, [(300, "Total TTC"), right_aligned(530, "1 074,67 €")]),
    ]
    scan = page(rows, unit="px", confidence=0.9, scale=300 / 72, space=1.1)  # spaces as wide as letters
    found = values(extract_fields([scan]))
    assert found["purchase_order"] == "4500960363"
    assert found["payment_terms"] == "Payment due within 45 days"
    assert found["total"] == "1074.67"


def test_a_label_with_its_value_beside_it_takes_nothing_from_the_row_below():
    rows = [
        (100, [(330, "Invoice No: 2024+77")]),  # an odd-looking number, but the one beside the label
        (114, [(330, "Warehouse 560067")]),
        (300, [(300, "Total"), right_aligned(530, "€ 12,00")]),
    ]
    assert values(extract_fields([page(rows)]))["invoice_number"] == "2024+77"


def test_a_label_word_in_a_sentence_heads_no_column():
    rows = [
        (300, [(300, "Total"), right_aligned(530, "€ 12,00")]),
        (400, [(50, "Please quote the invoice number with your payment.")]),
        (414, [(50, "Bank giro 4471 2209 8812")]),
    ]
    assert "invoice_number" not in extract_fields([page(rows)]).fields


def test_the_buyer_block_is_not_taken_for_the_vendor():
    # Only the buyer's name carries a legal form; the vendor's letterhead has none.
    rows = [
        (40, [(50, "Sunrise Bakery")]),
        (54, [(50, "7 Mill Lane")]),
        (68, [(50, "Oxford OX1 2AB")]),
        (120, [(50, "Invoice to:")]),
        (134, [(50, "Grand Hotel Holdings Ltd")]),
        (148, [(50, "99 Queens Road")]),
        (162, [(50, "London SW1A 1AA")]),
        (200, [(50, "Invoice No: 5531")]),
        (400, [(380, "Total"), right_aligned(530, "£ 310.00")]),
    ]
    extraction = extract_fields([page(rows)])
    assert values(extraction)["vendor_name"] == "Sunrise Bakery"
    assert values(extraction)["buyer_name"] == "Grand Hotel Holdings Ltd"


def test_credit_note_with_negative_totals():
    rows = [
        (40, [(50, "Northwind Supplies Ltd")]),
        (54, [(50, "1 Harbour Way")]),
        (68, [(50, "Bristol BS1 5TR")]),
        (120, [(50, "CREDIT NOTE")]),
        (140, [(50, "Credit Note No: CN-0042")]),
        (154, [(50, "Date: 12/03/2026")]),
        (300, [(360, "Net"), right_aligned(530, "-100.00")]),
        (314, [(360, "VAT 20%"), right_aligned(530, "-20.00")]),
        (328, [(360, "Total"), right_aligned(530, "£-120.00")]),
    ]
    extraction = extract_fields([page(rows)])
    got = {n: values(extraction).get(n) for n in ("document_type", "invoice_number", "total", "total_net")}
    assert got == {
        "document_type": "credit_note",
        "invoice_number": "CN-0042",
        "total": "-120.00",
        "total_net": "-100.00",
    }
    assert values(extraction)["total_tax"] == "-20.00"
    assert values(extraction)["currency"] == "GBP"


def test_net_plus_tax_equal_to_total_picks_the_right_subtotal():
    rows = [
        (100, [(50, "Invoice # 1203")]),
        (200, [(380, "Subtotal"), right_aligned(530, "40.00")]),
        (214, [(380, "Subtotal"), right_aligned(530, "60.00")]),
        (240, [(300, "Subtotal"), right_aligned(530, "100.00")]),
        (254, [(300, "Tax 7% on 100.00"), right_aligned(530, "7.00")]),
        (268, [(300, "Total"), right_aligned(530, "107.00")]),
    ]
    extraction = extract_fields([page(rows)])
    got = {n: extraction.fields[n].value for n in ("total_net", "total_tax", "total")}
    assert got == {"total_net": "100.00", "total_tax": "7.00", "total": "107.00"}
    assert all(extraction.fields[n].confidence >= 0.95 for n in got)


def test_an_amount_confirmed_by_arithmetic_is_surer_than_a_lone_total():
    confirmed = extract_fields([page(us_invoice_rows())]).fields["total"].confidence
    lone = extract_fields([page([(100, [(50, "Invoice No: 9")]), (300, [(380, "Total 50.00")])])])
    assert lone.fields["total"].value == "50.00"
    assert confirmed >= 0.95 > 0.9 > lone.fields["total"].confidence


def test_evidence_points_at_the_printed_words():
    extraction = extract_fields([page(us_invoice_rows())])
    evidence = extraction.fields["total"].evidence
    x0, _ = right_aligned(530, "1,080.00")
    assert (evidence.page, evidence.unit, evidence.text) == (1, "pt", "1,080.00")
    assert evidence.box == pytest.approx((x0, 358, 530, 368))


def test_ocr_page_with_an_amount_on_its_own_line_and_misread_letters():
    rows = [
        (60, [(50, "Gr0ve Widgets LLC")]),  # OCR read a zero for the o
        (74, [(50, "500 Harbor Blvd, Seattle, WA 98101")]),
        (120, [(50, "lnvoice Number:")]),  # OCR read a lower-case l for the I
        (120, [(200, "lNV-83310572")]),  # tesseract put the value on a line of its own
        (134, [(50, "Invoice Date: March 3 , 2026")]),
        (300, [(50, "Total for this invoice")]),
        (300, [(480, "$4.11")]),
    ]
    ocr_page = page(rows, unit="px", confidence=0.9, scale=300 / 72)
    extraction = extract_fields([ocr_page])
    names = ("invoice_number", "issue_date", "total", "currency", "vendor_name")
    assert {n: values(extraction).get(n) for n in names} == {
        "invoice_number": "INV-83310572",
        "issue_date": "2026-03-03",
        "total": "4.11",
        "currency": "USD",
        "vendor_name": "Grove Widgets LLC",
    }
    assert extraction.fields["total"].evidence.unit == "px"
    assert extraction.fields["vendor_name"].evidence.text == "Gr0ve Widgets LLC"  # evidence stays as read
    assert extraction.fields["total"].confidence < 0.9  # OCR words are less sure than a text layer


def test_nothing_is_defaulted_on_a_page_without_invoice_fields():
    rows = [(100, [(50, "Dear customer, thank you for your letter.")]), (114, [(50, "Kind regards")])]
    assert extract_fields([page(rows)]).fields == {}
    assert extract_fields([]).fields == {}


def test_a_real_pdf_text_layer(tmp_path):
    path = tmp_path / "invoice.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    pdf.setFont("Helvetica", 10)
    for x, y, text in [
        (50, 60, "Bluebird Design B.V."),
        (50, 74, "Keizersgracht 100"),
        (50, 88, "1015 AA Amsterdam"),
        (50, 160, "Factuurnummer: 2026-118"),
        (50, 174, "Factuurdatum: 19 april 2026"),
        (360, 400, "Totaal excl. BTW"),
        (360, 414, "BTW 21%"),
        (360, 428, "Totaal"),
    ]:
        pdf.drawString(x, height - y - 8, text)
    for y, amount in [(400, "€ 200,00"), (414, "€ 42,00"), (428, "€ 242,00")]:
        pdf.drawRightString(530, height - y - 8, amount)
    pdf.save()
    with pdfplumber.open(path) as document:
        extraction = extract_fields([read_text_layer(document, 1)])
    expected = {
        "invoice_number": "2026-118",
        "issue_date": "2026-04-19",
        "total_net": "200.00",
        "total_tax": "42.00",
        "total": "242.00",
        "currency": "EUR",
        "vendor_name": "Bluebird Design B.V.",
    }
    assert {name: values(extraction).get(name) for name in expected} == expected
    assert extraction.fields["total"].evidence.unit == "pt"
    assert extraction.language == "nl"
