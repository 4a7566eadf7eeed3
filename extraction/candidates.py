"""Typed value candidates on a page: amounts, dates, identifiers, IBANs, BICs, VAT numbers, percentages.

A candidate only says "this run of words reads as a value of this kind, this cleanly". Which field it
fills is decided later, by its neighbourhood (labels left of it or above it) and by consistency checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from schwifty import IBAN
from stdnum import vatin

from extraction.layout import Layout, Row
from extraction.parse_amounts import canonical_amount, read_amount
from extraction.parse_dates import DateOrder, date_order_evidence, parse_date

_MAX_DATE_WORDS = 5
_MAX_AMOUNT_WORDS = 3
_MAX_ID_WORDS = 9  # a spaced IBAN: "FR76 1010 7002 ..."
_JOIN_GAP = (
    1.0  # words closer than this share of the row height can belong to one value (OCR spaces are wide)
)
_VAT_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "EL",
        "ES",
        "FI",
        "FR",
        "GB",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "CH",
        "NO",
        "XI",
    ]
)
# A country prefix, at most one letter, then digits (ATU12345678, ESX1234567X, NL123456789B01).
_VAT_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]?\d[0-9A-Z]{6,11}$")
_SWISS_UID_RE = re.compile(r"^CHE-?\d{3}\.?\d{3}\.?\d{3}(MWST|TVA|IVA)?$")
_IBAN_RE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_EDGE_PUNCT = ",;:()[]#*\"'"


@dataclass(frozen=True)
class Candidate:
    kind: str  # amount, date, identifier, iban, bic, vat, percent
    value: str  # canonical: "1234.50", "2026-03-04", "DE123456789", or the identifier as printed
    row: int  # Row.number
    start: int  # token range [start, end) in the row
    end: int
    clean: float  # how cleanly the words read as this kind, 0..1
    confidence: float  # the lowest OCR confidence of its words
    currency: str | None = None  # a currency printed with an amount

    @property
    def decimal(self) -> Decimal:
        return Decimal(self.value)


def document_date_texts(layout: Layout) -> list[str]:
    """Single-word numeric dates, the ones whose day/month order is ambiguous."""
    return [t.text for row in layout.rows for t in row.tokens if date_order_evidence(t.text)]


def find_candidates(layout: Layout, date_order: DateOrder) -> dict[int, list[Candidate]]:
    """Candidates per row number, in reading order within each row."""
    return {row.number: _row_candidates(row, date_order) for row in layout.rows}


def _row_candidates(row: Row, date_order: DateOrder) -> list[Candidate]:
    dates = _dates(row, date_order)
    taken = {i for c in dates for i in range(c.start, c.end)}
    numbers = _amounts_and_percents(row, taken)
    taken |= {i for c in numbers for i in range(c.start, c.end)}
    bank_and_tax = _bank_and_tax_ids(row)
    # The groups of an IBAN or a checksum-valid VAT number are not identifiers of their own.
    typed = {i for c in bank_and_tax if c.kind != "bic" and c.clean == 1.0 for i in range(c.start, c.end)}
    identifiers = [c for c in _identifiers(row, dates) if c.start not in typed]
    found = dates + numbers + identifiers + bank_and_tax
    return sorted(found, key=lambda c: (c.start, -c.end))


def _joinable(row: Row, start: int, end: int) -> bool:
    """Words of one printed value sit a normal space apart, never across a column gap."""
    limit = max(_JOIN_GAP * row.height, 1.5 * row.space)
    return all(row.tokens[i].box[0] - row.tokens[i - 1].box[2] <= limit for i in range(start + 1, end))


def _dates(row: Row, order: DateOrder) -> list[Candidate]:
    found: list[Candidate] = []
    index = 0
    while index < len(row.tokens):
        for end in range(min(len(row.tokens), index + _MAX_DATE_WORDS), index, -1):
            iso = parse_date(row.text(index, end), order) if _joinable(row, index, end) else None
            if iso:
                clean = 1.0 if end - index > 1 or not _is_two_digit_year(row.tokens[index].text) else 0.9
                found.append(
                    Candidate("date", iso, row.number, index, end, clean, row.confidence(index, end))
                )
                index = end - 1
                break
        index += 1
    return found


def _is_two_digit_year(text: str) -> bool:
    return bool(re.search(r"[./\-]\d{2}\.?$", text))


def _amounts_and_percents(row: Row, taken: set[int]) -> list[Candidate]:
    found: list[Candidate] = []
    index = 0
    while index < len(row.tokens):
        candidate = _number_at(row, index, taken)
        if candidate is None:
            index += 1
            continue
        found.append(candidate)
        index = candidate.end
    return found


def _number_at(row: Row, index: int, taken: set[int]) -> Candidate | None:
    for end in range(min(len(row.tokens), index + _MAX_AMOUNT_WORDS), index, -1):
        if any(i in taken for i in range(index, end)) or not _joinable(row, index, end):
            continue
        text = row.text(index, end).strip(",;:*")
        if not any(c.isdigit() for c in text) or "/" in text:
            continue
        percent = _percent(text, row, end)
        if percent is not None:
            stop = end + 1 if text[-1] != "%" else end
            return Candidate("percent", percent, row.number, index, stop, 1.0, row.confidence(index, end))
        amount = read_amount(text.rstrip("."))
        if amount is not None and not _looks_like_identifier(text):
            conf = row.confidence(index, end)
            value = canonical_amount(amount.value)
            return Candidate("amount", value, row.number, index, end, amount.clean, conf, amount.currency)
    return None


def _percent(text: str, row: Row, end: int) -> str | None:
    followed = end < len(row.tokens) and row.tokens[end].text == "%"
    if not (text.endswith("%") or followed):
        return None
    amount = read_amount(text.rstrip("%").strip())
    return None if amount is None else format(amount.value.normalize(), "f")


def _looks_like_identifier(text: str) -> bool:
    """Long digit runs without separators are account or order numbers, not money."""
    digits = re.sub(r"\D", "", text)
    return len(digits) > 7 and not re.search(r"[.,]\d{1,2}$", text)


def _identifiers(row: Row, dates: list[Candidate]) -> list[Candidate]:
    in_date = {i for c in dates for i in range(c.start, c.end)}
    found = []
    for index, token in enumerate(row.tokens):
        text = token.text.strip(_EDGE_PUNCT)
        if index in in_date or len(text) < 3 or not any(c.isdigit() for c in text):
            continue
        if re.fullmatch(r"[\d.,]*[.,]\d{2}", text) or text.endswith("%"):
            continue  # an amount or a rate
        clean = 1.0 if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9/_\-.]*", text) else 0.7
        found.append(Candidate("identifier", text, row.number, index, index + 1, clean, token.confidence))
    return found


def _bank_and_tax_ids(row: Row) -> list[Candidate]:
    found: list[Candidate] = []
    for start in range(len(row.tokens)):
        for end in range(min(len(row.tokens), start + _MAX_ID_WORDS), start, -1):
            if not _joinable(row, start, end):
                continue
            candidate = _bank_or_tax_id(row, start, end)
            if candidate is not None:
                found.append(candidate)
                break
    return _drop_contained(found)


def _bank_or_tax_id(row: Row, start: int, end: int) -> Candidate | None:
    printed = re.sub(r"\s", "", row.text(start, end).strip(_EDGE_PUNCT + "-–"))  # "… FR14205000706 -"
    text = re.sub(r"[.\-]", "", printed).upper()
    conf = row.confidence(start, end)
    if _IBAN_RE.match(text) and _valid_iban(text):
        return Candidate("iban", text, row.number, start, end, 1.0, conf)
    if _is_vat_number(row, start, printed, text):
        # As printed without spaces: "CHE-123.456.789MWST" keeps its dots, "DE 123 456 789" loses its gaps.
        clean = 1.0 if vatin.is_valid(text) else 0.6
        return Candidate("vat", printed.upper(), row.number, start, end, clean, conf)
    if end - start == 1 and _BIC_RE.match(text) and row.tokens[start].text.strip(_EDGE_PUNCT).isupper():
        return Candidate("bic", text, row.number, start, end, 1.0, conf)
    return None


def _is_vat_number(row: Row, start: int, printed: str, text: str) -> bool:
    if not row.tokens[start].text[:2].isupper():
        return False  # "No. GB123…" is a label and a number, not a Norwegian VAT id
    if _SWISS_UID_RE.match(printed.upper()):
        return True
    return bool(_VAT_RE.match(text)) and text[:2] in _VAT_COUNTRIES and sum(c.isdigit() for c in text) >= 7


def _valid_iban(text: str) -> bool:
    try:
        IBAN(text)
    except ValueError:
        return False
    return True


def _drop_contained(found: list[Candidate]) -> list[Candidate]:
    return [
        c
        for c in found
        if not any(o is not c and o.start <= c.start and c.end <= o.end and o.kind == c.kind for o in found)
    ]
