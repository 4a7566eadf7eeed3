"""Line items read from word geometry: header columns, wrapped descriptions, subtotals, page breaks."""

from __future__ import annotations

from extraction import extract_fields
from tests.extraction_fixtures import page, right_aligned

HEADER = (50, "Item"), (90, "Description"), (300, "Qty"), (340, "Unit"), (380, "Unit Price"), (480, "Amount")


def item(y, sku, description, quantity, unit, price, amount):
    cells = [(50, sku), (90, description), right_aligned(318, quantity), (340, unit)]
    return (y, [*cells, right_aligned(430, price), right_aligned(530, amount)])


def lines_of(rows_per_page) -> list[dict[str, str]]:
    pages = [page(rows, number=n) for n, rows in enumerate(rows_per_page, start=1)]
    return [dict(line.values) for line in extract_fields(pages).lines]


def test_rows_with_an_amount_in_the_amount_column_are_items():
    rows = [
        (100, [(50, "Invoice No: 4410")]),
        (200, list(HEADER)),
        item(216, "A-100", "Hex bolts M8", "250", "pcs", "0.12", "30.00"),
        item(232, "B-220", "Washers", "2.5", "kg", "4.00", "10.00"),
        (300, [(380, "Subtotal"), right_aligned(530, "40.00")]),
        (314, [(380, "VAT 20%"), right_aligned(530, "8.00")]),
        (328, [(380, "Total"), right_aligned(530, "48.00")]),
    ]
    assert lines_of([rows]) == [
        {
            "sku": "A-100",
            "description": "Hex bolts M8",
            "quantity": "250",
            "unit": "pcs",
            "unit_price": "0.12",
            "amount": "30.00",
        },
        {
            "sku": "B-220",
            "description": "Washers",
            "quantity": "2.5",
            "unit": "kg",
            "unit_price": "4.00",
            "amount": "10.00",
        },
    ]


def test_a_wrapped_description_joins_the_item_above_it():
    rows = [
        (200, list(HEADER)),
        item(216, "S-1", "Consulting services for", "12", "h", "95.00", "1,140.00"),
        (230, [(90, "the migration project")]),
        (244, [(90, "(phase two)")]),
        item(262, "S-2", "Travel", "1", "", "60.00", "60.00"),
        (320, [(380, "Total"), right_aligned(530, "1,200.00")]),
    ]
    lines = lines_of([rows])
    assert [line["description"] for line in lines] == [
        "Consulting services for the migration project (phase two)",
        "Travel",
    ]
    assert lines[0]["amount"] == "1140.00"


def test_subtotal_lines_are_skipped_and_the_totals_block_ends_the_table():
    rows = [
        (200, list(HEADER)),
        (214, [(90, "--- Hardware ---")]),
        item(228, "H-1", "Router", "1", "pcs", "80.00", "80.00"),
        (242, [(380, "Subtotal"), right_aligned(530, "80.00")]),
        (256, [(90, "--- Services ---")]),
        item(270, "S-9", "Setup", "1", "pcs", "20.00", "20.00"),
        (300, [(380, "Total"), right_aligned(530, "100.00")]),
        (330, [(90, "Thank you"), right_aligned(530, "5.00")]),  # after the totals: no item
    ]
    lines = lines_of([rows])
    assert [(line["description"], line["amount"]) for line in lines] == [
        ("Router", "80.00"),
        ("Setup", "20.00"),
    ]


def test_a_table_continued_on_the_next_page_without_its_header():
    first = [
        (60, [(50, "Invoice No: 5120")]),
        (200, list(HEADER)),
        item(216, "P-1", "Paper A4", "10", "box", "25.00", "250.00"),
        item(232, "P-2", "Toner black", "2", "pcs", "60.00", "120.00"),
        (800, [(50, "Page 1 of 2")]),
    ]
    second = [
        (60, [(50, "Invoice No: 5120")]),
        item(120, "P-3", "Stapler", "1", "pcs", "30.00", "30.00"),
        (200, [(380, "Total"), right_aligned(530, "400.00")]),
    ]
    lines = lines_of([first, second])
    assert [line["description"] for line in lines] == ["Paper A4", "Toner black", "Stapler"]


def test_line_confidence_is_higher_when_quantity_times_price_is_the_amount():
    rows = [
        (200, list(HEADER)),
        item(216, "A", "Right", "2", "pcs", "5.00", "10.00"),
        item(232, "B", "Discounted", "2", "pcs", "5.00", "9.00"),
        (300, [(380, "Total"), right_aligned(530, "19.00")]),
    ]
    lines = extract_fields([page(rows)]).lines
    assert lines[0].confidence > lines[1].confidence
    assert lines[0].evidence.page == 1 and lines[0].evidence.unit == "pt"


def test_no_header_no_items():
    rows = [(200, [(90, "Router"), right_aligned(530, "80.00")]), (300, [(380, "Total 80.00")])]
    assert lines_of([rows]) == []


def test_a_value_wider_than_its_header_still_belongs_to_that_column():
    # "102 km" starts left of the narrow "Qty" header: the whole phrase is the quantity cell.
    header = [(50, "Description"), (300, "Qty"), (380, "Price"), (480, "Total")]
    rows = [
        (200, header),
        (
            216,
            [
                (50, "Full truck load"),
                (280, "102 km"),
                right_aligned(410, "2.23"),
                right_aligned(530, "227.46"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "227.46")]),
    ]
    (line,) = lines_of([rows])
    assert (line["quantity"], line["unit"], line["description"]) == ("102", "km", "Full truck load")


