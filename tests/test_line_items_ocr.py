"""Line items from OCR'd pages: misread numbers and header words, two-row headers, tables without a header."""

from __future__ import annotations

from extraction import extract_fields
from tests.extraction_fixtures import page, right_aligned

SCALE = 300 / 72  # points to 300-dpi pixels
HEADER = (90, "Description"), (300, "Qty"), (340, "Unit"), (380, "Unit Price"), (480, "Amount")


def item(y, description, quantity, unit, price, amount):
    cells = [(90, description), right_aligned(318, quantity), (340, unit)]
    return (y, [*cells, right_aligned(430, price), right_aligned(530, amount)])


def totals(y, net):
    return [
        (y, [(380, "Subtotal"), right_aligned(530, net)]),
        (y + 14, [(380, "Total"), right_aligned(530, net)]),
    ]


def lines_of(rows, *, ocr=True) -> list[dict[str, str]]:
    options = {"unit": "px", "scale": SCALE, "confidence": 0.9} if ocr else {}
    return [dict(line.values) for line in extract_fields([page(rows, **options)], use_ner=False).lines]


def numbers(lines) -> list[tuple[str | None, str | None, str | None]]:
    return [(line.get("quantity"), line.get("unit_price"), line.get("amount")) for line in lines]


def test_a_one_read_as_a_letter_and_a_lost_separator_are_repaired():
    rows = [
        (200, list(HEADER)),
        item(216, "Warehousing per pallet space", "l", "mo", "19.49", "19.49"),
        item(232, "Consulting hours", "325", "h", "289.34", "940.36"),
        item(248, "Freight", "2", "LS", "10.00", "20.00"),
        *totals(300, "979.85"),
    ]
    assert numbers(lines_of(rows)) == [
        ("1", "19.49", "19.49"),
        ("3.25", "289.34", "940.36"),
        ("2", "10.00", "20.00"),
    ]


def test_a_text_layer_keeps_its_numbers_as_printed():
    rows = [
        (200, list(HEADER)),
        item(216, "Consulting hours", "325", "h", "289.34", "940.36"),
        *totals(300, "1"),
    ]
    assert numbers(lines_of(rows, ocr=False)) == [("325", "289.34", "940.36")]


def test_a_table_that_does_not_multiply_out_keeps_what_ocr_read():
    # A gross amount column: quantity × price is no check here, so nothing is "repaired".
    rows = [
        (200, list(HEADER)),
        item(216, "Widget", "2", "pcs", "10.00", "23.80"),
        item(232, "Gadget", "3", "pcs", "5.00", "17.85"),
        *totals(300, "41.65"),
    ]
    assert numbers(lines_of(rows)) == [("2", "10.00", "23.80"), ("3", "5.00", "17.85")]


def test_a_misread_header_word_still_names_its_column():
    header = [(90, "Description"), (300, "Oty"), (340, "Unit"), (380, "Unit Price"), (480, "Amount")]
    rows = [(200, header), item(216, "Road freight", "25", "miles", "2.54", "63.50"), *totals(300, "63.50")]
    assert lines_of(rows) == [
        {
            "description": "Road freight",
            "quantity": "25",
            "unit": "miles",
            "unit_price": "2.54",
            "amount": "63.50",
        }
    ]


def test_a_header_on_two_rows_names_the_columns_together():
    rows = [
        (186, [(380, "Prijs per"), (480, "Bedrag excl.")]),
        (200, [(90, "Beschrijving"), (300, "Aant."), (340, "Eenheid"), (380, "eenheid"), (480, "btw")]),
        item(216, "Kantoorschoonmaak", "2", "u", "29,80", "59,60"),
        item(232, "Vracht", "1", "post", "39,00", "39,00"),
        (300, [(380, "Totaal exclusief btw"), right_aligned(530, "98,60")]),
    ]
    assert numbers(lines_of(rows)) == [("2", "29.80", "59.60"), ("1", "39.00", "39.00")]


def test_items_under_a_header_ocr_lost_are_found_from_aligned_amounts():
    rows = [
        (100, [(50, "Invoice No: 4410")]),
        item(216, "Ordner A4, 80 mm", "20", "Stück", "4,12", "82,40"),
        item(232, "Tonerkartusche schwarz", "5", "Stück", "40,14", "200,70"),
        item(248, "Kugelschreiber, blau", "112", "Stück", "0,874", "97,89"),
        item(264, "Fachbuch Buchhaltung", "1", "Stück", "19,73", "19,73"),
        (300, [right_aligned(530, "400,72")]),  # a totals row whose label OCR lost
        (314, [(380, "Gesamt"), right_aligned(530, "476,86")]),
    ]
    lines = lines_of(rows)
    assert numbers(lines) == [
        ("20", "4.12", "82.40"),
        ("5", "40.14", "200.70"),
        ("112", "0.874", "97.89"),
        ("1", "19.73", "19.73"),
    ]
    assert lines[0]["description"].startswith("Ordner A4, 80 mm")


