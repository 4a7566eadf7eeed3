"""What only the HTML pages need on top of a view's context: labels, the grouping of the
form, which fields to flag, evidence boxes in display-image pixels, history in words."""

from __future__ import annotations

from models.extraction import AMOUNT_FIELDS, DATE_FIELDS, LINE_FIELDS, REQUIRED_FIELDS
from review_ui.field_input import DOCUMENT_TYPES
from review_ui.review import line_input_name

FIELD_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Document",
        (
            "document_type",
            "invoice_number",
            "issue_date",
            "due_date",
            "currency",
            "purchase_order",
            "payment_terms",
        ),
    ),
    (
        "Vendor",
        ("vendor_name", "vendor_vat_id", "vendor_tax_id", "vendor_address", "vendor_iban", "vendor_bic"),
    ),
    ("Buyer", ("buyer_name", "buyer_vat_id")),
    ("Totals", ("total_net", "total_tax", "total", "amount_due")),
)
LABELS: dict[str, str] = {
    "document_type": "Type",
    "invoice_number": "Invoice no.",
    "purchase_order": "PO number",
    "vendor_name": "Name",
    "vendor_vat_id": "VAT ID",
    "vendor_tax_id": "Tax ID",
    "vendor_address": "Address",
    "vendor_iban": "IBAN",
    "vendor_bic": "BIC",
    "buyer_name": "Name",
    "buyer_vat_id": "VAT ID",
    "total_net": "Net",
    "total_tax": "Tax",
    "total": "Total",
    "amount_due": "Amount due",
    "sku": "SKU",
    "po_line": "PO line",
    "amount": "Amount",
    "quantity": "Qty",
    "unit_price": "Price",
    "tax_rate": "Tax %",
    "line_number": "#",
}
ACTIONS: dict[str, str] = {
    "correct": "changed",
    "approve": "approved",
    "reject": "rejected",
    "auto_approve": "auto-approved",
    "export": "exported",
    "fail": "failed",
}


def label(name: str) -> str:
    return LABELS.get(name) or name.replace("_", " ").capitalize()


def form_groups(context: dict, *, typed: dict | None = None, errors: dict | None = None) -> list[dict]:
    """The header fields grouped for the form, each with what the clerk should notice."""
    flagged = {name for finding in context["findings"] for name in finding.get("fields", [])}
    return [
        {
            "title": title,
            "rows": [_field_row(context, name, typed or {}, errors or {}, flagged) for name in names],
        }
        for title, names in FIELD_GROUPS
    ]


def _field_row(context: dict, name: str, typed: dict, errors: dict, flagged: set[str]) -> dict:
    value = typed.get(name, context["fields"].get(name))
    confidence = context["confidence"].get(name)
    changed_by = context["changed_by"].get(name)
    reviewed = changed_by not in (None, "extractor")
    return {
        "name": name,
        "label": label(name),
        "value": value or "",
        "confidence": confidence,
        "percent": round(confidence * 100) if confidence is not None and not reviewed else None,
        "low": bool(value) and not reviewed and (confidence or 0) < context["confidence_threshold"],
        "missing": not value and name in REQUIRED_FIELDS,
        "flagged": name in flagged,
        "reviewed_by": changed_by if reviewed else None,
        "error": errors.get(name),
        "has_box": name in context["evidence"],
        "kind": _input_kind(name),
        "choices": DOCUMENT_TYPES if name == "document_type" else (),
    }


def _input_kind(name: str) -> str:
    if name == "vendor_address":
        return "multiline"
    if name in DATE_FIELDS:
        return "date"
    return "amount" if name in AMOUNT_FIELDS else "text"


def line_table(context: dict, *, typed: dict | None = None, errors: dict | None = None) -> dict:
    typed, errors = typed or {}, errors or {}
    rows = []
    for line in context["lines"]:
        cells = []
        for name in LINE_FIELDS:
            key = line_input_name(line["line_number"], name)
            cells.append(
                {
                    "input": key,
                    "name": name,
                    "value": typed.get(key, line[name]) or "",
                    "error": errors.get(key),
                }
            )
        rows.append({"line_number": line["line_number"], "cells": cells, "has_box": bool(line["evidence"])})
    return {"columns": [{"name": name, "label": label(name)} for name in LINE_FIELDS], "rows": rows}


def page_overlays(context: dict) -> list[dict]:
    """Each page's display image with the evidence boxes on it, in display-image pixels
    (page units × the page's image scale), so an SVG over the image can draw them."""
    pages = []
    for page in context["pages"]:
        scale = page["image_scale"]
        boxes = [
            {"target": name, "kind": "field", **_rect(found["box"], scale)}
            for name, found in context["evidence"].items()
            if found["page"] == page["number"]
        ]
        boxes += [
            {"target": f"line-{line['line_number']}", "kind": "line", **_rect(line["evidence"]["box"], scale)}
            for line in context["lines"]
            if line["evidence"] and line["evidence"]["page"] == page["number"]
        ]
        pages.append(
            {**page, "width_px": page["width"] * scale, "height_px": page["height"] * scale, "boxes": boxes}
        )
    return pages


def _rect(box: list[float], scale: float) -> dict:
    x0, y0, x1, y1 = (value * scale for value in box)
    return {"x": round(x0, 1), "y": round(y0, 1), "w": round(x1 - x0, 1), "h": round(y1 - y0, 1)}


def history_rows(history: list[dict]) -> list[dict]:
    """Newest first, each as who did what, in words."""
    return [{**event, "what": _what(event)} for event in reversed(history)]


def _what(event: dict) -> str:
    verb = ACTIONS.get(event["action"], event["action"].replace("_", " "))
    if event["action"] == "correct":
        return f"{verb} {label(event['field'] or '')}"
    return f"{verb}: {event['note']}" if event["note"] else verb


def html_extras(context: dict, *, typed: dict | None = None, errors: dict | None = None) -> dict:
    return {
        "groups": form_groups(context, typed=typed, errors=errors),
        "line_table": line_table(context, typed=typed, errors=errors),
        "overlays": page_overlays(context),
        "events": history_rows(context["history"]),
        "errors": errors or {},
    }
