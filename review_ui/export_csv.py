"""The export file an ERP imports: one row per line item, the invoice's header fields repeated
on each; an invoice without line items gives one row with the line columns empty.

UTF-8 without a byte-order mark, comma separated, CRLF line ends (RFC 4180), a header row,
values exactly as stored (decimals with ".", ISO dates). Columns: `CSV_COLUMNS.md`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from models.tables import Invoice, LineItemRow

HEADER_COLUMNS: tuple[str, ...] = (
    "document_type",
    "invoice_number",
    "issue_date",
    "due_date",
    "vendor_name",
    "vendor_vat_id",
    "vendor_tax_id",
    "vendor_iban",
    "vendor_bic",
    "buyer_name",
    "buyer_vat_id",
    "currency",
    "purchase_order",
    "payment_terms",
    "total_net",
    "total_tax",
    "total",
    "amount_due",
)
# CSV column -> LineItemRow attribute
LINE_COLUMNS: dict[str, str] = {
    "line_number": "position",
    "description": "description",
    "sku": "sku",
    "quantity": "quantity",
    "unit": "unit",
    "unit_price": "unit_price",
    "tax_rate": "tax_rate",
    "line_amount": "amount",
    "po_line": "po_line",
}
COLUMNS: tuple[str, ...] = ("batch_id", "document_id", *HEADER_COLUMNS, *LINE_COLUMNS)


def render_csv(invoices: Iterable[Invoice], *, batch_id: int) -> tuple[str, int]:
    """The file's text and how many data rows it holds."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    rows = 0
    for invoice in invoices:
        for row in invoice_rows(invoice, batch_id=batch_id):
            writer.writerow(row)
            rows += 1
    return buffer.getvalue(), rows


def invoice_rows(invoice: Invoice, *, batch_id: int) -> list[list[str]]:
    values = {field.name: field.value for field in invoice.fields}
    header = [str(batch_id), str(invoice.document_id), *(values.get(name) or "" for name in HEADER_COLUMNS)]
    if not invoice.line_items:
        return [header + [""] * len(LINE_COLUMNS)]
    return [header + _line_cells(line) for line in invoice.line_items]


def _line_cells(line: LineItemRow) -> list[str]:
    cells = (getattr(line, attribute) for attribute in LINE_COLUMNS.values())
    return ["" if cell is None else str(cell) for cell in cells]
