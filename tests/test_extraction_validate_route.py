"""Validation findings say what does not add up, with the numbers; routing says why a human must look."""

from __future__ import annotations

from extraction import extract_fields, route, validate
from extraction.validate import apply_findings
from models.extraction import Extraction, FieldValue, Finding, LineItem
from tests.extraction_fixtures import COMPLETE_FIELDS, page, right_aligned

VALID_DE_VAT = "DE812345673"
EXAMPLE_IBAN = "DE89370400440532013000"


def extraction(lines: tuple[LineItem, ...] = (), confidence: float = 0.99, **values: str) -> Extraction:
    fields = {name: FieldValue(value, confidence) for name, value in values.items()}
    return Extraction(fields=fields, lines=lines)


COMPLETE = COMPLETE_FIELDS


def codes(findings) -> list[str]:
    return [finding.code for finding in findings]


def test_a_consistent_invoice_has_no_findings():
    assert validate(extraction(**COMPLETE, due_date="2026-04-03", vendor_iban=EXAMPLE_IBAN)) == ()


def test_totals_that_do_not_add_up_are_an_error_with_the_numbers():
    (finding,) = validate(extraction(**{**COMPLETE, "total": "191.00"}))
    assert finding == Finding(
        "totals_mismatch",
        "net 100.00 + tax 19.00 = 119.00, but the total reads 191.00",
        ("total_net", "total_tax", "total"),
        "error",
    )


def test_a_cent_of_rounding_is_tolerated():
    assert validate(extraction(**{**COMPLETE, "total": "119.02"})) == ()


def test_line_amounts_must_add_up_to_the_net():
    lines = (LineItem({"amount": "60.00"}, 0.9), LineItem({"amount": "30.00"}, 0.9))
    (finding,) = validate(extraction(lines, **COMPLETE))
    assert finding.code == "lines_mismatch"
    assert finding.message == "the 2 line amounts add up to 90.00, but the net total reads 100.00"
    assert finding.severity == "error"  # a misread table must not reach the ERP unseen
    good = (LineItem({"amount": "60.00"}, 0.9), LineItem({"amount": "40.00"}, 0.9))
    assert validate(extraction(good, **COMPLETE)) == ()


def test_a_due_date_before_the_issue_date_is_an_error():
    (finding,) = validate(extraction(**COMPLETE, due_date="2026-03-01"))
    assert finding.code == "due_before_issue"
    assert finding.message == "the due date 2026-03-01 is before the issue date 2026-03-04"
    assert finding.fields == ("issue_date", "due_date")


def test_checksums_of_iban_and_vat_numbers():
    broken_iban = EXAMPLE_IBAN[:-1] + "1"
    findings = validate(extraction(**COMPLETE, vendor_iban=broken_iban, vendor_vat_id="DE812345674"))
    assert codes(findings) == ["iban_invalid", "vat_id_invalid"]
    assert broken_iban in findings[0].message
    assert findings[1].message == "the vendor VAT number DE812345674 fails its check digits"
    assert validate(extraction(**COMPLETE, vendor_vat_id=VALID_DE_VAT)) == ()


def test_a_missing_total_is_an_error():
    values = {k: v for k, v in COMPLETE.items() if k not in ("total", "total_net", "total_tax")}
    assert codes(validate(extraction(**values))) == ["total_missing"]


def test_routing_approves_a_complete_sure_and_consistent_invoice():
    complete = extraction(**COMPLETE)
    decision = route(complete, validate(complete), threshold=0.9)
    assert decision.auto_approve and decision.reasons == ()


def test_routing_names_missing_and_unsure_fields_and_the_findings():
    fields = {name: FieldValue(value, 0.99) for name, value in COMPLETE.items() if name != "invoice_number"}
    fields["total"] = FieldValue("191.00", 0.62)
    fields["due_date"] = FieldValue("2026-04-03", 0.5)
    unsure = Extraction(fields=fields)
    decision = route(unsure, validate(unsure), threshold=0.9)
    assert not decision.auto_approve
    assert decision.reasons == (
        "missing invoice number",
        "total: confidence 0.62 below 0.90",
        "due_date: confidence 0.50 below 0.90",
        "net 100.00 + tax 19.00 = 119.00, but the total reads 191.00",
    )


def test_warnings_alone_do_not_stop_approval_but_are_shown_when_it_is_stopped():
    warning = Finding("buyer_vat_invalid", "buyer VAT id does not check", ("buyer_vat_id",), "warning")
    complete = extraction(**COMPLETE)
    assert route(complete, [warning], threshold=0.9).auto_approve
    unsure = extraction(**COMPLETE, confidence=0.5)
    assert route(unsure, [warning], threshold=0.9).reasons[-1] == "buyer VAT id does not check"


def test_an_extracted_invoice_with_a_wrong_total_goes_to_review():
    rows = [
        (100, [(50, "Invoice No: 8812")]),
        (300, [(380, "Net amount"), right_aligned(530, "100.00 EUR")]),
        (314, [(380, "VAT 19%"), right_aligned(530, "19.00 EUR")]),
        (328, [(380, "Total"), right_aligned(530, "191.00 EUR")]),
    ]
    found = extract_fields([page(rows)])
    findings = validate(found)
    assert "totals_mismatch" in codes(findings)
    decision = route(found, findings, threshold=0.9)
    assert not decision.auto_approve
    assert "net 100.00 + tax 19.00 = 119.00, but the total reads 191.00" in decision.reasons
    assert "missing vendor name" in decision.reasons


def test_fields_named_by_a_failed_check_lose_confidence_and_routing_names_them():
    wrong = extraction(**{**COMPLETE, "due_date": "2026-01-01"})
    findings = validate(wrong)
    adjusted = apply_findings(wrong, findings)
    assert adjusted.fields["due_date"].confidence <= 0.5
    assert adjusted.fields["issue_date"].confidence <= 0.5
    assert adjusted.fields["vendor_name"].confidence == 0.99
    assert not route(adjusted, findings, threshold=0.9).auto_approve


def test_totals_that_add_up_raise_their_confidence():
    unsure = extraction(confidence=0.85, **COMPLETE)
    adjusted = apply_findings(unsure, validate(unsure))
    assert {adjusted.fields[n].confidence for n in ("total_net", "total_tax", "total")} == {0.99}
    assert adjusted.fields["invoice_number"].confidence == 0.85
    mismatched = extraction(confidence=0.85, **{**COMPLETE, "total": "191.00"})
    assert apply_findings(mismatched, validate(mismatched)).fields["total"].confidence == 0.5


def test_an_invoice_without_a_vendor_address_or_document_type_goes_to_review():
    for name in ("vendor_address", "document_type"):
        partial = extraction(**{k: v for k, v in COMPLETE.items() if k != name})
        decision = route(partial, validate(partial), threshold=0.9)
        assert not decision.auto_approve
        assert decision.reasons == (f"missing {name.replace('_', ' ')}",)
