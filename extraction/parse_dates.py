"""Dates as printed on invoices (numeric and with month names in en/de/fr/nl) to ISO `YYYY-MM-DD`.

A numeric date like 03/04/2026 is ambiguous; the order is one decision for the whole document
(`decide_date_order`), so every date on a page is read the same way.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

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
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


def decide_date_order(
    date_texts: Iterable[str], *, currency: str | None, language: str | None, american_layout: bool = False
) -> tuple[DateOrder, str]:
    """One order for the document, and why: a date that can only be read one way decides it.

    Otherwise month-first is the US habit: USD, or a US page (Letter paper, "City, ST 12345"), in English.
    """
    votes = [vote for vote in (date_order_evidence(t) for t in date_texts) if vote]
    if votes:
        order: DateOrder = max(("dmy", "mdy"), key=votes.count)
        return order, "unambiguous date"
    if language in (None, "en") and currency == "USD":
        return "mdy", "USD and English"
    if language in (None, "en") and american_layout:
        return "mdy", "US page layout and English"
    return "dmy", "default outside the US"


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