def test_a_header_of_unknown_words_still_gives_items_from_alignment():
    rows = [
        (200, [(90, "Leistung"), (300, "Mng"), (380, "Ansatz"), (480, "Wert")]),
        item(216, "Ordner A4, 80 mm", "20", "Stück", "4,12", "82,40"),
        item(232, "Tonerkartusche schwarz", "5", "Stück", "40,14", "200,70"),
        item(248, "Kugelschreiber, blau", "112", "Stück", "0,874", "97,89"),
        (300, [(380, "Gesamt"), right_aligned(530, "380,99")]),
    ]
    assert numbers(lines_of(rows, ocr=False)) == [
        ("20", "4.12", "82.40"),
        ("5", "40.14", "200.70"),
        ("112", "0.874", "97.89"),
    ]


def test_labels_with_aligned_amounts_are_no_items():
    rows = [
        (300, [(380, "Subtotal"), right_aligned(530, "380,99")]),
        (314, [(380, "VAT 19%"), right_aligned(530, "72,39")]),
        (328, [(380, "Deposit received"), right_aligned(530, "-100,00")]),
        (342, [(380, "Total due"), right_aligned(530, "353,38")]),
    ]
    assert lines_of(rows, ocr=False) == []
    assert lines_of(rows) == []


def test_an_item_starting_like_a_carried_sum_is_an_item():
    rows = [
        (200, list(HEADER)),
        item(216, "Transport complet camion", "343", "km", "2,59", "888,37"),
        item(232, "Strategy review and management", "1", "LS", "100,00", "100,00"),
        (246, [(90, "report, for project P-10680")]),
        item(262, "Workshop", "1", "day", "900,00", "900,00"),
        *totals(320, "1.888,37"),
    ]
    lines = lines_of(rows, ocr=False)
    assert numbers(lines) == [("343", "2.59", "888.37"), ("1", "100.00", "100.00"), ("1", "900.00", "900.00")]
    assert lines[1]["description"] == "Strategy review and management report, for project P-10680"


def test_a_carried_forward_sum_is_no_item():
    rows = [
        (200, list(HEADER)),
        (216, [(90, "Reporté"), right_aligned(530, "1 000,00")]),
        item(232, "Workshop", "1", "day", "900,00", "900,00"),
        *totals(320, "1 900,00"),
    ]
    assert numbers(lines_of(rows, ocr=False)) == [("1", "900.00", "900.00")]


def priced_row(y, description, quantity, price, amount):
    cells = [(90, description), right_aligned(318, quantity), (340, "Stk."), right_aligned(400, price)]
    return (y, [*cells, right_aligned(440, "19%"), right_aligned(530, amount)])


def test_two_header_words_read_as_one_name_two_columns():
    header = [(90, "Leistung"), (300, "Menge"), (340, "Einh."), (380, "EinzelprMwSt.-Satz"), (480, "Betrag")]
    rows = [
        (200, header),
        priced_row(216, "Patchkabel", "5", "19,98", "99,90"),
        priced_row(232, "Netzteil", "2", "10,00", "20,00"),
        *totals(300, "119,90"),
    ]
    assert numbers(lines_of(rows)) == [("5", "19.98", "99.90"), ("2", "10.00", "20.00")]


def test_a_price_under_the_unit_header_is_read_as_the_price():
    header = [(90, "Leistung"), (300, "Menge"), (340, "Einheit"), (480, "Betrag")]
    rows = [
        (200, header),
        (
            216,
            [(90, "Patchkabel"), right_aligned(318, "5"), (340, "Stk. 19,98"), right_aligned(530, "99,90")],
        ),
        (232, [(90, "Netzteil"), right_aligned(318, "2"), (340, "Stk. 10,00"), right_aligned(530, "20,00")]),
        *totals(300, "119,90"),
    ]
    assert numbers(lines_of(rows)) == [("5", "19.98", "99.90"), ("2", "10.00", "20.00")]


def shifted_item(y, description, quantity, unit, price, amount, shift=40):
    cells = [(90 + shift, description), right_aligned(318 + shift, quantity), (340 + shift, unit)]
    return (y, [*cells, right_aligned(430 + shift, price), right_aligned(530 + shift, amount)])


def test_a_table_goes_on_at_the_top_of_the_next_scanned_page():
    first = [
        (200, list(HEADER)),
        item(216, "Road freight", "25", "miles", "2.54", "63.50"),
        item(232, "Fuel surcharge", "l", "LS", "27.12", "27.12"),
        (800, [(50, "Page 1 of 2")]),
    ]
    # The second page came out of the scanner shifted: its columns stand 40 points further right.
    second = [
        shifted_item(60, "Warehousing per pallet space", "3", "mo", "45.83", "137.49"),
        shifted_item(76, "Customs clearance", "1", "LS", "43.49", "43.49"),
        shifted_item(92, "Pallet transport", "12", "plt", "58.23", "698.76"),
        (140, [(420, "Total"), right_aligned(570, "970.36")]),
    ]
    options = {"unit": "px", "scale": SCALE, "confidence": 0.9}
    pages = [page(first, number=1, **options), page(second, number=2, **options)]
    lines = [dict(line.values) for line in extract_fields(pages, use_ner=False).lines]
    assert numbers(lines) == [
        ("25", "2.54", "63.50"),
        ("1", "27.12", "27.12"),
        ("3", "45.83", "137.49"),
        ("1", "43.49", "43.49"),
        ("12", "58.23", "698.76"),
    ]
