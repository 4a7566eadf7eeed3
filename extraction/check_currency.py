"""Check that the currency agrees with the symbols and codes printed with the amounts.

"€ 1.190,00" under a currency read as CHF means one of them is wrong: a misread code, or the currency
taken from a bank line or a note instead of the amounts. The amounts looked at are the header totals
(their evidence holds the printed symbol) and, when the pages are given, every amount printed on them.
A "$" alone fits every dollar, "¥" both yen and yuan, "kr" every krona and krone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from extraction.parse_amounts import ISO_CODES
from models.extraction import Extraction, Finding
from models.pagetext import PageText

_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN"})
_MARKERS: dict[str, frozenset[str]] = {
    "€": frozenset({"EUR"}),
    "£": frozenset({"GBP"}),
    "¥": frozenset({"JPY", "CNY"}),
    "₹": frozenset({"INR"}),
    "₺": frozenset({"TRY"}),
    "₽": frozenset({"RUB"}),
    "$": _DOLLARS,
    "us$": frozenset({"USD"}),
    "a$": frozenset({"AUD"}),
    "au$": frozenset({"AUD"}),
    "c$": frozenset({"CAD"}),
    "ca$": frozenset({"CAD"}),
    "nz$": frozenset({"NZD"}),
    "hk$": frozenset({"HKD"}),
    "s$": frozenset({"SGD"}),
    "r$": frozenset({"BRL"}),
    "rs": frozenset({"INR"}),
    "rs.": frozenset({"INR"}),
    "fr.": frozenset({"CHF"}),
    "sfr.": frozenset({"CHF"}),
    "kr": frozenset({"SEK", "NOK", "DKK", "ISK"}),
    "kr.": frozenset({"SEK", "NOK", "DKK", "ISK"}),
    "zł": frozenset({"PLN"}),
    "kč": frozenset({"CZK"}),
}
# A symbol or code touching a number: "€1.190,00", "1.190,00 €", "CHF 5'208.66", "USD 12.00".
_NUMBER = r"-?\d[\d.,'’\u00a0\u202f ]*\d|\d"
_MARK = r"US\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|\$|€|£|¥|₹|₺|₽|SFr\.|Fr\.|Rs\.?|kr\.?|zł|Kč|\b[A-Z]{3}\b"
_BEFORE = re.compile(rf"(?P<mark>{_MARK})\s?(?={_NUMBER})")
_AFTER = re.compile(rf"(?<=\d)\s?(?P<mark>{_MARK})")
_HEADER_AMOUNTS = ("total", "total_net", "total_tax", "amount_due")


def printed_markers(text: str) -> list[str]:
    """The currency symbols and ISO codes printed right before or after a number in `text`."""
    found = [m.group("mark") for pattern in (_BEFORE, _AFTER) for m in pattern.finditer(text)]
    return [mark for mark in found if _currencies(mark)]


def _currencies(mark: str) -> frozenset[str]:
    if mark.isupper() and mark in ISO_CODES:
        return frozenset({mark})
    return _MARKERS.get(mark.lower(), frozenset())


def currency_findings(extraction: Extraction, pages: Sequence[PageText] = ()) -> list[Finding]:
    currency = extraction.value("currency")
    if currency is None:
        return []
    totals = [m for found in _header_amounts(extraction) for m in printed_markers(found.evidence.text)]
    printed = [m for page in pages for line in page.text.splitlines() for m in printed_markers(line)]
    conflicting = {m for m in totals if currency not in _currencies(m)}
    if not any(currency in _currencies(m) for m in printed):
        # elsewhere on the page a stray other symbol is common ("a fixed fee of 40 € applies" on a CHF
        # invoice); it counts only when no amount at all is printed in the extracted currency
        conflicting |= {m for m in printed if currency not in _currencies(m)}
    if not conflicting:
        return []
    message = f"amounts are printed with {', '.join(sorted(conflicting))} but the currency reads {currency}"
    return [Finding("currency_mismatch", message, ("currency",))]


def _header_amounts(extraction: Extraction) -> Iterable:
    for name in _HEADER_AMOUNTS:
        found = extraction.fields.get(name)
        if found is not None and found.evidence is not None:
            yield found
