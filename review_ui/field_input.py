"""What a reviewer types, turned into the stored form of `fields.md`, or a message that says
what is wrong. Dates are ISO; amounts are decimal strings with "." and no thousands separator."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from models.extraction import AMOUNT_FIELDS, DATE_FIELDS, HEADER_FIELDS, LINE_DECIMAL_FIELDS, LINE_FIELDS

DOCUMENT_TYPES = ("invoice", "credit_note")
COMPACT_FIELDS = frozenset({"vendor_vat_id", "buyer_vat_id", "vendor_iban", "vendor_bic", "vendor_tax_id"})
UPPERCASE_FIELDS = frozenset({"vendor_vat_id", "buyer_vat_id", "vendor_iban", "vendor_bic", "currency"})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[0-9.,]+")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']+")
_CURRENCY_SIGNS = re.compile(r"[€$£¥]")


class FieldInputError(ValueError):
    """A typed value that cannot be stored; the message is shown next to the field."""


class UnknownField(KeyError):
    """A field name that is not in the canonical vocabulary."""


def normalise_field(name: str, raw: str | None) -> str | None:
    """The stored value of a header field as typed; None when left empty."""
    if name not in HEADER_FIELDS:
        raise UnknownField(name)
    text = clean_text(raw, multiline=name == "vendor_address")
    if text is None:
        return None
    if name in DATE_FIELDS:
        return parse_iso_date(text)
    if name in AMOUNT_FIELDS:
        return parse_decimal(text)
    if name == "document_type":
        return _document_type(text)
    if name in COMPACT_FIELDS:
        text = _SPACES.sub("", text)
    if name in UPPERCASE_FIELDS:
        text = text.upper()
    if name == "currency" and not re.fullmatch(r"[A-Z]{3}", text):
        raise FieldInputError(f"“{text}” is not a currency code: use three letters such as EUR, USD, GBP")
    return text


def normalise_line_value(name: str, raw: str | None) -> str | None:
    """The stored value of one line-item cell as typed; None when left empty."""
    if name not in LINE_FIELDS:
        raise UnknownField(name)
    text = clean_text(raw, multiline=False)
    if text is None or name not in LINE_DECIMAL_FIELDS:
        return text
    if name == "tax_rate":
        text = text.removesuffix("%").strip()
    return parse_decimal(text)


def parse_iso_date(text: str) -> str:
    if not _ISO_DATE.fullmatch(text):
        raise FieldInputError(f"“{text}” is not a date: type it as YYYY-MM-DD, e.g. 2026-03-01")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldInputError(f"“{text}” is not a day of the calendar") from None


def parse_decimal(text: str) -> str:
    """ "1.234,56", "1,234.56", "1 234,56" and "1234.56" all give "1234.56"; the digits typed
    after the decimal separator are kept as typed. A lone separator before exactly three
    digits ("1.500") could mean either, so it is refused rather than guessed."""
    compact = _SPACES.sub("", _CURRENCY_SIGNS.sub("", text))
    sign = ""
    if compact[:1] in "+-":
        sign, compact = ("-" if compact[0] == "-" else ""), compact[1:]
    if not compact or not _NUMBER.fullmatch(compact) or not any(c.isdigit() for c in compact):
        raise FieldInputError(f"“{text}” is not an amount: type digits with . or , as decimal separator")
    digits = _without_grouping(compact, text)
    try:
        value = Decimal(sign + digits)
    except InvalidOperation:
        raise FieldInputError(f"“{text}” is not an amount") from None
    return _plain(value)


def _without_grouping(number: str, typed: str) -> str:
    separators = [c for c in number if c in ".,"]
    if not separators:
        return number
    decimal_mark = separators[-1]
    if len(set(separators)) == 2 or separators.count(decimal_mark) == 1:
        whole, _, fraction = number.rpartition(decimal_mark)
        if len(separators) == 1 and _is_ambiguous(whole, fraction):
            shorter = fraction.rstrip("0") or "0"
            as_decimal = f"{whole}.{shorter if len(shorter) < 3 else fraction + '0'}"
            raise FieldInputError(
                f"“{typed}” is ambiguous: type {whole}{fraction} for thousands, or {as_decimal} for decimals"
            )
        return _ungrouped(whole, typed) + "." + fraction
    return _ungrouped(number, typed)  # the only separator repeats: it groups thousands


def _is_ambiguous(whole: str, fraction: str) -> bool:
    """ "1.500": one mark before exactly three digits reads as 1500 in Germany and 1.5 in the US."""
    return len(fraction) == 3 and whole.isdigit() and whole != "0" and len(whole) <= 3


def _ungrouped(whole: str, typed: str) -> str:
    if whole == "" or whole.isdigit():
        return whole or "0"
    if not _GROUPED.fullmatch(whole) or len({c for c in whole if not c.isdigit()}) != 1:
        raise FieldInputError(f"“{typed}” has thousands marks in odd places")
    return re.sub(r"[.,]", "", whole)


def _plain(value: Decimal) -> str:
    return format(value.copy_abs() if value.is_zero() else value, "f")


def _document_type(text: str) -> str:
    lowered = text.lower().replace(" ", "_").replace("-", "_")
    if lowered not in DOCUMENT_TYPES:
        raise FieldInputError(f"“{text}” is not a document type: choose invoice or credit_note")
    return lowered


def clean_text(raw: str | None, *, multiline: bool = False) -> str | None:
    """White space tidied (an address keeps its line breaks); None when nothing is left."""
    if raw is None:
        return None
    if multiline:
        lines = [line.strip() for line in str(raw).replace("\r\n", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        text = " ".join(str(raw).split())
    return text or None
