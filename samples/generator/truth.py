"""Ground truth in the fields.md shape, holding only what the rendered page actually prints."""

from __future__ import annotations

from .content import Invoice, Line
from .money import money_str, plain_str, price_str
from .render_pdf import RenderedPdf


def _compact(printed: str) -> str:
    """Identifiers compare without white space (fields.md); keep every other character as printed."""
    return "".join(printed.split())


def header_fields(invoice: Invoice, printed: frozenset[str]) -> dict[str, str | None]:
    vendor = invoice.vendor
    values: dict[str, str | None] = {
        "document_type": invoice.document_type,
        "invoice_number": invoice.number,
        "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "currency": invoice.currency,
        "purchase_order": invoice.purchase_order,
        "payment_terms": invoice.payment_terms,
        "vendor_name": vendor.party.name,
        "vendor_vat_id": _compact(vendor.party.vat_id) if vendor.party.vat_id else None,
        "vendor_tax_id": _compact(vendor.tax_id) if vendor.tax_id else None,
        "vendor_address": "\n".join(vendor.party.address),
        "vendor_iban": vendor.bank.iban,
        "vendor_bic": vendor.bank.bic,
        "buyer_name": invoice.buyer.name,
        "buyer_vat_id": _compact(invoice.buyer.vat_id) if invoice.buyer.vat_id else None,
        "total_net": money_str(invoice.total_net),
        "total_tax": money_str(invoice.total_tax),
        "total": money_str(invoice.total),
        "amount_due": money_str(invoice.amount_due),
    }
    fields = {name: value for name, value in values.items() if name in printed}
    # A missing PO is ground truth too: extracting one from such an invoice is a false positive.
    fields["purchase_order"] = invoice.purchase_order if "purchase_order" in printed else None
    return fields


def line_truth(line: Line, printed: frozenset[str]) -> dict[str, str]:
    values = {
        "description": line.description,
        "sku": line.sku,
        "quantity": plain_str(line.quantity),
        "unit": line.unit or None,
        "unit_price": price_str(line.unit_price),
        "tax_rate": plain_str(line.tax_rate),
        "amount": money_str(line.amount),
        "po_line": line.po_line,
    }
    return {name: value for name, value in values.items() if name in printed and value is not None}


def build_truth(document: str, invoice: Invoice, rendered: RenderedPdf, meta: dict) -> dict:
    return {
        "document": document,
        "fields": header_fields(invoice, rendered.printed),
        "lines": [line_truth(line, rendered.line_fields) for line in invoice.lines],
        "meta": meta,
    }
