"""Line items on table designs the train layouts lack: column orders, three-decimal quantities, labels that
run together, order-line columns and headers that name a column in words we do not know."""

from __future__ import annotations

from extraction import extract_fields
from tests.extraction_fixtures import page, right_aligned


def lines_of(rows_per_page) -> list[dict[str, str]]:
    pages = [page(rows, number=n) for n, rows in enumerate(rows_per_page, start=1)]
    return [dict(line.values) for line in extract_fields(pages).lines]


def _picked(lines: list[dict[str, str]], *keys: str) -> list[tuple[str | None, ...]]:
    return [tuple(line.get(k) for k in keys) for line in lines]


def test_three_decimal_quantities_read_with_the_tables_decimal_comma():
    header = (200, [(50, "Bezeichnung"), (300, "Menge"), (380, "Einzelpreis"), (480, "Betrag")])
    rows = [
        header,
        (
            216,
            [
                (50, "Beratung"),
                right_aligned(330, "7,000"),
                right_aligned(440, "705,30"),
                right_aligned(530, "4.937,10"),
            ],
        ),
        (
            232,
            [
                (50, "Versand"),
                right_aligned(330, "1,000"),
                right_aligned(440, "12,50"),
                right_aligned(530, "12,50"),
            ],
        ),
        (300, [(380, "Gesamt"), right_aligned(530, "4.949,60")]),
    ]
    assert _picked(lines_of([rows]), "quantity", "amount") == [("7", "4937.10"), ("1", "12.50")]


