"""An IBAN printed on the page but not read blocks approval: the payment account would be missing."""

from __future__ import annotations

from stdnum import vatin

from extraction import route, validate
from extraction.check_printed import (
    printed_bics,
    printed_findings,
    printed_ibans,
    printed_vat_numbers,
    vat_key,
)
from models.pagetext import PageText
from tests.extraction_fixtures import COMPLETE_FIELDS
from tests.test_checks import extraction, text_page

# A footer whose text layer interleaves two columns: the IBAN's label is mangled, its digits are not.
INTERLEAVED = "GmbH invoice@example-gebaeudeIBnAgN.d: eDE76 4205 0001 7084 2739 92 Amtsgericht Bielefeld"
COMPLETE = COMPLETE_FIELDS


def test_an_iban_is_found_in_interleaved_footer_text_and_cut_before_the_next_word():
    assert printed_ibans([text_page("Summe 119,00", INTERLEAVED)]) == ["DE76420500017084273992"]


def test_a_number_that_fails_the_iban_checksum_is_not_an_iban():
    assert printed_ibans([text_page("Kundennummer DE77 4205 0001 7084 2739 92")]) == []


def test_a_printed_iban_that_was_not_read_stops_auto_approval_and_names_the_field():
    page = text_page("Rechnung R-1", INTERLEAVED)
    unread = extraction(**COMPLETE)
    (finding,) = printed_findings(unread, [page])
    assert finding.fields == ("vendor_iban",)
    assert "DE76420500017084273992" in finding.message
    assert not route(unread, validate(unread, [page]), threshold=0.9).auto_approve


def test_no_finding_when_the_iban_was_read_or_none_is_printed():
    page = text_page("Rechnung R-1", INTERLEAVED)
    read = extraction(**COMPLETE, vendor_iban="DE76420500017084273992")
    assert printed_findings(read, [page]) == []
    assert printed_findings(extraction(**COMPLETE), [text_page("Rechnung R-1", "Zahlbar sofort")]) == []


# --- VAT numbers ----------------------------------------------------------------------------------

VENDOR_VAT = "DE525333536"
BUYER_VAT = "DE972682034"


def vat_page() -> PageText:
    return text_page(
        "Krause Bürobedarf e.K.",
        f"USt-ID {VENDOR_VAT} St.-Nr. 196/404/13938",
        f"USt-IdNr. Kunde: {BUYER_VAT}",
        "IBAN: DE37 1004 0061 4245 0822 39",
    )


def test_vat_numbers_are_found_spaced_glued_or_with_ocr_letters_for_digits():
    page = text_page("TVA FR40 303265045", "GB 980 7806 84", "CHE-116.281.710 MWST", "BTW: NL8O3851595B01")
    assert printed_vat_numbers([page]) == [
        "FR40303265045",
        "GB980780684",
        "CHE116281710MWST",
        "NL803851595B01",
    ]
    assert printed_vat_numbers([text_page("USt-IdeDE525333536gh:")]) == [VENDOR_VAT]
    assert printed_vat_numbers([text_page("USt-IDDE525333536St.-Nr. 196/404/13938")]) == [VENDOR_VAT]
    # "AT" of "VAT" is Austria's prefix: the GB number after it must still be found
    assert printed_vat_numbers([text_page("VAT ID GB 235 8511 07")]) == ["GB235851107"]
    assert printed_vat_numbers([text_page("USt-IdNr.: CHE-837.179,096 MWST")]) == ["CHE837179096MWST"]


def test_numbers_failing_the_vat_check_and_the_start_of_an_iban_are_no_vat_numbers():
    assert vatin.is_valid("BE1953900001")  # this IBAN's first three groups pass the Belgian check
    assert printed_vat_numbers([text_page("IBAN: BE19 5390 0001 7612", "DE525333537")]) == []
    # "PT" (Personentag) then amounts whose digits happen to pass Portugal's check
    assert printed_vat_numbers([text_page("Workshop-Moderation 0,5 PT 1.603,72 801,86")]) == []


