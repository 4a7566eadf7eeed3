"""Amounts, currencies and dates as printed on invoices, read into canonical values."""

from __future__ import annotations

import pytest

from extraction.parse_amounts import (
    canonical_number,
    currency_of,
    detect_currency,
    parse_amount,
    read_amount,
)
from extraction.parse_dates import date_order_evidence, decide_date_order, month_number, parse_date


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1'234.50", "1234.50"),
        ("€ 1.234,56", "1234.56"),
        ("1.234,56 €", "1234.56"),
        ("EUR 1,234.56", "1234.56"),
        ("$1,234.56", "1234.56"),
        ("CHF 1'234.50", "1234.50"),
        ("-12.00", "-12.00"),
        ("(12.00)", "-12.00"),
        ("12.00-", "-12.00"),
        ("€ -9,32", "-9.32"),
        ("-€12", "-12.00"),
        ("1234", "1234.00"),
        ("1.234.567,89", "1234567.89"),
        ("0,75", "0.75"),
        ("0.125", "0.125"),
        ("10 000€", "10000.00"),
        ("Rs 1939", "1939.00"),
        ("₹ 319.00", "319.00"),
        ("£45.10", "45.10"),
    ],
)
def test_amounts_in_every_printed_format(printed, canonical):
    assert parse_amount(printed) == canonical


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("1.234, 56", "1234.56"),  # OCR put a space after the separator
        ("1 .234,56", "1234.56"),
        ("1O0.00", "100.00"),  # O read for 0
        ("l2.50", "12.50"),  # l read for 1
    ],
)
def test_amounts_survive_ocr_noise(printed, canonical):
    assert parse_amount(printed) == canonical


@pytest.mark.parametrize("printed", ["abc", "15.00%", "B01", "INV-2024", "", "12/03/2026", "1.2.3.4"])
def test_things_that_are_not_amounts(printed):
    assert parse_amount(printed) is None


def test_a_three_digit_group_is_thousands_unless_the_document_says_otherwise():
    assert parse_amount("1.234") == "1234.00"
    assert parse_amount("1.234", decimal_hint=".") == "1.234"


def test_clean_readings_score_higher_than_bare_or_repaired_ones():
    printed = read_amount("1.234,56 €")
    assert printed is not None and printed.currency == "EUR"
    assert printed.clean > read_amount("1234").clean
    assert read_amount("12.50").clean > read_amount("l2.50").clean


def test_quantities_are_plain_decimals():
    assert canonical_number(read_amount("10.00").value) == "10"
    assert canonical_number(read_amount("2,50").value) == "2.5"


@pytest.mark.parametrize(
    ("printed", "code"),
    [("€", "EUR"), ("EUR", "EUR"), ("$", "USD"), ("US$", "USD"), ("£", "GBP"), ("CHF", "CHF"), ("₹", "INR")],
)
def test_currency_symbols_and_codes(printed, code):
    assert currency_of(printed) == code


def test_currency_in_running_text():
    assert detect_currency("Total EUR 34,73") == "EUR"
    assert detect_currency("Grand Total Rs 1939") == "INR"
    assert detect_currency("amount 12.00 GBP") == "GBP"
    assert detect_currency("the end") is None  # a three-letter word is not a code


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("04.03.2026", "2026-03-04"),
        ("3.4.2026", "2026-04-03"),
        ("03/04/2026", "2026-04-03"),
        ("2026-03-04", "2026-03-04"),
        ("4 March 2026", "2026-03-04"),
        ("March 4, 2026", "2026-03-04"),
        ("4. März 2026", "2026-03-04"),
        ("4 mars 2026", "2026-03-04"),
        ("1er mars 2026", "2026-03-01"),
        ("4 maart 2026", "2026-03-04"),
        ("Mar 4 2026", "2026-03-04"),
        ("04-Mar-2026", "2026-03-04"),
        ("August 3 , 2014", "2014-08-03"),
        ("02 Juillet 2015", "2015-07-02"),
        ("21.05.14", "2014-05-21"),
        ("4 Mar 26", "2026-03-04"),
        ("3l/12/2O17", "2017-12-31"),  # OCR: l for 1, O for 0
        ("4 Marcb 2026", "2026-03-04"),  # OCR: one slip in a month name
    ],
)
def test_dates_in_every_printed_format(printed, iso):
    assert parse_date(printed, "dmy") == iso


def test_the_document_order_reads_ambiguous_numeric_dates():
    assert parse_date("03/04/2026", "mdy") == "2026-03-04"
    assert parse_date("03/04/2026", "dmy") == "2026-04-03"
    assert parse_date("2026-03-04", "mdy") == "2026-03-04"  # year first is never ambiguous


@pytest.mark.parametrize("printed", ["31/02/2026", "13/13/2026", "invoice", "42", "12.50", "March 2026"])
def test_things_that_are_not_dates(printed):
    assert parse_date(printed) is None


def test_one_date_with_a_day_above_twelve_decides_the_order():
    assert date_order_evidence("25/12/2026") == "dmy"
    assert date_order_evidence("12/25/2026") == "mdy"
    assert date_order_evidence("03/04/2026") is None
    order, reason = decide_date_order(["03/04/2026", "12/25/2026"], currency="EUR", language="de")
    assert (order, reason) == ("mdy", "unambiguous date")


def test_without_a_deciding_date_currency_and_language_decide():
    assert decide_date_order(["03/04/2026"], currency="USD", language="en")[0] == "mdy"
    assert decide_date_order(["03/04/2026"], currency="EUR", language="en")[0] == "dmy"
    assert decide_date_order(["03/04/2026"], currency="USD", language="de")[0] == "dmy"


def test_month_names_in_four_languages():
    assert [month_number(m) for m in ("Dezember", "décembre", "december", "Dec.", "mrt", "juil")] == [
        12,
        12,
        12,
        12,
        3,
        7,
    ]
    assert month_number("Monday") is None
