"""The memory's pure logic on hand-made pages: fingerprints, finding a typed value on the page, and
reading the next invoice's value at the remembered place."""

from __future__ import annotations

import dataclasses

import pytest

from extraction.memory import (
    LAYOUT_MATCH,
    LabelWord,
    Place,
    Recall,
    VendorKeys,
    apply_recalls,
    fingerprint,
    fingerprint_from_json,
    fingerprint_to_json,
    layout_similarity,
    learn,
    recall,
    vendor_keys,
)
from models.extraction import Extraction, FieldValue
from models.pagetext import PageText, Word

CHAR_WIDTH, SPACE, HEIGHT = 5.5, 3.0, 10.0
VENDOR = {"vendor_vat_id": "DE811907980", "vendor_iban": "DE89370400440532013000", "vendor_name": "Acme GmbH"}


def _page(lines: list[tuple[float, list[tuple[float, str]]]], *, number: int = 1) -> PageText:
    """A page of words: per line its top y and phrases (left x, words separated by single spaces)."""
    words = []
    for line_number, (y, phrases) in enumerate(lines):
        for x, phrase in phrases:
            for text in phrase.split(" "):
                words.append(Word(text, (x, y, x + CHAR_WIDTH * len(text), y + HEIGHT), 1.0, 0, line_number))
                x += CHAR_WIDTH * len(text) + SPACE
    return PageText(page=number, width=595, height=842, unit="pt", source="text-layer", words=tuple(words))


def _invoice(
    *, key: str, date: str, total: str, items: int, name: str = "Acme GmbH", dx: float = 0
) -> PageText:
    """One layout: a vendor block, details on the right (one with a label the extractor does not know),
    an item table of `items` rows and a totals block under it."""
    lines = [
        (40.0, [(50 + dx, name)]),
        (54.0, [(50 + dx, "Hauptstrasse 5, 10115 Berlin")]),
        (100.0, [(50 + dx, "INVOICE"), (330 + dx, "Invoice date:"), (450 + dx, date)]),
        (116.0, [(330 + dx, "Document key:"), (450 + dx, key)]),
        (132.0, [(330 + dx, "Due date:"), (450 + dx, "30.04.2026")]),
        (200.0, [(50 + dx, "Description"), (300 + dx, "Qty"), (350 + dx, "Price"), (480 + dx, "Amount")]),
    ]
    y = 216.0
    for index in range(items):
        lines.append((y, [(50 + dx, f"Service item {index + 1}"), (300 + dx, "1"), (480 + dx, "10,00")]))
        y += 16
    lines += [
        (y + 20, [(330 + dx, "Subtotal"), (480 + dx, total)]),
        (y + 36, [(330 + dx, "Total EUR"), (480 + dx, total)]),
        (780.0, [(50 + dx, "IBAN DE89 3704 0044 0532 0130 00"), (330 + dx, "VAT No. DE811907980")]),
    ]
    return _page(lines)


def _extraction(**values: str) -> Extraction:
    return Extraction(fields={name: FieldValue(value, 0.8) for name, value in (VENDOR | values).items()})


FIRST = _invoice(key="K-2026-0001", date="04.03.2026", total="1.234,50", items=2)
SECOND = _invoice(key="K-2026-0077", date="05.04.2026", total="10 439,21", items=9)


def test_the_same_layout_with_other_values_matches_and_a_moved_one_does_not():
    assert layout_similarity(fingerprint(FIRST), fingerprint(SECOND)) >= LAYOUT_MATCH
    moved = _invoice(key="K-1", date="05.04.2026", total="5,00", items=2, dx=60)
    assert layout_similarity(fingerprint(FIRST), fingerprint(moved)) < LAYOUT_MATCH
    assert layout_similarity(fingerprint(FIRST), ()) == 0.0


def test_fingerprints_and_places_survive_json():
    words = fingerprint(FIRST)
    assert fingerprint_from_json(fingerprint_to_json(words)) == words
    place = Place(page=1, box=(0.1, 0.2, 0.3, 0.4), words=2, anchor="total", anchor_box=(0.0, 0.2, 0.05, 0.4))
    assert Place.from_json(place.to_json()) == place


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("invoice_number", "K-2026-0001", "K-2026-0077"),  # next to a label the extractor does not know
        ("issue_date", "2026-03-04", "2026-04-05"),  # typed as ISO, printed as 04.03.2026
        ("total", "1234.50", "10439.21"),  # the totals block moved down; "10 439,21" is one amount
    ],
)
def test_a_corrected_field_is_read_at_its_place_on_the_next_invoice(field, typed, expected):
    lesson = learn(field, typed, [FIRST], VENDOR | {field: typed}, document_id=12)
    assert lesson is not None and lesson.place is not None and lesson.value is None

    (recalled,) = recall(_extraction(), [SECOND], [lesson])

    assert recalled.field == field and recalled.found.value == expected
    assert recalled.found.basis == "memory" and recalled.found.confidence >= 0.9
    assert recalled.found.evidence.page == 1 and recalled.found.evidence.unit == "pt"
    assert "document #12" in recalled.note()


