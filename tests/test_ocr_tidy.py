"""OCR leftovers cleaned from values: lone symbols and phone numbers on address lines, "à" misread,
an acute accent for a grave one."""

from __future__ import annotations

import pytest

from extraction.document_facts import _FRENCH_REPAIRS
from extraction.ocr_repair import substitute_all
from extraction.ocr_text import repair_name
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


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("3602 Riverside Orive", "3602 Riverside Drive"),
        ("217 Canal Whart", "217 Canal Wharf"),
        ("75 Riverside Way", "75 Riverside Way"),
        ("7 Lone Road", "7 Lone Road"),  # only the line's last word is the street type
        ("Unit 30", "Unit 30"),
    ],
)
def test_a_street_type_ocr_misread_by_one_letter_is_put_right(read: str, meant: str):
    assert tidy_ocr_address_line(read) == meant


@pytest.mark.parametrize("misread", ["a", "4", "ä", "á"])
def test_a_misread_a_grave_in_french_terms_is_put_right(misread: str):
    text = f"Règlement {misread} 30 jours date de facture"
    assert substitute_all(text, _FRENCH_REPAIRS) == "Règlement à 30 jours date de facture"
    assert substitute_all("Plan ä 30 Tagen", _FRENCH_REPAIRS) == "Plan ä 30 Tagen"


@pytest.mark.parametrize("misread", ["Réglement", "Régiement", "Règ1ement"])
def test_reglement_misread_in_french_terms_is_put_right(misread: str):
    assert substitute_all(f"{misread} à 30 jours", _FRENCH_REPAIRS) == "Règlement à 30 jours"


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("Cédre SA", "Cèdre SA"),
        ("Genéve", "Genève"),
        ("Fromagerie Créme", "Fromagerie Crème"),
        ("ZI des Merciéres", "ZI des Mercières"),
        ("Crémerie Dupont", "Crémerie Dupont"),  # the acute accent is right before a sounded e
        ("Québec", "Québec"),
        ("Hélène Martin", "Hélène Martin"),
        ("Médecins Sans Frontières", "Médecins Sans Frontières"),
        ("José Pérez", "José Pérez"),
    ],
)
def test_an_acute_accent_french_writes_grave_is_put_right_in_names(read: str, meant: str):
    assert repair_name(read) == meant
    assert tidy_ocr_address_line(f"12 rue {read}") == f"12 rue {meant}"
