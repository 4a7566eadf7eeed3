"""Printed labels found in rows of words, whatever their case, punctuation, splits or OCR slips."""

from __future__ import annotations

import pytest

from extraction.labels import compact, detect_language, find_labels, match_row
from extraction.layout import build_layout
from tests.extraction_fixtures import page


def _fields_in(text: str, *, confidence: float = 1.0) -> list[tuple[str, str]]:
    """(matched words, the header field it labels best) for one printed row; table columns left aside."""
    layout = build_layout([page([(100, [(50, text)])], confidence=confidence)])
    row = layout.rows[0]
    found = []
    for hit in match_row(row):
        best = max((fq for fq in hit.fields if not fq[0].startswith("col:")), key=lambda fq: fq[1])[0]
        found.append((row.text(hit.start, hit.end), best))
    return found


@pytest.mark.parametrize(
    ("printed", "field"),
    [
        ("Invoice No.", "invoice_number"),
        ("INVOICE #", "invoice_number"),
        ("Invoice number:", "invoice_number"),
        ("Rechnungsnummer", "invoice_number"),
        ("Rechnung Nr.", "invoice_number"),
        ("N° de facture", "invoice_number"),
        ("Numéro de facture", "invoice_number"),
        ("Factuurnummer:", "invoice_number"),
        ("Rechnungsdatum", "issue_date"),
        ("Date de facture", "issue_date"),
        ("Factuurdatum", "issue_date"),
        ("Fällig am", "due_date"),
        ("Nettobetrag", "total_net"),
        ("Total HT", "total_net"),
        ("Totaal excl. BTW", "total_net"),
        ("MwSt.", "total_tax"),
        ("Total TTC", "total"),
        ("P.O. Number", "purchase_order"),
        ("Bestellnummer", "purchase_order"),
        ("Bon de commande", "purchase_order"),
        ("Inkoopordernummer", "purchase_order"),
        ("Payment terms", "payment_terms"),
        ("Bill to", "buyer_name"),
        ("Rechnungsempfänger", "buyer_name"),
        ("Facturé à", "buyer_name"),
    ],
)
def test_labels_in_four_languages(printed, field):
    assert _fields_in(printed) == [(printed, field)]


def test_a_word_split_by_kerning_is_still_the_label():
    layout = build_layout([page([(100, [(50, "F"), (55, "actuurnummer: 993548900")])])])
    hits = match_row(layout.rows[0])
    assert [layout.rows[0].text(h.start, h.end) for h in hits] == ["F actuurnummer:"]
    assert hits[0].quality("invoice_number") == 1.0


def test_a_label_glued_to_its_value_is_split_from_it():
    assert _fields_in("Facture n°562044387")[0] == ("Facture n°", "invoice_number")


def test_the_longest_label_wins_over_the_words_inside_it():
    assert _fields_in("Order Date: 12.03.2026 Invoice Date: 14.03.2026") == [
        ("Order Date:", "_other"),
        ("Invoice Date:", "issue_date"),
    ]


def test_labels_do_not_reach_across_a_column_gap():
    layout = build_layout([page([(100, [(50, "Invoice Date:"), (250, "Due Date:")])])])
    fields = [max(h.fields, key=lambda fq: fq[1])[0] for h in match_row(layout.rows[0])]
    assert fields == ["issue_date", "due_date"]


def test_ocr_slips_are_forgiven_only_in_ocr_words():
    assert _fields_in("Rechnungsnurnmer 4711", confidence=0.8) == [("Rechnungsnurnmer", "invoice_number")]
    assert _fields_in("UStld DE123456789", confidence=0.8)[0][1] == "vendor_vat_id"  # l read for I
    assert _fields_in("Rechnungsnurnmer 4711", confidence=1.0) == []  # a text layer spells its labels


def test_forgiven_labels_score_lower_than_exact_ones():
    layout = build_layout([page([(100, [(50, "Rechnungsnurnmer")])], confidence=0.8)])
    assert match_row(layout.rows[0])[0].quality("invoice_number") < 1.0


def test_compact_form_ignores_case_accents_and_punctuation():
    assert compact("N° de Facture:") == compact("no de facture") == "nodefacture"
    assert compact("Numéro") == "numero"


def test_language_from_labels_and_function_words():
    rows = [(100, [(50, "Rechnungsnummer 123")]), (120, [(50, "Bitte zahlen Sie den Betrag")])]
    layout = build_layout([page(rows)])
    assert detect_language(layout, find_labels(layout)) == "de"
    rows = [(100, [(50, "Numéro de facture 123")]), (120, [(50, "Date de facture 01/02/2026")])]
    layout = build_layout([page(rows)])
    assert detect_language(layout, find_labels(layout)) == "fr"