def test_the_total_is_taken_next_to_its_own_label_not_the_equal_subtotal():
    lesson = learn("total", "1234.50", [FIRST], VENDOR, document_id=1)
    assert lesson.place.anchor == "total"


def test_a_vendor_value_is_reused_only_where_the_invoice_prints_it():
    lesson = learn("vendor_name", "Acme GmbH", [FIRST], VENDOR, document_id=3)
    assert lesson.value == "Acme GmbH"
    (recalled,) = recall(_extraction(vendor_name="ACME"), [SECOND], [lesson])
    assert recalled.found.value == "Acme GmbH" and recalled.found.evidence.box[0] == 50
    renamed = _invoice(key="K-3", date="05.04.2026", total="5,00", items=2, name="Acme Holding AG")
    assert recall(_extraction(vendor_name="ACME"), [renamed], [lesson]) == ()


def test_lessons_of_other_vendors_or_layouts_are_not_applied():
    lesson = learn("invoice_number", "K-2026-0001", [FIRST], VENDOR, document_id=1)
    other_vendor = _extraction(vendor_vat_id="FR40303265045", vendor_iban="FR7630006000011234567890189")
    assert recall(other_vendor, [SECOND], [lesson]) == ()
    moved = _invoice(key="K-1", date="05.04.2026", total="5,00", items=2, dx=60)
    assert recall(_extraction(), [moved], [lesson]) == ()


def test_the_newest_lesson_that_reads_wins():
    older = learn("invoice_number", "K-2026-0001", [FIRST], VENDOR, document_id=1)
    newer = learn("invoice_number", "30.04.2026", [FIRST], VENDOR, document_id=2)  # the due date's place
    (recalled,) = recall(_extraction(), [SECOND], [newer, older])
    assert recalled.found.value == "30.04.2026" and recalled.document_id == 2


def test_nothing_is_learned_without_a_vendor_key_a_printed_value_or_a_known_field():
    assert learn("invoice_number", "NOT-PRINTED", [FIRST], VENDOR) is None
    assert learn("invoice_number", "K-2026-0001", [FIRST], {}) is None
    assert learn("document_type", "credit_note", [FIRST], VENDOR) is None
    assert learn("invoice_number", None, [FIRST], VENDOR) is None


def test_a_vendor_is_told_by_its_strongest_key_but_never_by_the_field_being_corrected():
    keys = vendor_keys(VENDOR)
    assert keys == VendorKeys(vat="DE811907980", iban="DE89370400440532013000", name="acme gmbh")
    misread_vat = VendorKeys(vat="DE811907981", iban=keys.iban, name=keys.name)
    assert not keys.same_vendor(misread_vat)
    assert keys.same_vendor(misread_vat, ignore="vendor_vat_id")
    assert keys.same_vendor(VendorKeys(name="acme gmbh"))
    assert not keys.same_vendor(VendorKeys(name="acme gmbh"), ignore="vendor_name")


def test_recalled_values_replace_the_extracted_ones():
    found = FieldValue("K-9", 0.97, basis="memory")
    applied = apply_recalls(_extraction(invoice_number="K-0"), [Recall("invoice_number", found, 1)])
    assert applied.fields["invoice_number"] is found and applied.fields["vendor_name"].value == "Acme GmbH"


def test_label_words_compare_by_place():
    a = (LabelWord("total", 0.5, 0.2),) * 4
    b = (LabelWord("total", 0.5, 0.21),) * 4
    c = (LabelWord("total", 0.7, 0.21),) * 4
    assert layout_similarity(a, b) == 1.0 and layout_similarity(a, c) == 0.0


def test_a_recalled_total_never_replaces_extracted_totals_that_add_up():
    lesson = learn("total", "1234.50", [FIRST], VENDOR, document_id=1)
    agreeing = _extraction(total_net="10000.00", total_tax="439.21", total="10439.21")
    (recalled,) = recall(agreeing, [SECOND], [lesson])
    assert recalled.found.basis == "memory"
    adding_up = _extraction(total_net="9000.00", total_tax="1000.00", total="10000.00")
    assert recall(adding_up, [SECOND], [lesson]) == ()
    not_adding_up = _extraction(total_net="9000.00", total_tax="1000.00", total="10500.00")
    assert recall(not_adding_up, [SECOND], [lesson])[0].found.value == "10439.21"


def test_a_total_carried_over_to_the_next_page_is_read_there():
    lesson = learn("total", "1234.50", [FIRST], VENDOR, document_id=1)
    total_row_top = next(w.box[1] for w in SECOND.words if w.text == "EUR")
    without_total = dataclasses.replace(
        SECOND, words=tuple(w for w in SECOND.words if w.box[1] != total_row_top)
    )
    next_page = _page([(60.0, [(330, "Total EUR"), (480, "77,00")])], number=2)
    (recalled,) = recall(_extraction(), [without_total, next_page], [lesson])
    assert recalled.found.value == "77.00" and recalled.found.evidence.page == 2
