"""Locale-aware reading of money amounts and currencies as printed on invoices.

`read_amount` turns "1.234,56", "1,234.56", "1 234,56", "1'234.50", "€ 1.234,56", "(12.00)" or "12.00-"
into a `Decimal`, and says how clean the reading was so that a candidate scorer can prefer "1.234,56 €"
over a bare "2014". OCR confusions (O for 0, l for 1) and stray spaces around separators are tolerated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Symbols and words that name a currency. "$" alone is read as USD: the other dollars print a prefix.
_SYMBOLS: dict[str, str] = {
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₺": "TRY",
    "₽": "RUB",
    "us$": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "s$": "SGD",
    "$": "USD",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
    "zł": "PLN",
    "kč": "CZK",
    "fr.": "CHF",
}
ISO_CODES = frozenset(
    [
        "EUR",
        "USD",
        "GBP",
        "CHF",
        "INR",
        "JPY",
        "CNY",
        "CAD",
        "AUD",
        "NZD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "HRK",
        "TRY",
        "RUB",
        "ZAR",
        "BRL",
        "MXN",
        "SGD",
        "HKD",
        "AED",
        "SAR",
        "ILS",
        "KRW",
    ]
)
_WORDS: dict[str, str] = {
    "euro": "EUR",
    "euros": "EUR",
    "dollars": "USD",
    "pounds": "GBP",
    "rupees": "INR",
    "franken": "CHF",
}
_SYMBOL_RE = re.compile(
    r"(US\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|\$|€|£|¥|₹|₺|₽|zł|Kč|\bRs\b\.?|\bFr\.|\b[A-Z]{3}\b)", re.IGNORECASE
)
_SIGN_CHARS = "-−–"
# OCR reads digits as look-alike letters; only applied inside something that is already mostly digits.
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"})
_NUMBER_RE = re.compile(r"\d[\d.,'’ \u00a0\u202f]*")
# Thousands groups and then two decimals, all after the same separator: "4.914.24", "1,730,24".
_MISREAD_DECIMAL_RE = re.compile(r"\d{1,3}(?:(?P<sep>[.,])\d{3})+(?P=sep)\d{2}")
_MISREAD_DECIMAL_CLEAN = 0.7


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str | None  # ISO code of a symbol or code printed with the number
    clean: float  # 0..1: 1.0 for "1.234,56 €", lower for a bare integer or a repaired OCR reading


def currency_of(token: str) -> str | None:
    """The ISO code a single printed token names ("€", "EUR", "US$", "Rs."), or None."""
    text = token.strip().strip(":()").lower()
    if text in _SYMBOLS:
        return _SYMBOLS[text]
    if text.upper() in ISO_CODES and len(text) == 3:
        return text.upper()
    return _WORDS.get(text)


def detect_currency(text: str) -> str | None:
    """The first currency named in `text` by symbol or ISO code ("EUR 12,00" -> "EUR")."""
    for match in _SYMBOL_RE.finditer(text):
        code = currency_of(match.group(0))
        if code and (len(match.group(0)) != 3 or match.group(0).isupper()):
            return code
    return None


def parse_amount(text: str, decimal_hint: str | None = None) -> str | None:
    """A canonical decimal string ("1234.50") for a printed amount, or None when it is not one."""
    amount = read_amount(text, decimal_hint)
    return None if amount is None else canonical_amount(amount.value)


def canonical_amount(value: Decimal) -> str:
    """Two decimals at least, more only when printed ("0.125"), no thousands separator."""
    if value == value.quantize(Decimal("0.01")):
        return str(value.quantize(Decimal("0.01")))
    return str(value.normalize())


def canonical_number(value: Decimal) -> str:
    """A plain decimal without trailing zeros, for quantities and rates ("10", "2.5")."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def read_amount(text: str, decimal_hint: str | None = None) -> Amount | None:
    """Parse one printed amount; `decimal_hint` ("," or ".") settles "1.234" when the document is known."""
    rest, currency = _strip_currency(text.strip())
    rest, negative = _strip_sign(rest)
    rest, currency = _strip_currency(rest) if currency is None else (rest, currency)
    if not rest:
        return None
    repaired = _repair_ocr(rest)
    if repaired is None:
        return None
    digits, clean = _to_plain_digits(repaired, decimal_hint)
    if digits is None:
        return None
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if repaired != rest:
        clean *= 0.8
    if currency is not None:
        clean = min(1.0, clean + 0.1)
    return Amount(-value if negative else value, currency, clean)


