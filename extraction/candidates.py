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
from extraction.ocr_repair import VAT_COUNTRIES, repair_bic, repair_iban, repair_vat
from extraction.parse_amounts import canonical_amount, read_amount
from extraction.parse_dates import DateOrder, could_swap, is_numeric_date, parse_date

_MAX_DATE_WORDS = 5
_MAX_AMOUNT_WORDS = 3
_MAX_ID_WORDS = 9  # a spaced IBAN: "FR76 1010 7002 ..."
_JOIN_GAP = (
    1.0  # words closer than this share of the row height can belong to one value (OCR spaces are wide)
)
# The groups of an IBAN may sit wider apart on a scan: its check digits confirm that they belong together.
_IBAN_JOIN_GAP = 1.8
_REPAIRED = 0.9  # a value whose OCR confusions were undone and confirmed by its checksum or registry
_UNREGISTERED_BIC = 0.9
_CHECKED_FLOOR = 0.6  # the least OCR confidence a checksum-valid or registered identifier keeps
# A country prefix, at most one letter, then digits (ATU12345678, ESX1234567X, NL123456789B01).
_VAT_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]?\d[0-9A-Z]{6,11}$")
# VAT numbers printed with dots between groups of three digits: "CHE-123.456.789", "BE0123.456.789".
_DOT_GROUPED_RE = re.compile(r"^[A-Z]{2,3}-?\d{3,4}(?:\.\d{3})+(?:\D|$)")
_SWISS_UID_RE = re.compile(r"^CHE-?\d{3}\.?\d{3}\.?\d{3}(MWST|TVA|IVA)?$")
_IBAN_RE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_MIN_IBAN_DIGITS = 8
_MIN_VAT_DIGITS = 7  # also below the 8 of a misread country code and the 9 of a Swiss UID
_BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_EDGE_PUNCT = ",;:()[]#*\"'"
# How cleanly "06/02/2026" reads as a date when the document's day/month order was only guessed: low
# enough that calibration sends it to a reviewer rather than risk a swapped day and month.
_GUESSED_ORDER = 0.6


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
    """Single-word numeric dates: the ones whose day/month order needs deciding, and can decide it."""
    return [t.text for row in layout.rows for t in row.tokens if is_numeric_date(t.text)]


def find_bank_and_tax_ids(layout: Layout) -> dict[int, list[Candidate]]:
    """IBANs, BICs and VAT ids per row number: they do not depend on the date order, and help decide it."""
    return {row.number: _bank_and_tax_ids(row) for row in layout.rows}


def find_candidates(
    layout: Layout,
    date_order: DateOrder,
    *,
    order_guessed: bool = False,
    bank_and_tax_ids: dict[int, list[Candidate]] | None = None,
) -> dict[int, list[Candidate]]:
    """Candidates per row number, in reading order within each row.

    With `order_guessed`, a date whose day and month could swap reads less cleanly: nothing on the page
    said which order it is written in."""
    ids = bank_and_tax_ids if bank_and_tax_ids is not None else find_bank_and_tax_ids(layout)
    return {
        row.number: _row_candidates(row, date_order, order_guessed, ids[row.number]) for row in layout.rows
    }


def _row_candidates(
    row: Row, date_order: DateOrder, order_guessed: bool, bank_and_tax: list[Candidate]
) -> list[Candidate]:
    dates = _dates(row, date_order, order_guessed)
    taken = {i for c in dates for i in range(c.start, c.end)}
    numbers = _amounts_and_percents(row, taken)
    taken |= {i for c in numbers for i in range(c.start, c.end)}
    # The groups of an IBAN or a checksum-valid VAT number are not identifiers of their own.
    typed = {
        i for c in bank_and_tax if c.kind != "bic" and c.clean >= _REPAIRED for i in range(c.start, c.end)
    }
    identifiers = [c for c in _identifiers(row, dates) if c.start not in typed]
    found = dates + numbers + identifiers + bank_and_tax
    return sorted(found, key=lambda c: (c.start, -c.end))


