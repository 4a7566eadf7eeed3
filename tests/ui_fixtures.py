"""Documents for the review UI tests, stored through the models functions as the pipeline
would store them: an arrival, a claim, a page with its display image, the extraction."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from capture.runtime import Runtime
from capture.storage import store_original, write_atomically
from models.db import transaction
from models.documents import Arrival, claim_document, mark_failed, record_arrival, save_page
from models.extraction import Evidence, Extraction, FieldValue, Finding, LineItem, RoutingDecision
from models.invoices import approve, save_outcome
from models.pagetext import Box, PageText

PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0  # A4 in PDF points
IMAGE_SCALE = 1.5  # display pixels per point
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

ACME_FIELDS = {
    "document_type": "invoice",
    "invoice_number": "INV-2026-0042",
    "issue_date": "2026-03-02",
    "due_date": "2026-04-01",
    "currency": "EUR",
    "purchase_order": "PO-7781",
    "payment_terms": "Net 30",
    "vendor_name": "Acme Industrial GmbH",
    "vendor_vat_id": "DE123456789",
    "vendor_address": "Hafenstraße 12\n20457 Hamburg",
    "vendor_iban": "DE89370400440532013000",
    "vendor_bic": "COBADEFFXXX",
    "buyer_name": "Northwind Trading Ltd",
    "total_net": "1000.00",
    "total_tax": "190.00",
    "total": "1109.00",  # misread: the page says 1190.00
    "amount_due": "1190.00",
}
ACME_LINES = (
    {"description": "Hydraulic pump, 2 kW", "sku": "HP-200", "quantity": "2", "unit": "pcs",
     "unit_price": "350.00", "tax_rate": "19", "amount": "700.00"},
    {"description": "Installation, hours", "sku": "SRV-1", "quantity": "4", "unit": "h",
     "unit_price": "75.00", "tax_rate": "19", "amount": "300.00"},
)  # fmt: skip
LOW_CONFIDENCE = {"total": 0.41, "due_date": 0.62}


@dataclass
class Sample:
    filename: str = "acme-0042.pdf"
    fields: dict[str, str] = field(default_factory=lambda: dict(ACME_FIELDS))
    lines: tuple[dict[str, str], ...] = ACME_LINES
    confidence: dict[str, float] = field(default_factory=lambda: dict(LOW_CONFIDENCE))
    reasons: tuple[str, ...] = ("total read with low confidence (41%)", "totals do not add up")
    findings: tuple[Finding, ...] = (
        Finding("totals_mismatch", "net 1000.00 + tax 190.00 = 1190.00, not 1109.00", ("total",)),
    )
    content: bytes = b""
    with_page: bool = True


def add_invoice(runtime: Runtime, sample: Sample | None = None) -> int:
    """A document waiting for review, with a drawn page image; returns its id."""
    sample = sample or Sample()
    document_id = _arrive(runtime, sample.filename, sample.content or f"%PDF {sample.filename}".encode())
    boxes = {}
    with transaction(runtime.sessions) as session:
        claim_document(session, document_id=document_id, job_id="test", lease_seconds=60)
        if sample.with_page:
            boxes = _store_page(runtime, session, document_id, sample)
        save_outcome(
            session,
            document_id=document_id,
            extraction=_extraction(sample, boxes),
            findings=sample.findings,
            decision=RoutingDecision(auto_approve=False, reasons=sample.reasons),
        )
    return document_id


def add_approved(runtime: Runtime, sample: Sample | None = None, *, actor: str = "anna") -> int:
    document_id = add_invoice(runtime, sample)
    with transaction(runtime.sessions) as session:
        approve(session, document_id=document_id, actor=actor)
    return document_id


def add_failed(runtime: Runtime, *, filename: str, code: str, reason: str, content: bytes = b"") -> int:
    document_id = _arrive(runtime, filename, content or f"%PDF-1.7 encrypted {filename}".encode())
    with transaction(runtime.sessions) as session:
        claim_document(session, document_id=document_id, job_id="test", lease_seconds=60)
        mark_failed(session, document_id=document_id, code=code, reason=reason)
    return document_id


def add_arrival(runtime: Runtime, *, filename: str, content: bytes) -> int:
    """A document as intake records it (possibly a duplicate), not processed yet."""
    return _arrive(runtime, filename, content)


def _arrive(runtime: Runtime, filename: str, content: bytes) -> int:
    sha256, relpath = store_original(runtime.settings.data_dir, content, filename)
    arrival = Arrival(
        sha256=sha256, filename=filename, source="upload", size_bytes=len(content), stored_path=relpath
    )
    with transaction(runtime.sessions) as session:
        document, _ = record_arrival(session, arrival=arrival)
        return document.id


def _extraction(sample: Sample, boxes: dict[str, Box]) -> Extraction:
    fields = {
        name: FieldValue(value, sample.confidence.get(name, 0.97), _evidence(boxes.get(name)))
        for name, value in sample.fields.items()
    }
    lines = tuple(
        LineItem(values=dict(values), confidence=0.93, evidence=_evidence(boxes.get(f"line-{n}")))
        for n, values in enumerate(sample.lines, start=1)
    )
    return Extraction(fields=fields, lines=lines, language="en")


def _evidence(box: Box | None) -> Evidence | None:
    return Evidence(page=1, box=box, unit="pt") if box else None


def _store_page(runtime: Runtime, session, document_id: int, sample: Sample) -> dict[str, Box]:
    relpath = f"pages/{document_id}/page-1.png"
    png, boxes = draw_invoice(sample)
    write_atomically(runtime.settings.data_dir / relpath, png)
    page_text = PageText(
        page=1, width=PAGE_WIDTH, height=PAGE_HEIGHT, unit="pt", source="text-layer", words=()
    )
    save_page(
        session,
        document_id=document_id,
        page_text=page_text,
        image_path=relpath,
        image_scale=IMAGE_SCALE,
        read_seconds=0.1,
    )
    return boxes


def draw_invoice(sample: Sample) -> tuple[bytes, dict[str, Box]]:
    """A plain invoice page as PNG, and the box (in points) of each value drawn on it."""
    page = _Page()
    f = sample.fields
    page.text(None, "INVOICE", 400, 46, 22, bold=True)
    page.text("vendor_name", f.get("vendor_name", ""), 50, 50, 16, bold=True)
    for n, line in enumerate(f.get("vendor_address", "").split("\n")):
        page.text("vendor_address" if n == 0 else None, line, 50, 74 + 13 * n, 9)
    page.labelled("VAT ID", "vendor_vat_id", f.get("vendor_vat_id", ""), 50, 110, 95)
    for n, (caption, name) in enumerate(
        [
            ("Invoice no.", "invoice_number"),
            ("Date", "issue_date"),
            ("Due", "due_date"),
            ("PO", "purchase_order"),
        ]
    ):
        page.labelled(caption, name, f.get(name, ""), 400, 86 + 15 * n, 465)
    page.text(None, "Bill to", 50, 150, 8, colour=(110, 110, 110))
    page.text("buyer_name", f.get("buyer_name", ""), 50, 162, 11, bold=True)
    page.table(sample.lines, 240)
    y = 260 + 20 * len(sample.lines) + 16
    for n, (caption, name) in enumerate([("Net", "total_net"), ("VAT 19%", "total_tax"), ("Total", "total")]):
        page.labelled(caption, name, page.printed.get(name, f.get(name, "")), 400, y + 16 * n, 490, right=545)
    page.labelled("Payment terms", "payment_terms", f.get("payment_terms", ""), 50, 740, 130)
    page.labelled("IBAN", "vendor_iban", f.get("vendor_iban", ""), 50, 760, 130)
    page.labelled("BIC", "vendor_bic", f.get("vendor_bic", ""), 50, 775, 130)
    return page.png(), page.boxes


class _Page:
    def __init__(self) -> None:
        size = (round(PAGE_WIDTH * IMAGE_SCALE), round(PAGE_HEIGHT * IMAGE_SCALE))
        self.image = Image.new("RGB", size, "white")
        self.draw = ImageDraw.Draw(self.image)
        self.boxes: dict[str, Box] = {}
        self.printed = {"total": "1190.00"}  # what the page really says

    def font(self, size: float, bold: bool) -> ImageFont.FreeTypeFont:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        return ImageFont.truetype(str(FONT_DIR / name), round(size * IMAGE_SCALE))

    def text(self, name, text, x, y, size, *, bold=False, colour=(25, 25, 25), right=None) -> None:
        if not text:
            return
        font = self.font(size, bold)
        left = (right * IMAGE_SCALE - self.draw.textlength(text, font=font)) if right else x * IMAGE_SCALE
        self.draw.text((left, y * IMAGE_SCALE), text, font=font, fill=colour)
        x0, y0, x1, y1 = self.draw.textbbox((left, y * IMAGE_SCALE), text, font=font)
        if name:
            pad = 2
            self.boxes[name] = tuple(
                round(v / IMAGE_SCALE, 2) for v in (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
            )

    def labelled(self, caption, name, value, x, y, value_x, *, right=None) -> None:
        self.text(None, caption, x, y, 9, colour=(100, 100, 100))
        self.text(name, value, value_x, y, 9, bold=name == "total", right=right)

    def table(self, lines, top) -> None:
        columns = [("Description", 50, None), ("Qty", 0, 330), ("Unit price", 0, 430), ("Amount", 0, 545)]
        for caption, x, right in columns:
            self.text(None, caption, x, top, 8, bold=True, right=right)
        rule_y = (top + 13) * IMAGE_SCALE
        self.draw.line([(50 * IMAGE_SCALE, rule_y), (545 * IMAGE_SCALE, rule_y)], fill=(160, 160, 160))
        for n, line in enumerate(lines, start=1):
            y = top + 6 + 20 * n
            self.text(None, line.get("description", ""), 50, y, 9)
            self.text(None, line.get("quantity", ""), 0, y, 9, right=330)
            self.text(None, line.get("unit_price", ""), 0, y, 9, right=430)
            self.text(None, line.get("amount", ""), 0, y, 9, right=545)
            self.boxes[f"line-{n}"] = (46.0, y - 3.0, 549.0, y + 14.0)

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.image.save(buffer, format="PNG", optimize=False, compress_level=1)
        return buffer.getvalue()
