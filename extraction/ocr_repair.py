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
# A letter read where a digit is printed, with every digit it may stand for (most likely first).
_DIGIT_LOOKALIKES = {**_AS_DIGIT, "S": "58", "$": "58", "B": "83", "Z": "27", "G": "69"}
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
    "E": "FB",
    "U": "V",
    "M": "N",
    "N": "M",
}
_MAX_CHANGES = 2
_MAX_FORCED = 4  # letters among an IBAN's digits: more than this and it is not an IBAN misread
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
    """The IBAN `text` (spaces allowed) was printed as, or None when no confusion-only reading is valid.

    A letter where the country's format wants a digit must be read as a digit (a digit where it wants a
    letter, as a letter); beyond those, one more look-alike may be undone: a country code or bank code
    letter read as another ("PR76" for "FR76", "BUNG" for "BUNQ") or a letter among an account's digits.
    The first country reading whose format fits and whose check digits pass exactly one way wins."""
    raw = _compact(text)
    for country in _country_readings(raw[:2]):
        spec = _iban_spec(country)
        if spec is None or len(raw) != spec[0]:
            continue
        found = _iban_reading(country, raw, spec[1])
        if found is not None:
            changes = found.changes + sum(a != b for a, b in zip(country, raw[:2], strict=True))
            return Repaired(found.value, changes)
    return None


def _iban_reading(country: str, raw: str, kinds: str) -> Repaired | None:
    forced: dict[int, str] = {}  # position -> the readings a printed character that cannot stay may have
    optional: dict[int, str] = {}  # position -> other readings of a character that may stay
    for index in range(2, len(raw)):
        char, kind = raw[index], kinds[index]
        if kind == "n" and not char.isdigit():
            forced[index] = _DIGIT_LOOKALIKES.get(char, "")
        elif kind == "a" and not char.isalpha():
            forced[index] = _AS_LETTER.get(char, "")
        elif kind == "a" and index >= 4:
            optional[index] = _LETTER_SWAPS.get(char, "")
        elif kind == "c" and char.isalpha():
            optional[index] = _DIGIT_LOOKALIKES.get(char, "")
        elif kind == "c" and not char.isalnum():
            return None
    if any(not readings for readings in forced.values()) or len(forced) > _MAX_FORCED:
        return None
    positions = list(forced)
    bases = []
    for replacement in itertools.product(*(forced[i] for i in positions)):
        chars = list(country + raw[2:])
        for index, char in zip(positions, replacement, strict=True):
            chars[index] = char
        bases.append("".join(chars))
    for extra in range(0, 2):
        found = {
            reading
            for base in bases
            for reading in _readings(base, [list(optional.get(i, "")) for i in range(len(base))], extra)
            if _valid_iban(reading)
        }
        if len(found) == 1:
            return Repaired(found.pop(), len(forced) + extra)
        if found:
            return None  # two readings pass with as few changes: the check digits cannot choose
    return None


def iban_length(country: str) -> int | None:
    """How many characters the IBANs of a country have; None for a country without IBANs."""
    spec = _iban_spec(country)
    return spec[0] if spec else None


@lru_cache(maxsize=64)
def _iban_spec(country: str) -> tuple[int, str] | None:
    """(IBAN length, one kind letter per character: a letter, n digit, c either) for a country."""
    try:
        spec = get_iban_spec(country)
    except SchwiftyException:
        return None
    kinds = "aann" + "".join(kind * int(n) for n, kind in re.findall(r"(\d+)!([anc])", spec.bban_spec))
    return (spec.iban_length, kinds) if len(kinds) == spec.iban_length else None


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
        rest, fixed = _fixed_letters(country, raw[2:])
        found = _unique_reading(rest, options, lambda r, c=country: valid(c + r), country_changes + fixed)
        if found is not None:
            return Repaired(country + found.value, found.changes)
    return None


# Letters a country's VAT number always has at one place: the "B" of a Dutch "NL123456789B01".
_VAT_LETTERS: dict[str, tuple[int, int, str]] = {"NL": (12, 9, "B")}  # (length after country, place, letter)


def _fixed_letters(country: str, rest: str) -> tuple[str, int]:
    """`rest` with the letter its country's format fixes put back where OCR read a digit ("601" for "B01")."""
    length, place, letter = _VAT_LETTERS.get(country, (0, 0, ""))
    if len(rest) != length or rest[place] == letter:
        return rest, 0
    return rest[:place] + letter + rest[place + 1 :], 1


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
        found = {raw[:i] + raw[i + 1 :] for i in range(len(raw)) if registered_bic(raw[:i] + raw[i + 1 :])}
        return Repaired(found.pop(), 1) if len(found) == 1 else None
    if len(raw) not in (8, 11) or not raw.isalnum():
        return None
    if registered_bic(raw):
        return Repaired(raw, 0)

    def options(index: int, char: str) -> str:
        if index < 6:  # bank and country code: letters only
            return "".join(dict.fromkeys(_AS_LETTER.get(char, char) + _LETTER_SWAPS.get(char, "")))
        return char + _AS_LETTER.get(char, "") + _AS_DIGIT.get(char, "") + _LETTER_SWAPS.get(char, "")

    return _unique_reading(raw, options, registered_bic, 0)


def lookalikes(char: str) -> str:
    """Every character OCR may have read `char` for: digits for letters, letters for digits and letters."""
    return _AS_LETTER.get(char, "") + _DIGIT_LOOKALIKES.get(char, "") + _LETTER_SWAPS.get(char, "")


@lru_cache(maxsize=1024)
def registered_bic(text: str) -> bool:
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