def _joinable(row: Row, start: int, end: int, gap: float = _JOIN_GAP) -> bool:
    """Words of one printed value sit a normal space apart, never across a column gap."""
    return end <= _join_reach(row, gap)[start]


def _join_reach(row: Row, gap: float = _JOIN_GAP) -> tuple[int, ...]:
    """Per token, how far a value starting there can run before a gap wider than `gap` allows."""
    return row.reach(max(gap * row.height, 1.5 * gap / _JOIN_GAP * row.space))


def _dates(row: Row, order: DateOrder, order_guessed: bool = False) -> list[Candidate]:
    found: list[Candidate] = []
    reach, digits = _join_reach(row), row.digits_before
    index = 0
    while index < len(row.tokens):
        for end in range(min(len(row.tokens), index + _MAX_DATE_WORDS), index, -1):
            # Every date has a digit (its year at least): words without one are not asked.
            readable = end <= reach[index] and digits[end] > digits[index]
            iso = parse_date(row.text(index, end), order) if readable else None
            if iso:
                clean = 1.0 if end - index > 1 or not _is_two_digit_year(row.tokens[index].text) else 0.9
                if order_guessed and could_swap(row.text(index, end)):
                    clean *= _GUESSED_ORDER
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
    reach, digits = _join_reach(row), row.digits_before
    for end in range(min(len(row.tokens), index + _MAX_AMOUNT_WORDS), index, -1):
        if digits[end] == digits[index] or end > reach[index] or any(i in taken for i in range(index, end)):
            continue  # no digit, or across a column gap
        text = row.text(index, end).strip(",;:*_")  # "_____£1,967.55": a rule line glued on by OCR
        if "/" in text:
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
        joined = _joined_identifier(row, index, in_date)
        if joined is not None:
            found.append(joined)
        found.append(Candidate("identifier", text, row.number, index, index + 1, clean, token.confidence))
    return found


def _joined_identifier(row: Row, index: int, in_date: set[int]) -> Candidate | None:
    """ "INV -2024-05659": OCR put a space before a dash or slash inside one number; the word before it
    belongs to it when it sits no further than a word space away."""
    text = row.tokens[index].text.strip(_EDGE_PUNCT)
    if index == 0 or index - 1 in in_date or text[:1] not in "-/":
        return None
    before = row.tokens[index - 1].text
    if not re.fullmatch(r"[A-Za-z0-9]+", before) or not _joinable(row, index - 1, index + 1):
        return None
    confidence = row.confidence(index - 1, index + 1)
    return Candidate("identifier", before + text, row.number, index - 1, index + 1, _REPAIRED, confidence)


def _bank_and_tax_ids(row: Row) -> list[Candidate]:
    found: list[Candidate] = []
    reach, wide_reach, digits = _join_reach(row), _join_reach(row, _IBAN_JOIN_GAP), row.digits_before
    bic_words = [_is_bic_word(t.text.strip(_EDGE_PUNCT)) for t in row.tokens]
    for start in range(len(row.tokens)):
        for end in range(min(len(row.tokens), start + _MAX_ID_WORDS), start, -1):
            close = end <= reach[start]
            if not close and end > wide_reach[start]:
                continue
            if not _may_be_bank_or_tax_id(digits[end] - digits[start], close, all(bic_words[start:end])):
                continue
            candidate = _bank_or_tax_id(row, start, end) if close else _iban(row, start, end)
            if candidate is not None:
                found.append(candidate)
                break
    return _drop_contained(found)


def _may_be_bank_or_tax_id(digits: int, close: bool, bic_words: bool) -> bool:
    """False when no reading below could take words with this many digits: an IBAN has at least
    _MIN_IBAN_DIGITS, a VAT number _MIN_VAT_DIGITS; with fewer only a BIC, all upper-case words."""
    if not close:
        return digits >= _MIN_IBAN_DIGITS  # only an IBAN is read across wider gaps
    return digits >= _MIN_VAT_DIGITS or bic_words


