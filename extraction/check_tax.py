"""Check tax = rate x base for every tax rate, from the line items' rates and a printed per-rate breakdown.

Rounding is legal per line or per total, so each rate may be off by a cent for each line it covers. The
printed breakdown is read from the page rows: a percent that heads a row ("20%  1,237.70  247.54") or
follows a tax word ("VAT (20%) €2,648.88", "MwSt. 19 % auf 1.000,00 € 190,00 €"), followed by its base
and tax or by the tax alone. Rows saying a total includes or excludes tax ("inkl. 19% MwSt") are skipped:
the amount there is not the tax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from extraction.parse_amounts import parse_amount
from models.extraction import Extraction, Finding
from models.pagetext import PageText

CENT = Decimal("0.01")
MAX_RATE = Decimal(30)
_HUNDRED = Decimal(100)
_TAX_WORD = r"vat|tax|mwst|ust|tva|btw|iva|gst|hst|steuer|umsatzsteuer|mehrwertsteuer|sales tax"
_PERCENT = re.compile(r"(?<![\d.,])(?P<rate>\d{1,2}(?:[.,]\d{1,3})?)\s?%")
_TAX_BEFORE = re.compile(rf"(?i)\b(?:{_TAX_WORD})\b\.?[^\d]{{0,12}}$")
_ROW_START = re.compile(r"^[\s(]*$")
_INCLUSIVE = re.compile(
    r"(?i)\b(incl|inkl|including|inclusive|excl|exkl|excluding|exclusive|ohne|hors|ttc|ht)\b"
)
_FILLER = re.compile(rf"(?i)^(?:[\s):=]|(?:{_TAX_WORD}|on|auf|sur|over|of|von|de)\b\.?)+")
_NUMBER = r"-?\d{1,3}(?:[.,'’\u00a0 ]\d{3})*[.,]\d{2}(?!\d)"
_MONEY = re.compile(rf"^(?P<money>(?:[€£$¥]|[A-Z]{{3}})?\s?{_NUMBER}\s?(?:€|[A-Z]{{3}}\b)?)\s*")


@dataclass(frozen=True)
class PrintedTax:
    """One rate of a printed tax breakdown; base is None when only the tax is printed."""

    rate: Decimal
    base: Decimal | None
    tax: Decimal


def printed_taxes(pages: Sequence[PageText]) -> list[PrintedTax]:
    """The per-rate tax rows printed on the pages, each once (a breakdown repeated on page 2 counts once)."""
    found: list[PrintedTax] = []
    for page in pages:
        for row in page.text.splitlines():
            printed = _printed_tax(row)
            if printed is not None and printed not in found:
                found.append(printed)
    return found


def _printed_tax(row: str) -> PrintedTax | None:
    for match in _PERCENT.finditer(row):
        before = row[: match.start()]
        if _INCLUSIVE.search(before) or not (_TAX_BEFORE.search(before) or _ROW_START.match(before)):
            continue
        amounts = _amounts_after(row[match.end() :])
        rate = _decimal(match.group("rate").replace(",", "."))
        if rate is None or not amounts:
            continue
        if len(amounts) == 1:
            return PrintedTax(rate, None, amounts[0])
        # rate, base, tax [, gross]
        return PrintedTax(rate, amounts[0], amounts[1])
    return None


def _amounts_after(text: str) -> list[Decimal]:
    rest = _FILLER.sub("", text, count=1)
    amounts: list[Decimal] = []
    while len(amounts) < 3:
        match = _MONEY.match(rest)
        value = _decimal(parse_amount(match.group("money"))) if match else None
        if match is None or value is None:
            break
        amounts.append(value)
        rest = _FILLER.sub("", rest[match.end() :], count=1)
    return amounts


def _decimal(text: str | None) -> Decimal | None:
    try:
        return None if text is None else Decimal(text)
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class _RateBase:
    base: Decimal
    lines: int


def line_bases(extraction: Extraction) -> dict[Decimal, _RateBase] | None:
    """Net base and line count per tax rate from the line items, when every line prints its rate and the
    lines add up to the net total (a table read partly says nothing about the tax)."""
    priced = [line.values for line in extraction.lines if "amount" in line.values]
    net = _decimal(extraction.value("total_net"))
    if not priced or net is None or any("tax_rate" not in values for values in priced):
        return None
    bases: dict[Decimal, _RateBase] = {}
    for values in priced:
        rate, amount = _decimal(values["tax_rate"]), _decimal(values["amount"])
        if rate is None or amount is None or not _plausible_rate(rate, values):
            return None
        known = bases.get(rate, _RateBase(Decimal(0), 0))
        bases[rate] = _RateBase(known.base + amount, known.lines + 1)
    if abs(sum((b.base for b in bases.values()), Decimal(0)) - net) > CENT:
        return None
    return bases


def _plausible_rate(rate: Decimal, values: dict[str, str]) -> bool:
    """No VAT or sales tax is above 30%; a "rate" that times the quantity gives the amount is the unit
    price read into the wrong column, and says nothing about the tax."""
    if not Decimal(0) <= rate <= MAX_RATE:
        return False
    quantity, amount = _decimal(values.get("quantity")), _decimal(values["amount"])
    return "unit_price" in values or quantity is None or abs(quantity * rate - amount) > CENT


def _expected(base: Decimal, rate: Decimal) -> Decimal:
    return (base * rate / _HUNDRED).quantize(CENT)


def _tolerance(lines: int) -> Decimal:
    return CENT * max(lines, 1)


def tax_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    bases = line_bases(extraction)
    printed = printed_taxes(pages)
    lines = len(extraction.lines)
    findings = [f for p in printed if (f := _printed_row_finding(p, bases, lines)) is not None]
    findings += _total_tax_findings(extraction, bases, printed, lines)
    return findings


def _printed_row_finding(
    printed: PrintedTax, bases: dict[Decimal, _RateBase] | None, lines: int
) -> Finding | None:
    """A printed rate whose tax is not rate x base: against the printed base, else the lines' base."""
    from_lines = bases.get(printed.rate) if bases else None
    if printed.base is not None:
        base, covered, whose = printed.base, from_lines.lines if from_lines else lines, "printed"
    elif from_lines is not None:
        base, covered, whose = from_lines.base, from_lines.lines, "line items'"
    else:
        return None
    expected = _expected(base, printed.rate)
    if abs(expected - printed.tax) <= _tolerance(covered):
        return None
    message = (
        f"{printed.rate}% of the {whose} base {base} is {expected}, "
        f"but the tax printed for that rate is {printed.tax}"
    )
    return Finding("tax_rate_mismatch", message, ("total_tax",))