def test_header_words_joined_by_a_slash_name_one_description_column():
    # "Product" alone reads as an item-number header; "Product / Service" is the description column.
    header = [(50, "Part No."), (120, "Product / Service"), (330, "Quantity"), (480, "Amount")]
    rows = [
        (200, header),
        (
            216,
            [
                (50, "MAT 0092444"),
                (120, "Lever arch file A4"),
                right_aligned(380, "103 pc"),
                right_aligned(530, "261.62"),
            ],
        ),
        (300, [(380, "Total"), right_aligned(530, "261.62")]),
    ]
    (line,) = lines_of([rows])
    assert (line["description"], line["sku"], line["quantity"]) == (
        "Lever arch file A4",
        "MAT 0092444",
        "103",
    )


def test_carried_forward_sums_and_page_numbers_are_not_items():
    first = [
        (200, list(HEADER)),
        item(216, "P-1", "Paper A4", "10", "box", "25.00", "250.00"),
        (240, [(90, "Carried forward"), right_aligned(530, "250.00")]),
        (800, [(480, "Page 1 of 2")]),
        (812, [(90, "Acme Ltd, 1 High Street")]),
    ]
    second = [
        (200, list(HEADER)),
        (216, [(90, "Balance brought forward"), right_aligned(530, "250.00")]),
        item(232, "P-3", "Stapler", "1", "pcs", "30.00", "30.00"),
        (300, [(380, "Total"), right_aligned(530, "280.00")]),
    ]
    lines = lines_of([first, second])
    assert [(line["description"], line["amount"]) for line in lines] == [
        ("Paper A4", "250.00"),
        ("Stapler", "30.00"),
    ]


def test_a_report_word_inside_a_description_keeps_the_item():
    rows = [
        (200, list(HEADER)),
        item(216, "S-1", "Strategy review and management report", "1", "pcs", "900.00", "900.00"),
        (300, [(380, "Total"), right_aligned(530, "900.00")]),
    ]
    assert [line["amount"] for line in lines_of([rows])] == ["900.00"]


def test_abbreviated_header_words_name_quantity_and_price_columns():
    header = [(50, "Art.-Nr."), (110, "Beschreibung"), (380, "Mg."), (430, "Einzelpr."), (500, "Gesamt")]
    rows = [
        (200, header),
        (
            216,
            [
                (50, "ART-1"),
                (110, "Patchkabel Cat6a"),
                right_aligned(405, "59 Stück"),
                right_aligned(470, "22,16"),
                right_aligned(540, "1.307,44"),
            ],
        ),
        (300, [(380, "Gesamtbetrag"), right_aligned(540, "1.307,44")]),
    ]
    (line,) = lines_of([rows])
    assert (line["description"], line["quantity"], line["unit_price"]) == ("Patchkabel Cat6a", "59", "22.16")


def test_a_header_printed_on_two_rows_names_the_amount_column():
    # "Bedrag excl." over "btw" is the net amount column, not a tax-rate column.
    rows = [
        (186, [(470, "Bedrag excl.")]),
        (200, [(50, "# Omschrijving"), (330, "Hoeveelheid"), (430, "Prijs"), (510, "btw")]),
        (
            216,
            [
                (50, "1 Workshopbegeleiding"),
                right_aligned(400, "0,5 dag"),
                right_aligned(460, "1.724,03"),
                right_aligned(530, "862,02"),
            ],
        ),
        (300, [(380, "Totaal"), right_aligned(530, "862,02")]),
    ]
    (line,) = lines_of([rows])
    assert (line["amount"], line["quantity"], line["unit_price"]) == ("862.02", "0.5", "1724.03")


def test_the_page_foot_after_a_page_number_is_not_an_item():
    first = [
        (200, list(HEADER)),
        item(216, "P-1", "Paper A4", "10", "box", "25.00", "250.00"),
        item(232, "P-2", "Toner", "1", "pcs", "60.00", "60.00"),
        (248, [(480, "Page 1 of 2")]),
        (262, [(90, "Acme GmbH, Registergericht Berlin HRB"), right_aligned(530, "70271")]),
    ]
    second = [
        (200, list(HEADER)),
        item(216, "P-3", "Stapler", "1", "pcs", "30.00", "30.00"),
        (300, [(380, "Total"), right_aligned(530, "280.00")]),
    ]
    assert [line["amount"] for line in lines_of([first, second])] == ["250.00", "60.00", "30.00"]


def test_dutch_header_words_outside_the_label_vocabulary_name_their_columns():
    rows = [
        (186, [(470, "Bedrag excl.")]),
        (200, [(50, "Nr."), (90, "Beschrijving"), (320, "Aant. Eenheid"), (430, "Tarief"), (510, "btw")]),
        (
            216,
            [
                (50, "1"),
                (90, "Adviesuren procesanalyse"),
                right_aligned(360, "9,25 u"),
                right_aligned(460, "289,34"),
                right_aligned(530, "2.676,40"),
            ],
        ),
        (300, [(380, "Totaal"), right_aligned(530, "2.676,40")]),
    ]
    (line,) = lines_of([rows])
    assert (line["description"], line["quantity"], line["unit_price"], line["amount"]) == (
        "Adviesuren procesanalyse",
        "9.25",
        "289.34",
        "2676.40",
    )
