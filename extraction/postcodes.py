"""Postcodes by country, to tell an OCR slip in an address's postcode ("1518 2JE" for "LS18 2JE",
"1050 Vi." for "1050 VL") from a postcode as printed.

The country comes from the address's own town (GeoNames knows which countries have a town of that
name), else from the vendor's VAT number. A postcode that fits none of those countries' forms was
most likely misread: the address goes to a reviewer rather than being approved with a postcode no
letter can be sent to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extraction.tax_ids import country_of_prefix
from extraction.towns import countries_of_town, town_of

# The printed forms of postcodes, by ISO country code. Only countries whose every address prints one
# (Ireland's Eircode is optional, so it is not here).
POSTCODE_FORMATS: dict[str, re.Pattern[str]] = {
    "GB": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"),
    # Dutch postcodes never start with 0 and never use the letters F, I, O, Q, U and Y.
    "NL": re.compile(r"\b[1-9]\d{3} ?[A-EGHJ-NPRSTV-XZ]{2}\b"),
    "DE": re.compile(r"\b\d{5}\b"),
    "FR": re.compile(r"\b\d{5}\b"),
    "IT": re.compile(r"\b\d{5}\b"),
    "ES": re.compile(r"\b\d{5}\b"),
    "US": re.compile(r"\b\d{5}(?:-\d{4})?\b"),
    "CH": re.compile(r"\b\d{4}\b"),
    "AT": re.compile(r"\b\d{4}\b"),
    "BE": re.compile(r"\b\d{4}\b"),
    "LU": re.compile(r"\b\d{4}\b"),
    "DK": re.compile(r"\b\d{4}\b"),
    "CA": re.compile(r"\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b"),
}

COUNTRY_NAMES = {
    "GB": "British",
    "NL": "Dutch",
    "DE": "German",
    "FR": "French",
    "IT": "Italian",
    "ES": "Spanish",
    "US": "US",
    "CH": "Swiss",
    "AT": "Austrian",
    "BE": "Belgian",
    "LU": "Luxembourg",
    "DK": "Danish",
    "CA": "Canadian",
}

# The first word of a town as the fallback reading takes it: capitalised, in lower case after its first
# letter ("Amsterdam"), so a misread postcode's letters ("INH") are not taken for a town.
_TOWN_WORD_RE = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ]{2,}")


# US states (and DC, Puerto Rico) by the first digit of their ZIP codes: the national area each belongs to.
_ZIP_AREAS = {
    "0": "CT MA ME NH NJ PR RI VT",
    "1": "DE NY PA",
    "2": "DC MD NC SC VA WV",
    "3": "AL FL GA MS TN",
    "4": "IN KY MI OH",
    "5": "IA MN MT ND SD WI",
    "6": "IL KS MO NE",
    "7": "AR LA OK TX",
    "8": "AZ CO ID NM NV UT WY",
    "9": "AK CA HI OR WA",
}
_ZIP_AREA_OF_STATE = {state: digit for digit, states in _ZIP_AREAS.items() for state in states.split()}
# "Austin, TX 78719": a US town line's state code and ZIP code.
_US_STATE_ZIP_RE = re.compile(r",\s*([A-Z]{2})\s+(\d{5})(?:-\d{4})?\b")


def us_state_zip_mismatch(address: str) -> str | None:
    """What is wrong with a US address's state and ZIP code as read ("TH" is no state; "UT 64112": a Utah
    ZIP code starts with 8), or None when they agree or the address prints no such line."""
    match = _US_STATE_ZIP_RE.search(address)
    if match is None:
        return None
    state, zip_code = match.groups()
    if state not in _ZIP_AREA_OF_STATE:
        return f"'{state}' is no US state"
    if zip_code[0] != _ZIP_AREA_OF_STATE[state]:
        return f"ZIP code {zip_code} is not one of {state}'s (they start with {_ZIP_AREA_OF_STATE[state]})"
    return None


def address_countries(address: str, vat_id: str | None) -> frozenset[str]:
    """The countries the address is in, as far as its town tells (narrowed by the VAT number's country
    when that is one of them), else the VAT number's country; empty if neither tells."""
    vat_id_country = vat_country(vat_id)
    for line in reversed(address.split("\n")):
        for town in _town_readings(line):
            countries = countries_of_town(town)
            if countries:
                return frozenset({vat_id_country}) if vat_id_country in countries else countries
    return frozenset({vat_id_country}) if vat_id_country else frozenset()


def address_towns(address: str) -> set[str]:
    """The known towns the address's lines end in ("69007 Lyon": Lyon)."""
    return {town for line in address.split("\n") for town in _town_readings(line) if countries_of_town(town)}


def vat_country(vat_id: str | None) -> str | None:
    """The country of a VAT number's prefix (\"EL\" is Greece), None without one."""
    if not vat_id or len(vat_id) < 2 or not vat_id[:2].isalpha():
        return None
    return country_of_prefix(vat_id[:2].upper())


def _town_readings(line: str) -> Iterable[str]:
    """The town of a line as town_of reads it, and its last one to three words starting with a capitalised
    word (a misread postcode's letters, "1050 Vi. Amsterdam", keep town_of from finding the town)."""
    town = town_of(line)
    if town:
        yield town
    words = line.split(",")[0].split()
    for count in (3, 2, 1):
        if len(words) > count and _TOWN_WORD_RE.match(words[-count]):
            yield " ".join(words[-count:])


def postcode_fits(address: str, countries: Iterable[str]) -> bool | None:
    """Whether the address prints a postcode of the form of one of `countries`; None when a country's
    form is not known (nothing can be said)."""
    countries = list(countries)
    if not countries or any(country not in POSTCODE_FORMATS for country in countries):
        return None
    return any(POSTCODE_FORMATS[country].search(address) for country in countries)
