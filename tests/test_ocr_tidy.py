"""OCR leftovers cleaned from values: lone symbols and phone numbers on address lines, "à" misread."""

from __future__ import annotations

import pytest

from extraction.document_facts import _FRENCH_REPAIRS
from extraction.ocr_repair import substitute_all
from extraction.parties_text import tidy_ocr_address_line


@pytest.mark.parametrize(
    ("read", "tidy"),
    [
        ("+ Energieweg 134", "Energieweg 134"),
        ("Phoenix, AZ 85052 + (405) 555-0141", "Phoenix, AZ 85052"),
        ("Phoenix, AZ 85052", "Phoenix, AZ 85052"),
        ("Kansas City, MO 64127 |", "Kansas City, MO 64127"),
        ("2570 LT Den Haag", "2570 LT Den Haag"),
        ("Postfach 10 12 34", "Postfach 10 12 34"),
        ("0221 123 45 67", "0221 123 45 67"),
    ],
)
def test_address_lines_lose_ocr_specks_and_a_trailing_phone_but_keep_postcodes(read: str, tidy: str):
    assert tidy_ocr_address_line(read) == tidy


@pytest.mark.parametrize("misread", ["a", "4", "ä", "á"])
def test_a_misread_a_grave_in_french_terms_is_put_right(misread: str):
    text = f"Règlement {misread} 30 jours date de facture"
    assert substitute_all(text, _FRENCH_REPAIRS) == "Règlement à 30 jours date de facture"
    assert substitute_all("Plan ä 30 Tagen", _FRENCH_REPAIRS) == "Plan ä 30 Tagen"