def test_a_printed_vat_number_that_was_not_read_stops_approval_and_names_the_missing_field():
    page = vat_page()
    both = extraction(**COMPLETE, vendor_iban="DE37100400614245082239", vendor_vat_id=VENDOR_VAT)
    assert printed_findings(both, [page])[0].fields == ("buyer_vat_id",)
    (finding,) = printed_findings(extraction(**COMPLETE, vendor_iban="DE37100400614245082239"), [page])
    assert finding.code == "vat_id_printed_unread" and finding.fields == ("vendor_vat_id", "buyer_vat_id")
    assert VENDOR_VAT in finding.message
    unread = extraction(**COMPLETE, vendor_iban="DE37100400614245082239", buyer_vat_id=BUYER_VAT)
    (finding,) = printed_findings(unread, [page])
    assert finding.fields == ("vendor_vat_id",)
    assert not route(unread, validate(unread, [page]), threshold=0.9).auto_approve


def test_no_finding_when_every_printed_vat_number_was_read_in_any_spelling():
    page = vat_page()
    read = extraction(
        **COMPLETE,
        vendor_iban="DE37100400614245082239",
        vendor_vat_id="DE 525 333 536",
        buyer_vat_id=BUYER_VAT,
    )
    assert printed_findings(read, [page]) == []
    assert vat_key("CHE-116.281.710 MWST") == vat_key("CHE116281710")


# --- BIC ------------------------------------------------------------------------------------------


def test_a_bic_after_its_label_is_found_and_capitals_without_the_label_are_not():
    page = text_page("SWIFT-BIC: COBADEFFXXX", "Swift code: NWBKGB2L", "BIC/SWIFT: BNPAFRPP")
    assert printed_bics([page]) == ["COBADEFFXXX", "NWBKGB2L", "BNPAFRPP"]
    assert printed_bics([text_page("Geschäftsführer: COBADEFFXXX", "BIC: XXXXZZ12")]) == []


def test_a_printed_bic_that_was_not_read_stops_approval():
    page = text_page("IBAN: DE37 1004 0061 4245 0822 39", "BIC: COBADEFFXXX")
    unread = extraction(**COMPLETE, vendor_iban="DE37100400614245082239")
    (finding,) = printed_findings(unread, [page])
    assert finding.fields == ("vendor_bic",)
    assert finding.message == "a BIC (COBADEFFXXX) is printed but no vendor BIC was read"
    assert (
        printed_findings(
            extraction(**COMPLETE, vendor_iban="DE37100400614245082239", vendor_bic="COBADEFFXXX"), [page]
        )
        == []
    )


# --- US tax ids (EIN) -----------------------------------------------------------------------------


def test_a_printed_ein_that_was_not_read_blocks_approval_and_names_the_vendor_tax_id():
    # OCR garbled the "Tax ID" label in the footer; the number's shape still says what it is.
    page = text_page("Keystone Haulage Corp", "Bank: Wells Fargo ey ge iD 14-8428850 Phone (222) 555-0193")
    unread = extraction(**COMPLETE)
    (finding,) = printed_findings(unread, [page])
    assert finding.fields == ("vendor_tax_id",)
    assert "14-8428850" in finding.message
    assert not route(unread, validate(unread, [page]), threshold=0.9).auto_approve


def test_no_ein_finding_when_it_was_read_or_only_lookalikes_are_printed():
    page = text_page("Keystone Haulage Corp", "Tax ID 14-8428850")
    assert printed_findings(extraction(**COMPLETE, vendor_tax_id="14-8428850"), [page]) == []
    lookalikes = text_page("Phone (222) 555-0193", "Order 2026-0012345 Ref F14-8428850 Account 146779921930")
    assert printed_findings(extraction(**COMPLETE), [lookalikes]) == []
