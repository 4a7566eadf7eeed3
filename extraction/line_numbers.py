"""The numbers of one line item, read so that OCR noise is undone where quantity × unit price ≈ amount.

Scans lose decimal separators ("325" for "3,25"), read a "1" as a letter ("l mo", "I pc", "1ıLS") and glue
a quantity to its unit ("2pcs", "51,5:U"). Each cell gives some readings: as printed, repaired, and computed
from the other two cells; the cheapest set of readings that multiplies out wins. A line that multiplies out
as printed is never changed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from extraction.parse_amounts import read_amount

# A line amount is quantity × price rounded to cents; the price may have three decimals.
_TOLERANCE = Decimal("0.006")
_CENT = Decimal("0.01")
# Look-alikes of digits in a short numeric cell, wider than the header parser's: a cell holds only numbers.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "ı": "1", "!": "1", "i": "1", "]": "1"}
)
_RULES = "|[]{}! "
_CURRENCY_RE = re.compile(
    r"^\s*(?:[€$£¥]|[A-Z]{3}\b)\s*|\s*(?:[€$£¥]|\b[A-Z]{3})\s*$"
)  # table rules and box edges OCR reads as characters
# A quantity glued to its unit: "2pcs", "1LS", "51,5:U", "17|cum", "1;LS".
_GLUED_UNIT_RE = re.compile(
    r"^(?P<number>[0-9Il|ı!\].,]*[0-9][0-9.,]*)\s*[;:|}\]'’]?\s*(?P<unit>[^\W\d_][^\d]*)$"
)
_AS_PRINTED, _REPAIRED, _COMPUTED = 0, 1, 2
_MAX_COST = 3  # a reading set dearer than this is a guess: the line keeps what was printed
_PLAIN_COST = 2  # a line this close to its printed text multiplies out by itself, not by our computing


@dataclass(frozen=True)
class Reading:
    value: Decimal
    cost: int  # 0 as printed; more the further it is from the printed text


@dataclass(frozen=True)
class LineNumbers:
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None
    consistent: bool  # quantity × unit price ≈ amount
    repaired: bool = False  # some number differs from what was printed
    cost: int = 0  # how far the readings are from the printed text


def quantity_and_unit(text: str, decimal: str | None = None) -> tuple[Decimal | None, str | None]:
    """A quantity cell as printed: "2", "2 pcs", "2pcs", "1.00L"; the unit is returned when glued on.
    `decimal`: the separator the table's amounts print cents with, which settles "1.000"."""
    text = text.strip()
    amount = read_amount(text, decimal)
    if amount is not None:
        return amount.value, None
    glued = _GLUED_UNIT_RE.match(text)
    if glued is None:
        return None, None
    number = read_amount(glued.group("number"), decimal)
    return (number.value, glued.group("unit").strip()) if number is not None else (None, None)


def cell_readings(texts: list[str], printed: Decimal | None, *, cents: bool = False) -> list[Reading]:
    """Readings of one numeric cell: the value read as printed, then OCR repairs of its text.

    `cents`: the column prints cents everywhere else, so a bare "18263" lost its separator: 182.63 is read
    first, as if printed."""
    readings: list[Reading] = []
    bare = cents and printed is not None and len(texts) == 1 and _lost_cents(texts[0])
    if printed is not None and bare:
        readings.append(Reading(printed.scaleb(-2), _AS_PRINTED))
    if printed is not None:
        readings.append(Reading(printed, _REPAIRED if bare else _AS_PRINTED))
    for text in texts:
        # A table rule OCR read into the cell ("4217|", "[| 2mo") is stripped first; a lone "|" may be a 1.
        for variant in dict.fromkeys((text.strip(_RULES), text)):
            for value in _repairs(variant):
                if all(r.value != value for r in readings):
                    readings.append(Reading(value, _REPAIRED))
    return readings


def repaired_value(text: str) -> Decimal | None:
    """The first OCR repair of a cell text that did not read as a number ("13:57", "4217|")."""
    values = _repairs(text.strip(_RULES))
    return values[0] if values else None


def prints_cents(text: str) -> bool:
    return re.search(r"[.,]\s?\d{2}(?!\d)", text) is not None


