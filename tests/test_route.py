"""Routing: besides every field clearing the threshold, all fields together must be likely right."""

from __future__ import annotations

from dataclasses import replace

from extraction import route
from extraction.route import ALL_RIGHT_CONFIDENCE, all_right_confidence
from models.extraction import Evidence, Extraction, FieldValue

COMPLETE = {
    "invoice_number": "R-1",
    "issue_date": "2026-03-04",
    "vendor_name": "Acme GmbH",
    "currency": "EUR",
    "total": "119.00",
    "document_type": "invoice",
    "vendor_address": "Am Hafen 79\n20457 Hamburg",
}


def extraction(confidence: float, extra_fields: int = 0) -> Extraction:
    fields = {name: FieldValue(value, confidence) for name, value in COMPLETE.items()}
    for index in range(extra_fields):
        fields[f"extra_{index}"] = FieldValue(str(index), confidence)
    return Extraction(fields=fields)


def test_the_chance_that_all_fields_are_right_is_the_product_of_their_confidences():
    assert abs(all_right_confidence(extraction(0.9)) - 0.9**7) < 1e-9
    assert all_right_confidence(Extraction(fields={})) == 1.0


def test_many_fields_each_just_sure_enough_are_not_approved_together():
    # 15 fields at 0.97: each clears 0.9, all of them are right only 63% of the time
    unsure_together = extraction(0.97, extra_fields=8)
    decision = route(unsure_together, (), threshold=0.9)
    assert not decision.auto_approve
    assert decision.reasons == (f"all 15 fields together: confidence 0.63 below {ALL_RIGHT_CONFIDENCE:.2f}",)


def test_fields_sure_enough_together_are_approved():
    assert route(extraction(0.995, extra_fields=8), (), threshold=0.9).auto_approve


def test_the_joint_reason_is_only_given_when_nothing_else_stops_the_invoice():
    decision = route(extraction(0.85, extra_fields=8), (), threshold=0.9)
    assert not decision.auto_approve
    assert not any("together" in reason for reason in decision.reasons)


def scanned(extraction: Extraction) -> Extraction:
    """The same fields, read by OCR from a page image."""
    evidence = Evidence(1, (0, 0, 10, 10), "px")
    return Extraction(fields={n: replace(f, evidence=evidence) for n, f in extraction.fields.items()})


def test_a_scan_without_a_net_or_tax_total_or_buyer_goes_to_review_a_text_layer_does_not():
    assert route(extraction(0.995), (), threshold=0.9).auto_approve
    decision = route(scanned(extraction(0.995)), (), threshold=0.9)
    assert not decision.auto_approve
    assert decision.reasons == (
        "no net total was read on the scan: OCR may have missed it",
        "no tax total was read on the scan: OCR may have missed it",
        "no buyer name was read on the scan: OCR may have missed it",
    )
    read = {
        "total_net": FieldValue("100.00", 0.995),
        "total_tax": FieldValue("19.00", 0.995),
        "buyer_name": FieldValue("Beta AG", 0.995),
    }
    complete = Extraction(fields={**extraction(0.995).fields, **read})
    assert route(scanned(complete), (), threshold=0.9).auto_approve