def _bank_or_tax_id(row: Row, start: int, end: int) -> Candidate | None:
    printed = re.sub(r"\s", "", row.text(start, end).strip(_EDGE_PUNCT + ".-–"))  # "… FR14205000706 -"
    text = re.sub(r"[.\-]", "", printed).upper()
    conf = row.confidence(start, end)
    iban = _iban(row, start, end)
    if iban is not None:
        return iban
    if _is_vat_number(row, start, printed, text):
        if vatin.is_valid(text):
            # As printed without spaces: "CHE-123.456.789MWST" keeps its dots, "DE 123 456 789" its gaps not;
            # a dot that groups no digits in threes is a speck OCR read ("GB7195718.05").
            value = printed if _DOT_GROUPED_RE.match(printed.upper()) else printed.replace(".", "")
            return Candidate("vat", value.upper(), row.number, start, end, 1.0, _confirmed(conf))
        repaired = repair_vat(text)
        if repaired is not None:
            return Candidate("vat", repaired.value, row.number, start, end, _REPAIRED, _confirmed(conf))
        return Candidate("vat", printed.upper(), row.number, start, end, 0.6, conf)
    if _misread_country(row, start, text):
        repaired = repair_vat(text)  # "PR63826251449": the country letters themselves were misread
        if repaired is not None:
            return Candidate("vat", repaired.value, row.number, start, end, _REPAIRED, _confirmed(conf))
    return _bic(row, start, end, text, conf)


def _iban(row: Row, start: int, end: int) -> Candidate | None:
    text = re.sub(r"[\s.\-]", "", row.text(start, end).strip(_EDGE_PUNCT + ".-–")).upper()
    if len(text) < 15 or sum(c.isdigit() for c in text) < _MIN_IBAN_DIGITS:
        return None
    conf = row.confidence(start, end)
    if _IBAN_RE.match(text) and _valid_iban(text):
        return Candidate("iban", text, row.number, start, end, 1.0, _confirmed(conf))
    repaired = repair_iban(text)
    if repaired is None:
        return None
    return Candidate("iban", repaired.value, row.number, start, end, _REPAIRED, _confirmed(conf))


def _confirmed(ocr_confidence: float) -> float:
    """A check digit or the bank registry vouches for a reading OCR itself was unsure of."""
    return _CHECKED_FLOOR + (1.0 - _CHECKED_FLOOR) * ocr_confidence


def _misread_country(row: Row, start: int, text: str) -> bool:
    """Two capitals and then digits, like a VAT number whose country code OCR got wrong."""
    return row.tokens[start].text[:2].isupper() and bool(re.fullmatch(r"[A-Z0-9]{2}\d{8,12}", text))


def _bic(row: Row, start: int, end: int, text: str, conf: float) -> Candidate | None:
    """One upper-case word of 8 or 11 characters, or an 8-character word and its 3-character branch
    ("NOLADE21 RUE"); the bank registry confirms it, or a repair of OCR confusions that it knows."""
    words = [t.text.strip(_EDGE_PUNCT) for t in row.tokens[start:end]]
    split = len(words) == 2 and len(words[0]) >= 6  # "NOLADEZI RUE", "PSSTFRPPLY O"
    if not (len(words) == 1 or split) or not all(_is_bic_word(w) for w in words):
        return None
    repaired = repair_bic(text)
    if repaired is not None:
        clean = 1.0 if repaired.changes == 0 else _REPAIRED
        return Candidate("bic", repaired.value, row.number, start, end, clean, _confirmed(conf))
    if len(words) == 1 and _BIC_RE.match(text):
        return Candidate("bic", text, row.number, start, end, _UNREGISTERED_BIC, conf)
    return None


def _is_bic_word(word: str) -> bool:
    return word.isupper() and word.isalnum()


def _is_vat_number(row: Row, start: int, printed: str, text: str) -> bool:
    if not row.tokens[start].text[:2].isupper():
        return False  # "No. GB123…" is a label and a number, not a Norwegian VAT id
    if _SWISS_UID_RE.match(printed.upper()):
        return True
    return (
        bool(_VAT_RE.match(text))
        and text[:2] in VAT_COUNTRIES
        and sum(c.isdigit() for c in text) >= _MIN_VAT_DIGITS
    )


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
