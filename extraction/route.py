"""The route stage: auto-approve, or send to a reviewer with reasons the reviewer can read."""

from __future__ import annotations

import math
from collections.abc import Sequence

from models.extraction import REQUIRED_FIELDS, Extraction, Finding, RoutingDecision

# EN 16931 makes the document type (BT-3) and the seller's postal address (BG-5) mandatory: every invoice
# prints them, so not finding one means the page was misread, not that it is absent. On the train split a
# missing one was a wrong auto-approval every time; the other optional fields may truly be absent.
EXPECTED_FIELDS: tuple[str, ...] = ("document_type", "vendor_address")
# On a scan or photo an optional field can be missing because OCR garbled its label or its amount; the net
# and the tax are printed on all but a few percent of invoices (97% of the train PDFs), so on an OCR'd
# invoice their absence is far more often a misread than the truth. There is no straight-through target for
# scans: a reviewer confirms.
# The buyer's name is printed on 99% of train and corpus invoices (EN 16931 BT-44 is mandatory) and OCR
# most often loses it to a window envelope's blur or a stamp.
EXPECTED_ON_SCANS: dict[str, str] = {
    "total_net": "net total",
    "total_tax": "tax total",
    "buyer_name": "buyer name",
}
# Every field may clear the threshold while the document as a whole does not: fifteen OCR'd fields at
# 0.98 each are all right only 74% of the time. Approval also needs the chance that all are right (the
# product of the calibrated confidences) to reach this. On the train dev sets it stops the scans whose
# one misread digit hid among many fields at 0.95-0.99, and no born-digital invoice (their fields sit
# at 0.99 and above).
ALL_RIGHT_CONFIDENCE = 0.8


def route(extraction: Extraction, findings: Sequence[Finding], *, threshold: float) -> RoutingDecision:
    """Approve only when every required field is there, every field is sure enough and all of them
    together are, with no error."""
    reasons = [*_required_reasons(extraction, threshold), *_confidence_reasons(extraction, threshold)]
    reasons += _scan_reasons(extraction)
    reasons += [finding.message for finding in findings if finding.severity == "error"]
    if not reasons:
        reasons += _all_right_reasons(extraction)
    if not reasons:
        return RoutingDecision(auto_approve=True, reasons=())
    reasons += [finding.message for finding in findings if finding.severity != "error"]
    return RoutingDecision(auto_approve=False, reasons=tuple(reasons))


def _required_reasons(extraction: Extraction, threshold: float) -> list[str]:
    reasons = []
    for name in (*REQUIRED_FIELDS, *EXPECTED_FIELDS):
        found = extraction.fields.get(name)
        if found is None:
            reasons.append(f"missing {name.replace('_', ' ')}")
        elif found.confidence < threshold:
            reasons.append(_below(name, found.confidence, threshold))
    return reasons


def _scan_reasons(extraction: Extraction) -> list[str]:
    if not is_ocr(extraction):
        return []
    return [
        f"no {what} was read on the scan: OCR may have missed it"
        for name, what in EXPECTED_ON_SCANS.items()
        if name not in extraction.fields
    ]


def is_ocr(extraction: Extraction) -> bool:
    """Whether the fields were read by OCR (from a page image) rather than from a text layer."""
    return any(found.read_by_ocr for found in extraction.fields.values())


def _confidence_reasons(extraction: Extraction, threshold: float) -> list[str]:
    return [
        _below(name, found.confidence, threshold)
        for name, found in extraction.fields.items()
        if name not in REQUIRED_FIELDS and name not in EXPECTED_FIELDS and found.confidence < threshold
    ]


def all_right_confidence(extraction: Extraction) -> float:
    """The chance that every extracted field is right, taking the calibrated confidences as independent."""
    return math.prod(found.confidence for found in extraction.fields.values())


def _all_right_reasons(extraction: Extraction) -> list[str]:
    together = all_right_confidence(extraction)
    if together >= ALL_RIGHT_CONFIDENCE:
        return []
    count = len(extraction.fields)
    return [f"all {count} fields together: confidence {together:.2f} below {ALL_RIGHT_CONFIDENCE:.2f}"]


def _below(name: str, confidence: float, threshold: float) -> str:
    return f"{name}: confidence {confidence:.2f} below {threshold:.2f}"
