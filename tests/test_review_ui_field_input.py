"""What a reviewer types becomes the stored form of fields.md, or a message that says why not."""

from __future__ import annotations

import pytest

from models.extraction import HEADER_FIELDS
from review_ui.field_input import FieldInputError, UnknownField, normalise_field, normalise_line_value
from review_ui.presentation import FIELD_GROUPS


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1190.00", "1190.00"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("1234,5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567", "1234567"),
        ("€ 12,50", "12.50"),
        ("-1.190,00", "-1190.00"),
        ("0,500", "0.500"),
        ("  ", None),
    ],
)
def test_amounts_are_stored_with_a_dot_and_no_thousands_marks(typed, stored):
    assert normalise_field("total", typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12abc", "not an amount"),
        ("abc", "not an amount"),
        ("1,23,4", "thousands marks in odd places"),
        ("1.500", "ambiguous: type 1500 for thousands, or 1.5 for decimals"),
    ],
)
def test_garbage_and_ambiguous_amounts_are_refused_with_a_reason(typed, message):
    with pytest.raises(FieldInputError, match=message):
        normalise_field("total_net", typed)


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("issue_date", " 2026-03-01 ", "2026-03-01"),
        ("currency", "eur", "EUR"),
        ("vendor_iban", "de89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("vendor_address", "Hafenstraße 12\r\n\r\n20457  Hamburg ", "Hafenstraße 12\n20457  Hamburg"),
        ("document_type", "Credit note", "credit_note"),
        ("invoice_number", " INV / 42 ", "INV / 42"),
    ],
)
def test_other_fields_are_tidied(name, typed, stored):
    assert normalise_field(name, typed) == stored


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("due_date", "01.04.2026", "YYYY-MM-DD"),
        ("due_date", "2026-02-30", "not a day of the calendar"),
        ("currency", "euro", "three letters"),
        ("document_type", "receipt", "invoice or credit_note"),
    ],
)
def test_bad_dates_and_codes_are_refused(name, typed, message):
    with pytest.raises(FieldInputError, match=message):
        normalise_field(name, typed)


def test_line_values_and_unknown_names():
    assert normalise_line_value("tax_rate", "19 %") == "19"
    assert normalise_line_value("quantity", "2,5") == "2.5"
    assert normalise_line_value("description", " Pump,  blue ") == "Pump, blue"
    with pytest.raises(UnknownField):
        normalise_field("totl", "1")


def test_the_form_shows_every_header_field_exactly_once():
    shown = [name for _, names in FIELD_GROUPS for name in names]
    assert sorted(shown) == sorted(HEADER_FIELDS)
