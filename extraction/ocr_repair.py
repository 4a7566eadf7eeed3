"""Undoing OCR's look-alike characters in bank and tax identifiers, where a check can confirm the result.

OCR reads "DE05 ..." as "DEOS ...", "BUNQ" as "BUNG", "FR02..." as "FRO2..." and "GENODEF1BOG" as
"GENODEFIBOG". Each identifier here has something that says whether a reading is right: the IBAN's
mod-97 check digits and its country's BBAN structure, a VAT number's checksum, a BIC's entry in the bank
registry. A repair tries only the usual confusions and is taken only when exactly one reading with the
fewest changes passes that check; otherwise nothing is repaired.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from schwifty.registry import get_iban_spec
from stdnum import vatin

# A digit printed where a letter belongs, and the other way round.
_AS_DIGIT = {"O": "0", "Q": "0", "D": "0", "U": "0", "I": "1", "L": "1", "|": "1", "!": "1", "T": "7"}
_AS_DIGIT |= {"Z": "2", "S": "5", "B": "8", "G": "6", "A": "4"}
_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G", "4": "A", "7": "T"}
# Letters OCR reads for one another in capitals.
_LETTER_SWAPS = {
    "G": "QCO",
    "Q": "GO",
    "O": "QDC",
    "C": "GO",
    "D": "O",
    "V": "Y",
    "Y": "V",
    "I": "L",
    "L": "I",
    "P": "F",
    "F": "PE",
    "E": "F",
    "U": "V",
    "M": "N",
    "N": "M",
}
_MAX_CHANGES = 2
# Country prefixes of VAT numbers (EL is Greece, XI Northern Ireland).
VAT_COUNTRIES = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GB", "HR", "HU", "IE", "IT"}
    | {"LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "CH", "NO", "XI"}
)


@dataclass(frozen=True)
class Repaired:
    value: str
    changes: int  # characters that had to be read differently; 0 when the reading was right


def _compact(text: str) -> str:
    return re.sub(r"[\s.\-]", "", text).upper()


def repair_iban(text: str) -> Repaired | None:
    """The IBAN `text` (spaces allowed) was printed as, or None when no confusion-only reading is valid."""
    raw = _compact(text)
    country = "".join(_AS_LETTER.get(c, c) for c in raw[:2])
    spec = _iban_spec(country)
    if spec is None or len(raw) != spec[0]:
        return None
    kinds = spec[1]
    coerced = [_coerce(c, kind) for c, kind in zip(raw, kinds, strict=True)]
    if any(c is None for c in coerced):
        return None
    base = "".join(c for c in coerced if c is not None)
    changes = sum(a != b for a, b in zip(raw, base, strict=True))
    if _valid_iban(base):
        return Repaired(base, changes)
    # Letters of a bank code read as other letters ("BUNG" for "BUNQ"): one swap, confirmed by the check.
    letter_positions = [i for i, kind in enumerate(kinds) if kind == "a" and i >= 4]
    found = {
        base[:i] + alt + base[i + 1 :]
        for i in letter_positions
        for alt in _LETTER_SWAPS.get(base[i], "")
        if _valid_iban(base[:i] + alt + base[i + 1 :])
    }
    return Repaired(found.pop(), changes + 1) if len(found) == 1 else None


@lru_cache(maxsize=64)
def _iban_spec(country: str) -> tuple[int, str] | None:
    """(IBAN length, one kind letter per character: a letter, n digit, c either) for a country."""
    try:
        spec = get_iban_spec(country)
    except SchwiftyException:
        return None
    kinds = "aann" + "".join(kind * int(n) for n, kind in re.findall(r"(\d+)!([anc])", spec.bban_spec))
    return (spec.iban_length, kinds) if len(kinds) == spec.iban_length else None


def _coerce(char: str, kind: str) -> str | None:
    if kind == "n":
        char = _AS_DIGIT.get(char, char)
        return char if char.isdigit() else None
    if kind == "a":
        char = _AS_LETTER.get(char, char)
        return char if char.isalpha() else None
    return char if char.isalnum() else None


def _valid_iban(text: str) -> bool:
    try:
        IBAN(text)
    except (ValueError, SchwiftyException):
        return False
    return True


def repair_vat(text: str) -> Repaired | None:
    """A VAT number as printed without spaces ("FRO2649750940", "NL156084910801", "PR63826251449")
    read so that its country's checksum passes; None when that takes more than two confusions or
    when two readings would pass."""
    raw = _compact(text)
    if len(raw) < 8 or len(raw) > 16:
        return None
    if vatin.is_valid(raw):
        return Repaired(raw, 0)
    countries = [c for c in _country_readings(raw[:2]) if c in VAT_COUNTRIES]
    if not countries:
        return None

    def options(index: int, char: str) -> str:
        return char + _AS_LETTER.get(char, "") + _AS_DIGIT.get(char, "")

    def valid(candidate: str) -> bool:
        return vatin.is_valid(candidate)

    for country in countries:
        country_changes = sum(a != b for a, b in zip(country, raw[:2], strict=True))
        found = _unique_reading(raw[2:], options, lambda rest, c=country: valid(c + rest), country_changes)
        if found is not None:
            return Repaired(country + found.value, found.changes)
    return None


def _country_readings(printed: str) -> list[str]:
    """The printed country letters first, then single confusions ("PR" -> "FR", "0E" -> "DE")."""
    letters = "".join(_AS_LETTER.get(c, c) for c in printed)
    readings = [letters]
    for i, char in enumerate(letters):
        readings += [letters[:i] + alt + letters[i + 1 :] for alt in _LETTER_SWAPS.get(char, "")]
    return readings


def repair_bic(text: str) -> Repaired | None:
    """A BIC read so that the bank registry knows it ("GENODEFIBOG" -> "GENODEF1BOG"); None when no
    reading within two confusions is registered, or when two are."""
    raw = _compact(text)
    if len(raw) in (9, 12) and raw.isalnum():
        # One character too many ("BYLADEMI1ESB"): the registry must know what is left without it.
        found = {raw[:i] + raw[i + 1 :] for i in range(len(raw)) if _registered_bic(raw[:i] + raw[i + 1 :])}
        return Repaired(found.pop(), 1) if len(found) == 1 else None
    if len(raw) not in (8, 11) or not raw.isalnum():
        return None
    if _registered_bic(raw):
        return Repaired(raw, 0)

    def options(index: int, char: str) -> str:
        if index < 6:  # bank and country code: letters only
            return "".join(dict.fromkeys(_AS_LETTER.get(char, char) + _LETTER_SWAPS.get(char, "")))
        return char + _AS_LETTER.get(char, "") + _AS_DIGIT.get(char, "") + _LETTER_SWAPS.get(char, "")

    return _unique_reading(raw, options, _registered_bic, 0)


@lru_cache(maxsize=1024)
def _registered_bic(text: str) -> bool:
    try:
        return bool(BIC(text).exists)
    except (ValueError, SchwiftyException):
        return False


def _unique_reading(
    raw: str, options: Callable[[int, str], str], passes: Callable[[str], bool], already: int
) -> Repaired | None:
    """The one reading of `raw` that passes, with the fewest confusions (at most `_MAX_CHANGES`)."""
    alternatives = [[o for o in dict.fromkeys(options(i, c)) if o != c] for i, c in enumerate(raw)]
    forced = [i for i, c in enumerate(raw) if options(i, c)[:1] != c]  # a printed char that cannot stay
    for count in range(0, _MAX_CHANGES + 1):
        found = {
            reading
            for reading in _readings(raw, alternatives, count)
            if all(reading[i] != raw[i] for i in forced) and passes(reading)
        }
        if len(found) == 1:
            return Repaired(found.pop(), already + count)
        if found:
            return None  # two readings pass with as few changes: the check cannot choose
    return None


def _readings(raw: str, alternatives: list[list[str]], count: int) -> Iterator[str]:
    positions = [i for i, alts in enumerate(alternatives) if alts]
    for chosen in itertools.combinations(positions, count):
        for replacement in itertools.product(*(alternatives[i] for i in chosen)):
            chars = list(raw)
            for index, char in zip(chosen, replacement, strict=True):
                chars[index] = char
            yield "".join(chars)


def substitute_all(text: str, repairs: Iterable[tuple[re.Pattern[str], str]]) -> str:
    """Apply OCR look-alike repairs in order; each is a pattern and its replacement."""
    for pattern, replacement in repairs:
        text = pattern.sub(replacement, text)
    return text
