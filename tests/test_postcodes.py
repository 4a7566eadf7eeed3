"""Telling a postcode OCR misread from one as printed, a street left unread, and the checks that send such
addresses to review."""

from dataclasses import replace

import pytest

from extraction import route, validate
from extraction.check_ocr import ocr_findings
from extraction.postcodes import address_countries, postcode_fits, us_state_zip_mismatch
from models.extraction import Evidence, FieldValue
from tests.test_h2_check_ocr import address_scan, read


@pytest.mark.parametrize(
    ("address", "vat_id", "countries"),
    [
        ("135 Harbour Way\nLeeds\nLS18 2JE", None, {"GB"}),
        ("Handelsweg 211\n1050 Vi. Amsterdam", None, {"NL", "US"}),  # the misread letters hide the town
        ("Handelsweg 211\n1050 VL Amsterdam", "NL447199547B01", {"NL"}),  # the VAT number narrows it
        ("160 Riverside Way\nBristol\n8513 INH", None, {"GB", "US"}),  # "INH" is no town here
        ("Hauptstraße 1\n01118 Dresden", None, {"DE"}),
        ("217 Harbour Way", "GB123456789", {"GB"}),  # no town: the VAT number's country
        ("Industriestrasse 5", "XI123456789", {"GB"}),
        ("Unit 4", None, set()),
    ],
)
def test_an_address_is_placed_by_its_town_else_by_the_vat_number(address, vat_id, countries):
    assert address_countries(address, vat_id) == countries


@pytest.mark.parametrize(
    ("address", "countries", "fits"),
    [
        ("135 Harbour Way\nLeeds\nLS18 2JE", {"GB"}, True),
        ("135 Harbour Way\nLeeds\n1518 2JE", {"GB"}, False),
        ("Handelsweg 211\n1050 VL Amsterdam", {"NL", "US"}, True),
        ("Handelsweg 211\n1050 Vi. Amsterdam", {"NL", "US"}, False),
        ("31 rue Gambetta\n3050 Grenoble", {"FR"}, False),
        ("31 rue Gambetta\n38050 Grenoble", {"FR"}, True),
        ("Zuiderkade 211\n3557 WI Utrecht", {"NL"}, False),  # Dutch postcodes use no I
        ("Zuiderkade 211\n3557 WJ Utrecht", {"NL"}, True),
        ("Main Street 1\nDublin", {"IE"}, None),  # no form known: nothing said
        ("Main Street 1", set(), None),
    ],
)
def test_a_postcode_fits_the_form_of_its_country(address, countries, fits):
    assert postcode_fits(address, countries) is fits


def test_an_ocr_address_with_a_misread_postcode_goes_to_review_a_text_layer_one_is_not_checked():
    page = address_scan(0.96)
    extraction = read(page, "en")

    def with_address(address: str, source: str = "px"):
        field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), source, address))
        return replace(extraction, fields={**extraction.fields, "vendor_address": field})

    misread = with_address("135 Harbour Way\nLeeds\n1518 2JE")
    (finding,) = [f for f in ocr_findings(misread, [page]) if f.code == "postcode_misread"]
    assert "British" in finding.message and finding.fields == ("vendor_address",)
    assert not route(misread, validate(misread, [page]), threshold=0.9).auto_approve
    assert not [
        f
        for f in ocr_findings(with_address("135 Harbour Way\nLeeds\nLS18 2JE"), [page])
        if f.code == "postcode_misread"
    ]
    from_text_layer = with_address("135 Harbour Way\nLeeds\n1518 2JE", source="pt")
    assert not [f for f in ocr_findings(from_text_layer, [page]) if f.code == "postcode_misread"]


def test_an_ocr_address_line_that_is_a_house_number_alone_goes_to_review():
    page = address_scan(0.96)
    extraction = read(page, "en")

    def codes(address: str) -> list[str]:
        field = FieldValue(address, 0.99, Evidence(1, (0, 0, 400, 80), "px", address))
        return [
            f.code
            for f in ocr_findings(
                replace(extraction, fields={**extraction.fields, "vendor_address": field}), [page]
            )
        ]

    assert "street_unread" in codes("1980\nRaleigh, NC 27604")
    assert "street_unread" not in codes("1980 Commerce Drive\nRaleigh, NC 27604")


@pytest.mark.parametrize(
    ("address", "wrong"),
    [
        ("1756 Washington Avenue\nAustin, TH 78719", "'TH' is no US state"),
        ("5846 Park Avenue\nSalt Lake City, UT 64112", "ZIP code 64112 is not one of UT's"),
        ("5846 Park Avenue\nSalt Lake City, UT 84112", None),
        ("1 Main St\nNew York, NY 10001-1234", None),
        ("Hauptstraße 1\n01118 Dresden", None),
    ],
)
def test_a_us_address_state_and_zip_code_must_agree(address, wrong):
    found = us_state_zip_mismatch(address)
    assert (found is None) if wrong is None else (found is not None and found.startswith(wrong))
