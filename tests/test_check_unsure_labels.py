"""A value beside a label OCR read unsurely, taken by no field, stops approval: a field may be missing."""

from __future__ import annotations

from extraction import route, validate
from extraction.check_unsure_labels import unsure_label_findings, unsure_labels
from models.extraction import Evidence, Extraction, FieldValue
from models.pagetext import PageText, Word
from tests.extraction_fixtures import COMPLETE_FIELDS

ROW_PITCH = 60.0
WORD_HEIGHT = 30.0

# A scanned totals block: labels at the left, amounts far right across a wide gap.
TOTAL_ROW = [("Montant", 1230, 0.96), ("TTC", 1332, 0.96), ("50", 1700, 0.97), ("652,92", 1750, 0.97)]
TOTAL_BOX = (1700.0, 0.0, 1860.0, WORD_HEIGHT)


def scan(*rows: list[tuple[str, float, float]]) -> PageText:
    """An OCR'd page: each row a list of (word, left x, OCR confidence), each word 10 px per letter wide."""
    words = tuple(
        Word(text, (x, ROW_PITCH * n, x + 10.0 * len(text) + 10, ROW_PITCH * n + WORD_HEIGHT), conf, 0, n)
        for n, row in enumerate(rows)
        for text, x, conf in row
    )
    return PageText(page=1, width=2480, height=3508, unit="px", source="ocr", words=words, dpi=300)


def read(**evidence: tuple[float, float, float, float]) -> Extraction:
    """Every complete field at 0.99; the named ones read from these boxes on page 1."""
    fields = {name: FieldValue(value, 0.99) for name, value in COMPLETE_FIELDS.items()}
    for name, box in evidence.items():
        fields[name] = FieldValue(COMPLETE_FIELDS.get(name, "1.00"), 0.99, Evidence(1, box, "px"))
    return Extraction(fields=fields, language="fr")


def test_an_amount_beside_a_misread_total_label_stops_approval_and_names_the_missing_amounts():
    page = scan(
        TOTAL_ROW, [("Montant", 1230, 0.96), ("da", 1332, 0.76), ("50", 1700, 0.97), ("652,92", 1750, 0.97)]
    )
    extraction = read(total=TOTAL_BOX)
    (finding,) = unsure_label_findings(extraction, [page])
    assert "'Montant da'" in finding.message and "'652,92'" in finding.message
    assert finding.fields == ("amount_due",)
    assert not route(extraction, validate(extraction, [page]), threshold=0.9).auto_approve


def test_the_same_row_read_surely_is_no_finding():
    page = scan(
        TOTAL_ROW, [("Montant", 1230, 0.96), ("dû", 1332, 0.93), ("50", 1700, 0.97), ("652,92", 1750, 0.97)]
    )
    assert unsure_labels(read(total=TOTAL_BOX), [page]) == []


def test_an_identifier_under_a_garbled_header_cell_is_found_with_its_header():
    page = scan(
        [("Date", 300, 0.95), ("Ben", 800, 0.26), ("Were]", 850, 0.10)],
        [("25/06/2025", 300, 0.96), ("P610819", 800, 0.93)],
    )
    extraction = read(issue_date=(300.0, ROW_PITCH, 420.0, ROW_PITCH + WORD_HEIGHT))
    (unsure,) = unsure_labels(extraction, [page])
    assert (unsure.label, unsure.value, unsure.is_amount) == ("Ben Were]", "P610819", False)
    (finding,) = unsure_label_findings(extraction, [page])
    assert "purchase_order" in finding.fields


def test_a_value_a_field_was_read_from_needs_no_label():
    page = scan([("Ben", 800, 0.26), ("Were]", 850, 0.10)], [("P610819", 800, 0.93)])
    extraction = read(purchase_order=(795.0, ROW_PITCH - 5, 890.0, ROW_PITCH + WORD_HEIGHT + 5))
    assert unsure_labels(extraction, [page]) == []


def test_a_known_label_spelt_right_counts_however_unsure_ocr_was():
    page = scan([("ABA/Routing:", 300, 0.66), ("034049639", 450, 0.96)])
    assert unsure_labels(read(), [page]) == []


def test_phone_numbers_postcodes_and_stamped_dates_are_no_missing_field():
    page = scan(
        [("Boston,", 100, 0.7), ("MA", 200, 0.7), ("02124", 260, 0.95)],
        [("GEBOEKT", 100, 0.5), ("18.10.2025", 260, 0.9)],
    )
    assert unsure_labels(read(), [page]) == []


def test_phone_numbers_are_too_short_to_be_a_missing_field():
    page = scan(
        [("Tet.", 100, 0.73), ("+44", 150, 0.9), ("118", 200, 0.93), ("455", 250, 0.93), ("1603", 300, 0.95)]
    )
    assert unsure_labels(read(), [page]) == []


def test_a_text_layer_is_never_unsure():
    page = scan([("Ben", 800, 1.0), ("Were]", 850, 1.0)], [("P610819", 800, 1.0)])
    assert unsure_labels(read(), [page]) == []
