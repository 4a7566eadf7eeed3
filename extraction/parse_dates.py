"""Dates as printed on invoices (numeric and with month names in en/de/fr/nl) to ISO `YYYY-MM-DD`.

A numeric date like 03/04/2026 is ambiguous; the order is one decision for the whole document
(`decide_date_order`), so every date on a page is read the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from extraction.accents import without_accents

DateOrder = Literal["dmy", "mdy"]

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "januar", "janvier", "januari", "jan", "janv", "jänner", "jaenner"),
    2: ("february", "februar", "fevrier", "februari", "feb", "febr", "fev", "fevr"),
    3: ("march", "marz", "maerz", "mars", "maart", "mar", "mrz", "mrt"),
    4: ("april", "avril", "apr", "avr"),
    5: ("may", "mai", "mei"),
    6: ("june", "juni", "juin", "jun"),
    7: ("july", "juli", "juillet", "jul", "juil"),
    8: ("august", "aout", "augustus", "aug"),
    9: ("september", "septembre", "sep", "sept"),
    10: ("october", "oktober", "octobre", "oct", "okt"),
    11: ("november", "novembre", "nov"),
    12: ("december", "dezember", "decembre", "dec", "dez"),
}
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})


def _fold(text: str) -> str:
    """Lower case without accents: "März" -> "marz", "févr." -> "fevr."."""
    return without_accents(text.lower())


MONTHS: dict[str, int] = {_fold(name): month for month, names in _MONTH_NAMES.items() for name in names}
_NUMERIC_RE = re.compile(r"^(\d{1,4})\s*([./\-])\s*(\d{1,2})\s*\2\s*(\d{2,4})\.?$")
_ORDINAL_RE = re.compile(r"^(\d{1,2})(st|nd|rd|th|er|e|ste|de)$")


def parse_date(text: str, order: DateOrder = "dmy") -> str | None:
    """ISO date for the whole of `text` ("4. März 2026", "03/04/2026", "2026-03-04"), or None."""
    cleaned = text.strip().strip(",;:()")
    numeric = _parse_numeric(cleaned, order)
    if numeric is not None:
        return numeric
    return _parse_with_month_name(cleaned)


def date_order_evidence(text: str) -> DateOrder | None:
    """What one numeric date says about the order: 25/12/2026 says dmy, 12/25/2026 says mdy."""
    match = _NUMERIC_RE.match(_repair(text.strip().strip(",;:()")))
    if match is None or len(match.group(1)) == 4:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def could_swap(text: str) -> bool:
    """ "06/02/2026": day and month both fit either place, so only the document's order decides it."""
    match = _NUMERIC_RE.match(_repair(text.strip().strip(",;:()")))
    if match is None or len(match.group(1)) > 2:
        return False
    first, second = int(match.group(1)), int(match.group(3))
    return first != second and first <= 12 and second <= 12


def is_numeric_date(text: str) -> bool:
    """ "06/02/2026", "06.02.26": a date written in digits only (a year first or not)."""
    return _NUMERIC_RE.match(_repair(text.strip().strip(",;:()"))) is not None


@dataclass(frozen=True)
class OrderClues:
    """What a page says about its day/month order besides its dates: where the vendor is, how it writes
    amounts, which paper and currency it uses."""

    currency: str | None = None
    language: str | None = None
    american_layout: bool = False  # US Letter paper or a "Boston, MA 02121" address
    letter_paper: bool = False  # the vendor's own choice, unlike an address that may be the buyer's
    vendor_countries: frozenset[str] = frozenset()  # of the vendor's IBAN and VAT id: all write day first
    decimal_comma: bool = False  # "1.234,56": continental Europe, where the day comes first


# Reasons that only guess the order: a date whose day and month could swap must not be trusted on them.
GUESSED_ORDER_REASONS = frozenset({"USD and English", "default outside the US", "conflicting clues"})


