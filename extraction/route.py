"""The route stage: auto-approve, or send to a reviewer with reasons the reviewer can read."""

from __future__ import annotations

from collections.abc import Sequence

from models.extraction import REQUIRED_FIELDS, Extraction, Finding, RoutingDecision

# EN 16931 makes the document type (BT-3) and the seller's postal address (BG-5) mandatory: every invoice
# prints them, so not finding one means the page was misread, not that it is absent. On the train split a
# missing one was a wrong auto-approval every time; the other optional fields may truly be absent.
EXPECTED_FIELDS: tuple[str, ...] = ("document_type", "vendor_address")


def route(extraction: Extraction, findings: Sequence[Finding], *, threshold: float) -> RoutingDecision:
    """Approve only when every required field is there and every field is sure enough, with no error."""
    reasons = [*_required_reasons(extraction, threshold), *_confidence_reasons(extraction, threshold)]
    reasons += [finding.message for finding in findings if finding.severity == "error"]
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


def _confidence_reasons(extraction: Extraction, threshold: float) -> list[str]:
    return [
        _below(name, found.confidence, threshold)
        for name, found in extraction.fields.items()
        if name not in REQUIRED_FIELDS and name not in EXPECTED_FIELDS and found.confidence < threshold
    ]


def _below(name: str, confidence: float, threshold: float) -> str:
    return f"{name}: confidence {confidence:.2f} below {threshold:.2f}"