def _lost_cents(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return len(digits) >= 3 and not re.search(r"[.,]", text)


def _repairs(text: str) -> list[Decimal]:
    """A digit read as a look-alike letter, a lost decimal separator ("325" for 3.25 or 32.5)."""
    text = _CURRENCY_RE.sub("", text).strip()  # "716€", "CHF 6.95"
    glued = _GLUED_UNIT_RE.match(text)
    core = glued.group("number") if glued else text
    core = core.translate(_DIGIT_LOOKALIKES).strip(".,;:")
    core = re.sub(r"(?<=\d)[:;](?=\d{2}$)", ".", core)  # "13:57": a decimal point read as a colon
    if not core or not re.fullmatch(r"-?[0-9][0-9.,' ]*", core):
        return []
    values = []
    amount = read_amount(core)
    if amount is not None:
        values.append(amount.value)
    digits = re.sub(r"\D", "", core)
    if not re.search(r"[.,]\d{1,3}$", core):  # no decimal part printed: it may have been lost
        sign = -1 if core.startswith("-") else 1
        whole = Decimal(digits)
        # The separator stood between printed digits: "325" is 32.5 or 3.25, "1" stays 1.
        values += [sign * whole.scaleb(-places) for places in (1, 2, 3) if places < len(digits)]
    return values


def settle(
    quantities: list[Reading], prices: list[Reading], amounts: list[Reading], *, may_compute: bool
) -> LineNumbers:
    """The cheapest readings for which quantity × price ≈ amount; `may_compute` lets one cell be computed
    from the other two (OCR only: a text layer prints what it means, even when it does not multiply out)."""
    printed = LineNumbers(
        _first(quantities), _first(prices), _first(amounts), consistent=False
    )  # what the line keeps when nothing multiplies out
    best: tuple[int, LineNumbers] | None = None
    for quantity, price, amount in itertools.product(quantities, prices, amounts):
        if _multiplies_out(quantity.value, price.value, amount.value):
            cost = quantity.cost + price.cost + amount.cost
            if best is None or cost < best[0]:
                best = (cost, LineNumbers(quantity.value, price.value, amount.value, True, cost > 0, cost))
    if may_compute:
        for computed in _computed(quantities, prices, amounts):
            if best is None or computed[0] < best[0]:
                best = computed
    if best is None or best[0] > _MAX_COST:
        return printed
    return best[1]


def multiplies_out_plainly(numbers: LineNumbers) -> bool:
    """The line multiplies out as printed or with a small repair; a cell computed against a printed number
    does not count."""
    return numbers.consistent and numbers.cost <= _PLAIN_COST


def _first(readings: list[Reading]) -> Decimal | None:
    printed = [r.value for r in readings if r.cost == _AS_PRINTED]
    return printed[0] if printed else None


def _multiplies_out(quantity: Decimal, price: Decimal, amount: Decimal) -> bool:
    return quantity != 0 and abs(quantity * price - amount) <= _TOLERANCE


def _computed(
    quantities: list[Reading], prices: list[Reading], amounts: list[Reading]
) -> list[tuple[int, LineNumbers]]:
    """One cell computed from the two others. A cell that printed some other number speaks against it,
    and so does a computed quantity that is no whole or quarter number."""
    found = []
    for price, amount in itertools.product(prices, amounts):
        quantity = _round_quantity(price.value, amount.value)
        if quantity is not None:
            cost = price.cost + amount.cost + _COMPUTED + _against(quantities, quantity)
            cost += 0 if (quantity * 4) == (quantity * 4).to_integral_value() else 1
            found.append((cost, LineNumbers(quantity, price.value, amount.value, True, True, cost)))
    for quantity, price in itertools.product(quantities, prices):
        amount = (quantity.value * price.value).quantize(_CENT, rounding=ROUND_HALF_UP)
        if amount != 0:
            # A printed amount is kept over quantity × price: the price is not checked, the amount is.
            cost = quantity.cost + price.cost + _COMPUTED + 2 * _against(amounts, amount)
            found.append((cost, LineNumbers(quantity.value, price.value, amount, True, True, cost)))
    return found


def _against(readings: list[Reading], value: Decimal) -> int:
    return 1 if any(r.cost == _AS_PRINTED and r.value != value for r in readings) else 0


def _round_quantity(price: Decimal, amount: Decimal) -> Decimal | None:
    if price == 0:
        return None
    try:
        exact = amount / price
    except InvalidOperation:
        return None
    for places in range(3):
        quantity = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if quantity != 0 and _multiplies_out(quantity, price, amount):
            return quantity
    return None
