"""Dates that were auto-approved wrong on born-digital invoices: a date of supply taken for the issue date,
and a UK vendor's day-first dates read month-first because it bills in USD."""

from __future__ import annotations

import pytest

from extraction import extract_fields
from extraction.parse_dates import GUESSED_ORDER_REASONS, OrderClues, could_swap, decide_date_order
from tests.extraction_fixtures import page, right_aligned

GB_IBAN = "GB82 WEST 1234 5698 7654 32"  # the textbook example IBAN: valid checksum


def uk_invoice_in_usd(*, with_iban: bool = True):
    rows = [
        (40, [(50, "Severn Cleaning Services Ltd")]),
        (54, [(50, "83 Victoria Road")]),
        (68, [(50, "Birmingham B33 7WE")]),
        (110, [(50, "Bill to"), (330, "Invoice No.: 2026/9169")]),
        (124, [(50, "Quintara Engineering Ltd"), (330, "Date: 06/02/2026")]),
        (220, [(50, "Description"), (480, "Amount")]),
        (236, [(50, "Window cleaning"), right_aligned(530, "1,313.21")]),
        (330, [(380, "Subtotal"), right_aligned(530, "$1,313.21")]),
        (344, [(380, "Tax 20%"), right_aligned(530, "$262.64")]),
        (358, [(380, "Total"), right_aligned(530, "$1,575.85")]),
    ]
    if with_iban:
        rows.append((420, [(50, f"IBAN: {GB_IBAN}")]))
    return rows


def values(extraction):
    return {name: found.value for name, found in extraction.fields.items()}


def test_a_uk_vendor_billing_in_usd_writes_its_dates_day_first():
    extraction = extract_fields([page(uk_invoice_in_usd())])
    assert extraction.locale_hints == {"date_order": "dmy", "date_order_reason": "vendor country"}
    assert values(extraction)["issue_date"] == "2026-02-06"


def test_a_guessed_order_leaves_a_swappable_date_with_low_confidence():
    decided = extract_fields([page(uk_invoice_in_usd())])
    guessed = extract_fields([page(uk_invoice_in_usd(with_iban=False))])
    assert guessed.locale_hints["date_order_reason"] in GUESSED_ORDER_REASONS
    assert guessed.fields["issue_date"].confidence < 0.7 * decided.fields["issue_date"].confidence


def test_the_tax_point_is_the_issue_date_not_the_date_of_supply():
    rows = [
        (40, [(50, "Walker Advisory Limited")]),
        (54, [(50, "150 Victoria Road, London")]),
        (110, [(50, "Bill number"), (150, "Tax point"), (250, "Date of supply"), (350, "Customer No.")]),
        (124, [(50, "202406315"), (150, "18/09/2024"), (250, "08/09/2024"), (350, "C60014")]),
        (300, [(380, "Total"), right_aligned(530, "£38,083.30")]),
    ]
    assert values(extract_fields([page(rows)]))["issue_date"] == "2024-09-18"
    beside = [
        (110, [(330, "Tax point: 10/01/2024")]),
        (124, [(330, "Date of supply: 31/12/2023")]),
        (300, [(380, "Total"), right_aligned(530, "£785.52")]),
    ]
    assert values(extract_fields([page(beside)]))["issue_date"] == "2024-01-10"


def test_a_french_balance_to_settle_is_the_amount_due():
    rows = [
        (100, [(50, "Facture N° F2026-6336")]),
        (300, [(300, "Total TTC"), right_aligned(530, "10 063,93 €")]),
        (314, [(300, "Solde à régler"), right_aligned(530, "10 063,93 €")]),
    ]
    assert values(extract_fields([page(rows)]))["amount_due"] == "10063.93"


@pytest.mark.parametrize("glued", ["n°Échéance", "n°Date d'échéance"])
def test_a_column_header_glued_to_the_one_before_still_heads_its_column(glued):
    # "Bon de commande n°" and "Échéance" printed so close that the text layer made one word of them
    rows = [
        (100, [(50, "N° de facture"), (150, "Date de facture"), (250, "Bon de commande"), (321, glued)]),
        (114, [(50, "202404419"), (150, "10/12/2024"), (250, "PO-96118"), (330, "24/12/2024")]),
        (300, [(300, "Total TTC"), right_aligned(530, "17 092,44 EUR")]),
    ]
    assert values(extract_fields([page(rows)]))["due_date"] == "2024-12-24"


@pytest.mark.parametrize(
    ("clues", "expected"),
    [
        (OrderClues("USD", "en", vendor_countries=frozenset({"GB"})), ("dmy", "vendor country")),
        (OrderClues("USD", "en"), ("mdy", "USD and English")),
        (OrderClues("USD", "en", american_layout=True), ("mdy", "US page layout and English")),
        # a US address beside a GB IBAN is the buyer's; Letter paper is the vendor's own and disagrees
        (OrderClues("USD", "en", True, vendor_countries=frozenset({"GB"})), ("dmy", "vendor country")),
        (OrderClues("USD", "en", True, True, frozenset({"GB"})), ("mdy", "conflicting clues")),
        (OrderClues("USD", "en", decimal_comma=True), ("dmy", "day-first notation")),
        (OrderClues("EUR", "de"), ("dmy", "default outside the US")),
    ],
)
def test_clues_beside_the_dates_decide_the_order(clues, expected):
    assert decide_date_order(["06/02/2026"], clues=clues) == expected


def test_dotted_dates_are_day_first_and_a_deciding_date_beats_every_clue():
    assert decide_date_order(["06.02.2026"], clues=OrderClues("USD", "en")) == ("dmy", "day-first notation")
    clues = OrderClues("EUR", "en", vendor_countries=frozenset({"DE"}))
    assert decide_date_order(["06/02/2026", "12/25/2026"], clues=clues) == ("mdy", "unambiguous date")


@pytest.mark.parametrize(
    ("printed", "swappable"),
    [
        ("06/02/2026", True),
        ("06.02.26", True),
        ("02/02/2026", False),
        ("13/02/2026", False),
        ("2026-02-06", False),
    ],
)
def test_a_date_could_swap_when_day_and_month_both_fit_either_place(printed, swappable):
    assert could_swap(printed) is swappable
