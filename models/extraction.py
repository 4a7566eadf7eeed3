"""What the extract, validate and route stages produce, and its JSON shape.

The JSON shape is the one of `fields.md`: `fields`, `lines`, `confidence`, `evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from models.pagetext import Box, Unit

HEADER_FIELDS: tuple[str, ...] = (
    "document_type",
    "invoice_number",
    "issue_date",
    "due_date",
    "currency",
    "purchase_order",
    "payment_terms",
    "vendor_name",
    "vendor_vat_id",
    "vendor_tax_id",
    "vendor_address",
    "vendor_iban",
    "vendor_bic",
    "buyer_name",
    "buyer_vat_id",
    "total_net",
    "total_tax",
    "total",
    "amount_due",
)
LINE_FIELDS: tuple[str, ...] = (
    "description",
    "sku",
    "quantity",
    "unit",
    "unit_price",
    "tax_rate",
    "amount",
    "po_line",
)
DATE_FIELDS = frozenset({"issue_date", "due_date"})
AMOUNT_FIELDS = frozenset({"total_net", "total_tax", "total", "amount_due"})
LINE_DECIMAL_FIELDS = frozenset({"quantity", "unit_price", "tax_rate", "amount"})
# An invoice is never approved without these, whatever else it holds.
REQUIRED_FIELDS: tuple[str, ...] = ("invoice_number", "issue_date", "vendor_name", "currency", "total")


@dataclass(frozen=True)
class Evidence:
    page: int
    box: Box
    unit: Unit  # "pt" for a PDF text layer, "px" for the OCR image of the page
    text: str = ""  # the words the value was read from, as printed

    def to_json(self) -> dict:
        return {
            "page": self.page,
            "box": [round(v, 2) for v in self.box],
            "unit": self.unit,
            "text": self.text,
        }

    @classmethod
    def from_json(cls, data: dict) -> Evidence:
        b = data["box"]
        return cls(
            page=data["page"], box=(b[0], b[1], b[2], b[3]), unit=data["unit"], text=data.get("text", "")
        )


@dataclass(frozen=True)
class FieldValue:
    value: str
    confidence: float  # 0..1: how likely the value is right
    evidence: Evidence | None = None
    # How the value was chosen, where that changes how far it can be trusted: "" for layout and label
    # evidence, "model" when only the spaCy model spoke for it, "memory" when a reviewer's earlier
    # correction on this vendor's layout decided it. Calibration keeps these apart.
    basis: str = ""

    @property
    def read_by_ocr(self) -> bool:
        """Whether the value was read from a page image (pixels) rather than a text layer."""
        return self.evidence is not None and self.evidence.unit == "px"


@dataclass(frozen=True)
class LineItem:
    values: dict[str, str]  # LINE_FIELDS that were read; a missing key was not printed
    confidence: float
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Extraction:
    fields: dict[str, FieldValue]  # only fields found on the document
    lines: tuple[LineItem, ...] = ()
    language: str | None = None  # what the extractor decided the document is written in
    locale_hints: dict[str, str] = field(default_factory=dict)  # e.g. {"date_order": "dmy"}

    def value(self, name: str) -> str | None:
        found = self.fields.get(name)
        return found.value if found else None


Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One validation result a reviewer should see; `fields` names what is involved."""

    code: str  # stable id, e.g. "totals_mismatch"
    message: str  # for a reviewer: says what does not add up, with the numbers
    fields: tuple[str, ...] = ()
    severity: Severity = "error"


@dataclass(frozen=True)
class RoutingDecision:
    auto_approve: bool
    reasons: tuple[str, ...]  # why it needs review; empty when auto-approved


def extraction_to_json(
    extraction: Extraction,
    *,
    document: str,
    findings: tuple[Finding, ...] = (),
    decision: RoutingDecision | None = None,
) -> dict:
    """The `fields.md` result shape, plus findings and the routing decision."""
    result: dict = {
        "document": document,
        "fields": {name: fv.value for name, fv in extraction.fields.items()},
        "lines": [dict(line.values) for line in extraction.lines],
        "confidence": {name: round(fv.confidence, 4) for name, fv in extraction.fields.items()},
        "evidence": {name: fv.evidence.to_json() for name, fv in extraction.fields.items() if fv.evidence},
        "line_confidence": [round(line.confidence, 4) for line in extraction.lines],
        "line_evidence": [line.evidence.to_json() if line.evidence else None for line in extraction.lines],
    }
    if findings:
        result["findings"] = [
            {"code": f.code, "message": f.message, "fields": list(f.fields), "severity": f.severity}
            for f in findings
        ]
    if decision is not None:
        result["route"] = {
            "auto_approve": decision.auto_approve,
            "reasons": list(decision.reasons),
        }
    return result