def _strip_currency(text: str) -> tuple[str, str | None]:
    for pattern in (r"^(?P<cur>[^\d\s(\-−–]+)\s*(?P<rest>.*)$", r"^(?P<rest>.*?)\s*(?P<cur>[^\d\s)\-−–]+)$"):
        match = re.match(pattern, text)
        if match and currency_of(match.group("cur")):
            return match.group("rest").strip(), currency_of(match.group("cur"))
    return text, None


def _strip_sign(text: str) -> tuple[str, bool]:
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1].strip(), True
    if text[:1] in _SIGN_CHARS:
        return text[1:].strip(), True
    if text[-1:] in _SIGN_CHARS:
        return text[:-1].strip(), True
    if text[:1] == "+":
        return text[1:].strip(), False
    return text, False


def _repair_ocr(text: str) -> str | None:
    """Undo look-alike letters only when the text is mostly digits, so words never become numbers."""
    digits = sum(c.isdigit() for c in text)
    letters = sum(c.isalpha() for c in text)
    if letters == 0:
        return text
    if digits < 2 or letters > 1 or (not text[0].isdigit() and text[0] not in "Ool|I"):
        return None
    repaired = text.translate(_OCR_DIGITS)
    return repaired if not any(c.isalpha() for c in repaired) else None


def _to_plain_digits(text: str, decimal_hint: str | None) -> tuple[str | None, float]:
    """Remove grouping, keep the decimal part: "1.234,56" -> "1234.56". Clean is lower when guessed."""
    if not _NUMBER_RE.fullmatch(text):
        return None, 0.0
    compact = re.sub(r"\s*([.,])\s*", r"\1", text)  # OCR: "1.234, 56"
    separators = [c for c in compact if c in ".,"]
    if not separators:
        return _grouped_integer(compact)
    if _MISREAD_DECIMAL_RE.fullmatch(compact):
        # "4.914.24": OCR read the decimal comma as the grouping point; cents never come in threes.
        *groups, fraction = re.split(r"[.,]", compact)
        return "".join(groups) + "." + fraction, _MISREAD_DECIMAL_CLEAN
    decimal_sep = _decimal_separator(compact, separators, decimal_hint)
    if decimal_sep is None:
        groups = re.split(r"[.,' \u00a0\u202f’]", compact)  # "1.234.567": every separator groups
        return ("".join(groups), 0.55) if _valid_groups(groups) else (None, 0.0)
    integer, _, fraction = compact.rpartition(decimal_sep)
    if not fraction.isdigit():
        return None, 0.0
    thousands = "," if decimal_sep == "." else "."
    if decimal_sep in integer:
        return None, 0.0
    groups = re.split(r"[ \u00a0\u202f'’" + re.escape(thousands) + "]", integer) if integer else ["0"]
    if not _valid_groups(groups):
        return None, 0.0
    clean = 1.0 if len(fraction) == 2 else 0.9
    return "".join(groups) + "." + fraction, clean


def _decimal_separator(compact: str, separators: list[str], hint: str | None) -> str | None:
    last = separators[-1]
    if len(set(separators)) == 2:
        return last
    if separators.count(last) > 1:
        return None  # "1.234.567": only grouping
    fraction = compact.rpartition(last)[2]
    if len(fraction) != 3:
        return last
    integer = compact.rpartition(last)[0].replace(" ", "")
    if integer in ("", "0"):
        return last  # "0.125" is never a thousands group
    return last if hint == last else None


def _grouped_integer(text: str) -> tuple[str | None, float]:
    groups = re.split(r"[ \u00a0\u202f'’]", text)
    if not _valid_groups(groups):
        return None, 0.0
    return "".join(groups), 0.6


def _valid_groups(groups: list[str]) -> bool:
    if not all(g.isdigit() for g in groups):
        return False
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