def _total_tax_findings(
    extraction: Extraction, bases: dict[Decimal, _RateBase] | None, printed: list[PrintedTax], lines: int
) -> list[Finding]:
    total_tax, net = _decimal(extraction.value("total_tax")), _decimal(extraction.value("total_net"))
    if total_tax is None:
        return []
    if bases is not None:
        expected = sum((_expected(b.base, rate) for rate, b in bases.items()), Decimal(0))
        if abs(expected - total_tax) > _tolerance(lines):
            rates = ", ".join(f"{rate}% of {b.base}" for rate, b in sorted(bases.items()))
            message = (
                f"the line items' tax rates give {expected} ({rates}), but the tax total reads {total_tax}"
            )
            return [Finding("tax_rate_mismatch", message, ("total_tax", "lines"))]
        return []
    rates = {p.rate for p in printed}
    if len(rates) > 1 and len(printed) == len(rates):
        summed = sum((p.tax for p in printed), Decimal(0))
        if abs(summed - total_tax) > CENT:
            message = f"the taxes printed per rate add up to {summed}, but the tax total reads {total_tax}"
            return [Finding("tax_rate_mismatch", message, ("total_tax",))]
    if len(printed) == 1 and printed[0].base is None and net is not None:
        # Only the rate and the tax: some lines may be exempt, so the tax can be below rate x net, not above.
        ceiling = _expected(abs(net), printed[0].rate)
        if abs(total_tax) > ceiling + _tolerance(lines):
            message = (
                f"{printed[0].rate}% of the net {net} is at most {ceiling}, but the tax reads {total_tax}"
            )
            return [Finding("tax_rate_mismatch", message, ("total_tax", "total_net"))]
    return []