def decide_date_order(
    date_texts: Iterable[str],
    *,
    currency: str | None = None,
    language: str | None = None,
    american_layout: bool = False,
    clues: OrderClues | None = None,
) -> tuple[DateOrder, str]:
    """One order for the document, and why: a date that can only be read one way decides it.

    Otherwise the vendor's country (its IBAN or VAT id), a day-first notation (dotted dates, decimal
    commas) or a US page decide; only when none of them does (or they disagree) is the order guessed from
    the currency: month-first for USD in English. A guessed reason is in GUESSED_ORDER_REASONS.
    """
    clues = clues or OrderClues(currency, language, american_layout)
    texts = list(date_texts)
    votes = [vote for vote in (date_order_evidence(t) for t in texts) if vote]
    if votes:
        order: DateOrder = max(("dmy", "mdy"), key=votes.count)
        return order, "unambiguous date"
    english = clues.language in (None, "en")
    day_first = _day_first_notation(texts, clues)
    if clues.vendor_countries and not clues.letter_paper:
        return "dmy", "vendor country"  # a US address beside it is the buyer's
    if day_first and not clues.american_layout:
        return "dmy", "day-first notation"
    if english and clues.american_layout and not (clues.vendor_countries or day_first):
        return "mdy", "US page layout and English"
    conflicting = clues.american_layout and bool(clues.vendor_countries or day_first)  # Letter paper
    if english and clues.currency == "USD":
        return "mdy", "conflicting clues" if conflicting else "USD and English"
    return "dmy", "conflicting clues" if conflicting else "default outside the US"


def _day_first_notation(texts: list[str], clues: OrderClues) -> bool:
    """Decimal commas, or dates written with dots ("06.02.2026"): conventions of day-first countries."""
    dotted = [t for t in texts if is_numeric_date(t) and "." in t.strip(".")]
    return clues.decimal_comma or bool(dotted)


def _repair(text: str) -> str:
    return text.translate(_OCR_DIGITS) if sum(c.isdigit() for c in text) >= 4 else text


def _parse_numeric(text: str, order: DateOrder) -> str | None:
    match = _NUMERIC_RE.match(_repair(text))
    if match is None:
        return None
    first, _, second, third = match.groups()
    if len(first) == 4:
        return _iso(int(first), int(second), int(third))
    if len(first) == 3:
        return None
    day, month = (int(first), int(second)) if order == "dmy" else (int(second), int(first))
    return _iso(_full_year(third), month, day)


def _parse_with_month_name(text: str) -> str | None:
    parts = [p for p in re.split(r"[\s,./\-]+", _fold(text)) if p]
    if len(parts) != 3:
        return None
    for day_at, month_at, year_at in ((0, 1, 2), (1, 0, 2), (2, 1, 0)):
        month = month_number(parts[month_at])
        day = _day_number(parts[day_at])
        year_text = _repair(parts[year_at])
        if month and day and year_text.isdigit() and len(year_text) in (2, 4):
            return _iso(_full_year(year_text), month, day)
    return None


def month_number(word: str) -> int | None:
    """1..12 for a month name or abbreviation in en/de/fr/nl, tolerant to one OCR slip in long names."""
    name = _fold(word).strip(".")
    if name in MONTHS:
        return MONTHS[name]
    if len(name) >= 5:
        for known, month in MONTHS.items():
            if len(known) >= 5 and abs(len(known) - len(name)) <= 1 and _one_edit_apart(known, name):
                return month
    return None


def _day_number(word: str) -> int | None:
    word = _repair(word)
    ordinal = _ORDINAL_RE.match(word)
    if ordinal:
        word = ordinal.group(1)
    if word.isdigit() and len(word) <= 2 and 1 <= int(word) <= 31:
        return int(word)
    return None


def _full_year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        return 2000 + year if year < 70 else 1900 + year
    return year


def _iso(year: int, month: int, day: int) -> str | None:
    if not 1970 <= year <= 2099:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _one_edit_apart(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
