"""Numbers of one line item: OCR repairs chosen where quantity × unit price ≈ amount."""

from __future__ import annotations

from decimal import Decimal

from extraction.line_numbers import cell_readings, multiplies_out_plainly, quantity_and_unit, settle


def settled(quantity: list[str], price: list[str], amount: list[str], *, cents=False, may_compute=True):
    def readings(texts, *, money):
        printed = quantity_and_unit(texts[0])[0] if texts else None
        return cell_readings(texts, printed, cents=cents and money)

    numbers = settle(
        readings(quantity, money=False),
        readings(price, money=True),
        readings(amount, money=True),
        may_compute=may_compute,
    )
    return numbers.quantity, numbers.unit_price, numbers.amount


def test_a_line_that_multiplies_out_as_printed_is_kept():
    assert settled(["25"], ["2.54"], ["63.50"]) == (Decimal(25), Decimal("2.54"), Decimal("63.50"))


def test_a_lost_decimal_separator_in_the_quantity_is_put_back():
    assert settled(["325"], ["289.34"], ["940.36"])[0] == Decimal("3.25")


def test_a_lost_decimal_separator_in_the_amount_is_put_back():
    assert settled(["16"], ["15.82"], ["25312"])[2] == Decimal("253.12")


def test_a_one_read_as_a_letter_gives_the_quantity_from_price_and_amount():
    assert settled(["lea"], ["273.20"], ["273.20"])[0] == Decimal(1)


def test_a_quantity_glued_to_its_unit_is_read():
    assert quantity_and_unit("2pcs") == (Decimal(2), "pcs")
    assert quantity_and_unit("51,5:U") == (Decimal("51.5"), "U")
    assert quantity_and_unit("Consulting") == (None, None)


def test_a_credit_line_multiplies_out_with_negative_quantity():
    assert settled(["-9"], ["7.93"], ["-71.37"]) == (Decimal(-9), Decimal("7.93"), Decimal("-71.37"))


def test_a_single_digit_never_loses_a_separator():
    # "1" × 133 = 133 would also fit 0.01 × 13300: only the price lost its separator.
    assert settled(["1"], ["133"], ["1.33"]) == (Decimal(1), Decimal("1.33"), Decimal("1.33"))


def test_cents_expected_in_the_column_read_a_bare_amount_as_cents():
    assert settled(["1"], ["18263"], ["18263"], cents=True) == (1, Decimal("182.63"), Decimal("182.63"))
    assert settled(["1"], ["18263"], ["18263"], cents=False)[2] == Decimal(18263)


def test_a_text_layer_line_is_never_computed():
    assert settled([], ["273.20"], ["273.20"], may_compute=False)[0] is None


def test_a_printed_amount_is_kept_over_quantity_times_price():
    numbers = settle(
        cell_readings(["45"], Decimal(45)),
        cell_readings(["16.03"], Decimal("16.03")),
        cell_readings(["121.35"], Decimal("121.35")),
        may_compute=True,
    )
    assert numbers.amount == Decimal("121.35")
    assert not multiplies_out_plainly(numbers)


def test_a_missing_amount_is_computed():
    numbers = settle(
        cell_readings(["45"], Decimal(45)), cell_readings(["16.03"], Decimal("16.03")), [], may_compute=True
    )
    assert numbers.amount == Decimal("721.35")
