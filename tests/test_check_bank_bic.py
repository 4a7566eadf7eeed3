"""A BIC read by OCR that is a look-alike misreading of the IBAN's bank's BIC stops approval."""

from __future__ import annotations

from extraction import route, validate
from extraction.check_bank_bic import bank_bic_findings, bic_of_iban_bank, look_alike
from models.extraction import Evidence, Extraction, FieldValue
from tests.extraction_fixtures import COMPLETE_FIELDS

# A checksum-valid IBAN at bank code 15080000, which the registry gives the BIC DRESDEFF150.
IBAN_OF_DRESDEFF150 = "DE90150800001234567890"
SCANNED = Evidence(1, (100.0, 3000.0, 500.0, 3030.0), "px")
TEXT_LAYER = Evidence(1, (10.0, 800.0, 90.0, 810.0), "pt")


def read(bic: str, evidence: Evidence = SCANNED) -> Extraction:
    fields = {name: FieldValue(value, 0.99) for name, value in COMPLETE_FIELDS.items()}
    fields["vendor_iban"] = FieldValue(IBAN_OF_DRESDEFF150, 0.99, evidence)
    fields["vendor_bic"] = FieldValue(bic, 0.99, evidence)
    return Extraction(fields=fields)


def test_the_registry_names_the_iban_banks_bic_in_eleven_characters():
    assert bic_of_iban_bank(IBAN_OF_DRESDEFF150) == "DRESDEFF150"
    assert bic_of_iban_bank("DE00150800001234567890") is None  # check digits fail


def test_look_alikes_differ_only_in_characters_ocr_confuses():
    assert look_alike("DRESDEFFI50", "DRESDEFF150")
    assert look_alike("DRESDEFF15O", "DRESDEFF150")
    assert not look_alike("DRESDEFF150", "DRESDEFF150")
    assert not look_alike("DRESDEFFXXX", "DRESDEFF150")  # another branch, printed on purpose


def test_a_bic_with_a_one_read_as_i_stops_approval_and_names_the_right_bic():
    misread = read("DRESDEFFI50")  # a real BIC too, of another bank
    (finding,) = bank_bic_findings(misread)
    assert finding.fields == ("vendor_bic",) and "DRESDEFF150" in finding.message
    assert not route(misread, validate(misread), threshold=0.9).auto_approve


def test_the_banks_own_bic_another_branch_and_a_text_layer_raise_nothing():
    assert bank_bic_findings(read("DRESDEFF150")) == []
    assert bank_bic_findings(read("DRESDEFFXXX")) == []
    assert bank_bic_findings(read("DRESDEFFI50", TEXT_LAYER)) == []


def test_an_iban_read_by_ocr_without_its_bic_stops_approval_and_names_the_bic():
    without_bic = read("DRESDEFF150")
    without_bic = Extraction(fields={k: v for k, v in without_bic.fields.items() if k != "vendor_bic"})
    (finding,) = bank_bic_findings(without_bic)
    assert finding.fields == ("vendor_bic",) and "no BIC" in finding.message
    assert not route(without_bic, validate(without_bic), threshold=0.9).auto_approve
    without_iban = Extraction(
        fields={k: v for k, v in read("DRESDEFF150").fields.items() if k != "vendor_iban"}
    )
    assert [f.fields for f in bank_bic_findings(without_iban)] == [("vendor_iban",)]


def test_a_text_layer_or_an_invoice_without_bank_details_needs_no_pair():
    text_layer = read("DRESDEFF150", TEXT_LAYER)
    assert (
        bank_bic_findings(
            Extraction(fields={k: v for k, v in text_layer.fields.items() if k != "vendor_bic"})
        )
        == []
    )
    scanned = read("DRESDEFF150")
    none = {k: v for k, v in scanned.fields.items() if k not in ("vendor_bic", "vendor_iban")}
    assert bank_bic_findings(Extraction(fields=none)) == []