def test_three_decimal_quantities_read_with_the_tables_decimal_point():
    header = (200, [(50, "Description"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")])
    rows = [
        header,
        (
            216,
            [
                (50, "Skilled labour"),
                right_aligned(330, "3.250"),
                right_aligned(440, "67.13"),
                right_aligned(530, "218.17"),
            ],
        ),
        (
            232,
            [
                (50, "Cement"),
                right_aligned(330, "31.000"),
                right_aligned(440, "11.52"),
                right_aligned(530, "357.12"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "575.29")]),
    ]
    assert _picked(lines_of([rows]), "quantity") == [("3.25",), ("31",)]


def test_a_quantity_under_no_known_header_is_found_by_multiplying_out():
    # "Count" is no header word we know, and its numbers stand nearest the tax column: they are the
    # quantity because 4 × 12.50 = 50.00.
    header = (200, [(50, "Description"), (250, "Count"), (330, "Tax"), (380, "Unit Price"), (480, "Amount")])
    rows = [
        header,
        (
            216,
            [
                (50, "Widgets"),
                right_aligned(355, "4"),
                right_aligned(440, "12.50"),
                right_aligned(530, "50.00"),
            ],
        ),
        (
            232,
            [
                (50, "Gadgets"),
                right_aligned(355, "3"),
                right_aligned(440, "7.00"),
                right_aligned(530, "21.00"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "71.00")]),
    ]
    assert _picked(lines_of([rows]), "description", "quantity") == [("Widgets", "4"), ("Gadgets", "3")]


def test_quantity_and_price_under_no_known_header_are_told_apart():
    # Neither "Stückzahl" nor "Tarifsatz" is known; 5 × 877.78 = 4388.90 and the whole number is the
    # quantity.
    header = (
        200,
        [(50, "Description"), (260, "Tarifsatz"), (350, "Stückzahl"), (420, "Tax"), (480, "Amount")],
    )
    rows = [
        header,
        (
            216,
            [
                (50, "Facility management"),
                right_aligned(305, "877.78"),
                right_aligned(395, "5"),
                right_aligned(445, "21%"),
                right_aligned(530, "4,388.90"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "4,388.90")]),
    ]
    assert _picked(lines_of([rows]), "quantity", "unit_price", "amount") == [("5", "877.78", "4388.90")]


def test_header_labels_run_together_by_the_text_layer_still_name_their_columns():
    # "Line", "Taxable" and "Quantity" printed touching: one word in the text layer, three columns.
    header = (200, [(50, "Description"), (300, "LineTaxableQuantity"), (420, "Unit"), (480, "Amount")])
    rows = [
        header,
        (
            216,
            [
                (50, "Copy paper"),
                right_aligned(315, "1"),
                right_aligned(360, "6.25%"),
                right_aligned(395, "-32"),
                (420, "pk"),
                right_aligned(530, "-149.12"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "-149.12")]),
    ]
    assert _picked(lines_of([rows]), "quantity", "unit", "amount") == [("-32", "pk", "-149.12")]


def test_a_po_line_column_is_no_position_or_description():
    header = (
        200,
        [(50, "PO line"), (110, "Description"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")],
    )
    rows = [
        header,
        (
            216,
            [
                right_aligned(90, "20"),
                (110, "Copy paper"),
                right_aligned(330, "3"),
                right_aligned(440, "4.00"),
                right_aligned(530, "12.00"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "12.00")]),
    ]
    assert _picked(lines_of([rows]), "po_line", "description", "quantity") == [("20", "Copy paper", "3")]


def test_po_printed_above_item_names_the_order_line_column():
    rows = [
        (188, [(50, "PO")]),
        (200, [(50, "item"), (110, "Description"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")]),
        (
            216,
            [
                right_aligned(80, "10"),
                (110, "Copy paper"),
                right_aligned(330, "3"),
                right_aligned(440, "4.00"),
                right_aligned(530, "12.00"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "12.00")]),
    ]
    assert _picked(lines_of([rows]), "po_line", "description") == [("10", "Copy paper")]


def test_a_number_ending_at_the_quantity_column_edge_is_the_quantity():
    # The description's last word and the quantity nearly touch: the quantity still ends where "Qty" ends.
    header = (200, [(50, "Description"), right_aligned(330, "Qty"), (380, "Unit Price"), (480, "Amount")])
    item = [(50, "Freight, delivery note 1477707"), right_aligned(330, "-175.000")]
    rows = [
        header,
        (216, [*item, right_aligned(440, "0.348"), right_aligned(530, "-60.90")]),
        (300, [(380, "Total"), right_aligned(530, "-60.90")]),
    ]
    found = lines_of([rows])
    assert _picked(found, "description", "quantity") == [("Freight, delivery note 1477707", "-175")]


def test_a_bare_page_number_under_the_amount_column_is_no_item():
    header = (200, [(50, "Description"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")])
    page_one = [
        header,
        (
            216,
            [
                (50, "Widgets"),
                right_aligned(330, "4"),
                right_aligned(440, "12.50"),
                right_aligned(530, "50.00"),
            ],
        ),
        (232, [right_aligned(530, "1 of 2")]),
    ]
    page_two = [
        header,
        (
            216,
            [
                (50, "Gadgets"),
                right_aligned(330, "3"),
                right_aligned(440, "7.00"),
                right_aligned(530, "21.00"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "71.00")]),
        (800, [right_aligned(560, "2 of 2")]),
    ]
    assert _picked(lines_of([page_one, page_two]), "description") == [("Widgets",), ("Gadgets",)]


def test_two_numbers_under_the_price_header_are_quantity_and_price():
    # The quantity header is unreadable, so "20" stands nearest the price header: 20 × 15.94 = 318.80, and
    # the whole number is the quantity.
    header = (200, [(50, "Artikel"), (372, "Prijs"), (420, "xqzv"), (500, "Bedrag")])
    rows = [
        header,
        (
            216,
            [
                (50, "Pakketverzending"),
                right_aligned(400, "15,94"),
                right_aligned(445, "20"),
                right_aligned(540, "318,80"),
            ],
        ),
        (300, [(380, "Totaal"), right_aligned(540, "318,80")]),
    ]
    assert _picked(lines_of([rows]), "quantity", "unit_price") == [("20", "15.94")]


def test_item_codes_under_the_right_of_two_description_headers_are_the_sku():
    # "Beschreibung" and "Artikel" may both name the description; the codes show which one holds
    # item numbers.
    header = (
        200,
        [(50, "Beschreibung"), (200, "Artikel"), (300, "Menge"), (380, "Einzelpreis"), (480, "Betrag")],
    )
    rows = [
        header,
        (
            216,
            [
                (50, "Rechtsberatung"),
                (200, "KP-71462"),
                right_aligned(330, "2"),
                right_aligned(440, "300,00"),
                right_aligned(530, "600,00"),
            ],
        ),
        (
            232,
            [
                (50, "Buchhaltung"),
                (200, "BL-67285"),
                right_aligned(330, "1"),
                right_aligned(440, "117,55"),
                right_aligned(530, "117,55"),
            ],
        ),
        (300, [(380, "Gesamt"), right_aligned(530, "717,55")]),
    ]
    assert _picked(lines_of([rows]), "description", "sku") == [
        ("Rechtsberatung", "KP-71462"),
        ("Buchhaltung", "BL-67285"),
    ]


def test_item_code_printed_as_one_phrase_names_the_sku_column():
    header = (
        200,
        [(50, "Description"), (200, "Item code"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")],
    )
    rows = [
        header,
        (
            216,
            [
                (50, "Ballpoint pen"),
                (200, "RM-16386"),
                right_aligned(330, "87"),
                right_aligned(440, "1.51"),
                right_aligned(530, "131.37"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "131.37")]),
    ]
    assert _picked(lines_of([rows]), "description", "sku") == [("Ballpoint pen", "RM-16386")]


def test_po_above_the_first_word_of_item_description_splits_off_the_order_line():
    rows = [
        (188, [(50, "PO")]),
        (200, [(50, "item Description"), (300, "Qty"), (380, "Unit Price"), (480, "Amount")]),
        (
            216,
            [
                right_aligned(70, "10"),
                (90, "Copy paper"),
                right_aligned(330, "3"),
                right_aligned(440, "4.00"),
                right_aligned(530, "12.00"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "12.00")]),
    ]
    assert _picked(lines_of([rows]), "po_line", "description") == [("10", "Copy paper")]
