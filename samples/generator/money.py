"""Exact money arithmetic: every amount on a generated invoice is a Decimal rounded here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_cents(value: Decimal) -> Decimal:
    """Half-up to cents, the rounding invoicing software and tax offices use."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    return round_cents(quantity * unit_price)


def tax_on(base: Decimal, rate: Decimal) -> Decimal:
    return round_cents(base * rate / Decimal(100))


def money_str(value: Decimal) -> str:
    """Ground-truth form of an amount: '1234.50' (always two decimals)."""
    return f"{round_cents(value):f}"


def plain_str(value: Decimal) -> str:
    """Ground-truth form of a quantity, rate or unit price: no trailing zeros beyond cents.

    Unit prices keep two decimals ('12.50'); quantities and rates drop them ('10', '2.5', '19').
    """
    text = f"{value.normalize():f}"
    return text


def price_str(value: Decimal) -> str:
    """Unit prices may carry more than two decimals (0.125 per piece); never fewer than two."""
    return f"{value:f}" if -value.as_tuple().exponent > 2 else money_str(value)
