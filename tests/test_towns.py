"""Telling a town OCR misread from a real one, and the check that sends such an address to review."""

from dataclasses import replace

import pytest

from extraction import route, validate
from extraction.check_ocr import ocr_findings
from extraction.towns import accented_town, misread_towns, town_of
from models.extraction import Evidence, FieldValue
from tests.test_h2_check_ocr import address_scan, read


@pytest.mark.parametrize(
    ("line", "town"),
    [
        ("Salt Lake City, UT 84107", "Salt Lake City"),
        ("01118 Dresden", "Dresden"),
        ("D-01118 Dresden", "Dresden"),
        ("3534 BW Utrecht", "Utrecht"),
        ("Cardiff", "Cardiff"),
        ("LE1 9SA", None),
        ("3602 Riverside Drive", None),
        ("Floor 15", None),
        ("Unit 612", None),
    ],
)
def test_the_town_of_an_address_line(line: str, town: str | None) -> None:
    assert town_of(line) == town


def test_a_town_one_letter_from_known_towns_is_a_misreading_and_a_known_town_is_not() -> None:
    assert misread_towns("Sait Lake City") == ["Salt Lake City"]
    assert "Cardiff" in misread_towns("Carditf")
    assert all(misread_towns(town) == [] for town in ("Cardiff", "Genève", "Leicester"))


def test_a_long_town_name_may_be_two_letters_off_a_short_one_only_one() -> None:
    assert "Leicester" in misread_towns("Lekester")  # "ic" read as "k"
    assert misread_towns("Bramhall") == []  # a village: two letters from no known town
    assert misread_towns("Brstl") == []  # "Bristol" is two letters off, but the name is short


def test_an_ocr_address_with_a_misread_town_goes_to_review_a_text_layer_one_is_not_checked() -> None:
    page = address_scan(0.96)
    address = "72 Whitehall Road\nCarditf\nCF17 3PY"
    extraction = read(page, "en")
    field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), "px", address))
    misread = replace(extraction, fields={**extraction.fields, "vendor_address": field})
    findings = [f for f in ocr_findings(misread, [page]) if f.code == "town_misread"]
    assert len(findings) == 1 and "'Carditf'" in findings[0].message and "'Cardiff'" in findings[0].message
    assert not route(misread, validate(misread, [page]), threshold=0.9).auto_approve
    right = replace(field, value="72 Whitehall Road\nCardiff\nCF17 3PY")
    fine = replace(extraction, fields={**extraction.fields, "vendor_address": right})
    assert not [f for f in ocr_findings(fine, [page]) if f.code == "town_misread"]


def test_a_vendor_name_that_is_the_town_of_an_address_without_one_goes_to_review():
    page = address_scan(0.96)
    extraction = read(page, "en")

    def codes(name: str, address: str) -> list[str]:
        fields = {
            "vendor_name": FieldValue(name, 0.99, Evidence(1, (0, 0, 200, 30), "px", name)),
            "vendor_address": FieldValue(address, 0.99, Evidence(1, (0, 40, 200, 80), "px", address)),
        }
        return [
            f.code for f in ocr_findings(replace(extraction, fields={**extraction.fields, **fields}), [page])
        ]

    assert "name_is_town" in codes("Bristol", "BS13 5UF")
    assert "name_is_town" not in codes("Hansa", "Hauptstraße 1\n20095 Hamburg")  # named after a town
    assert "name_is_town" not in codes("Kestrel Group plc", "BS13 5UF")


def test_the_first_line_of_an_address_is_its_street_never_its_town() -> None:
    page = address_scan(0.96)
    address = "4830 Broadway\nUnit 914\nNashville, TN 37221"  # "Broadway" is two letters from "Broadman"
    extraction = read(page, "en")
    field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), "px", address))
    street_first = replace(extraction, fields={**extraction.fields, "vendor_address": field})
    assert [f for f in ocr_findings(street_first, [page]) if f.code == "town_misread"] == []


def test_a_german_or_french_vendors_town_that_lost_its_accents_is_flagged_in_its_language() -> None:
    page = address_scan(0.96)
    address = "Ringstraße 3a\n48146 Munster"  # GeoNames knows "Munster" too, as Münster's bare spelling
    extraction = read(page, "de")
    field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), "px", address))
    german = replace(extraction, fields={**extraction.fields, "vendor_address": field})
    german = replace(german, fields={**german.fields, "vendor_vat_id": FieldValue("DE136695976", 0.99)})
    (finding,) = [f for f in ocr_findings(german, [page]) if f.code == "town_accent_lost"]
    assert "'Münster'" in finding.message and finding.fields == ("vendor_address",)
    in_english = replace(german, language="en")
    assert [f for f in ocr_findings(in_english, [page]) if f.code == "town_accent_lost"] == []
    assert accented_town("MUNSTER", "DE") is None and accented_town("Münster", "DE") is None
