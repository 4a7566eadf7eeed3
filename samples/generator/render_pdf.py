"""Lays an invoice out on pages with reportlab: header, parties, table with page carry-over,
totals and footer. Drawing happens twice: once to count pages, once with 'Page i of n'."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.pdfgen.canvas import Canvas

from . import pdf_header as header
from . import pdf_table as table
from . import pdf_totals as totals
from .content import Invoice
from .layouts import Layout
from .pdf_pen import Box, Pen, register_fonts
from .pdf_sheet import Sheet

_CREATORS = ("Invoicing 7.2", "ERP Print Server", "Billing Suite 2024", "Faktura Pro", "OfficeLedger 11")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    page_size: tuple[float, float]  # points
    printed: frozenset[str]  # header truth fields that appear on the page
    line_fields: frozenset[str]  # line truth fields that appear in the table
    key_boxes: dict[int, list[Box]]  # page -> boxes (points, top-left origin) of key values


def render_pdf(invoice: Invoice, layout: Layout) -> RenderedPdf:
    register_fonts()
    pages = _draw(invoice, layout, pages=0).pages
    return _draw(invoice, layout, pages=pages)


def _draw(invoice: Invoice, layout: Layout, pages: int) -> RenderedPdf:
    sheet = Sheet(invoice, layout)
    buffer = io.BytesIO()
    # invariant=1 drops the creation time and random document id: same seed, same bytes.
    canvas = Canvas(buffer, pagesize=sheet.size, invariant=1, pageCompression=1)
    canvas.setTitle(f"{sheet.title.title()} {invoice.number}")
    canvas.setAuthor(invoice.vendor.party.name)
    canvas.setCreator(_CREATORS[layout.layout_id % len(_CREATORS)])
    pen = Pen(canvas, sheet.width, sheet.height, layout.font, layout.base_size, invoice.vendor.accent)
    cols = table.columns(pen, sheet)
    y = _first_page_top(pen, sheet)
    page = _table_and_totals(pen, sheet, cols, y, pages)
    canvas.save()
    return RenderedPdf(
        buffer.getvalue(), page, sheet.size, frozenset(pen.printed - {"lines"}),
        frozenset(table.printed_line_fields(cols)), pen.key_boxes,
    )  # fmt: skip


def _first_page_top(pen: Pen, sheet: Sheet) -> float:
    y = header.draw_header(pen, sheet) + 18
    top = max(y, 120.0 if sheet.layout.sender_line else y)
    y = _parties(pen, sheet, top)
    pen.keep_clear((sheet.left, top - 12, sheet.right, y))
    y = header.draw_title(pen, sheet, y + 10)
    intro = sheet.labels["credit_note"] if sheet.credit else sheet.labels["intro"]
    if intro:
        pen.text(sheet.left, y + 4, intro, size=sheet.layout.base_size)
        y += sheet.layout.base_size + 10
    return y + 4


def _parties(pen: Pen, sheet: Sheet, top: float) -> float:
    """Buyer address and invoice details side by side, stacked, or details as a row below."""
    lay = sheet.layout
    half = (sheet.right - sheet.left) / 2
    buyer_x = sheet.left if lay.buyer_side == "left" else sheet.left + half + 20
    y_buyer = top
    if lay.sender_line:
        y_buyer = header.draw_sender_line(pen, sheet, buyer_x, top)
    buyer_bottom = header.draw_buyer(pen, sheet, buyer_x, y_buyer)
    if lay.ship_to:
        header.draw_buyer(pen, sheet, sheet.left + half * 0.75, y_buyer, label_key="ship_to")
    if lay.meta == "boxrow" or lay.meta_side == "full":
        return header.draw_meta(pen, sheet, sheet.left, buyer_bottom + 14, sheet.right - sheet.left)
    if lay.meta_side == lay.buyer_side or (lay.ship_to and lay.meta_side == "right"):
        meta_x = sheet.left if lay.meta_side == "left" else sheet.left + half + 20
        if lay.ship_to:
            meta_bottom = header.draw_meta(pen, sheet, sheet.left + half * 1.35, top - 40, half * 0.65)
            return max(buyer_bottom, meta_bottom)
        return header.draw_meta(pen, sheet, meta_x, buyer_bottom + 14, half - 20)
    meta_x = sheet.left if lay.meta_side == "left" else sheet.left + half + 20
    meta_bottom = header.draw_meta(pen, sheet, meta_x, top + 10, half - 20)
    return max(buyer_bottom, meta_bottom)


def _table_and_totals(pen: Pen, sheet: Sheet, cols: list[table.Column], y: float, pages: int) -> int:
    rows = table.prepare_rows(pen, sheet, cols)
    carry = table.carry_height(sheet)
    pen.keep_clear((sheet.left, y, sheet.right, y + table.header_height(sheet)))
    y = table.draw_table_header(pen, sheet, cols, y)
    running = Decimal(0)
    for i, row in enumerate(rows):
        last = i == len(rows) - 1
        if y + row.height + carry > sheet.bottom and i > 0:
            y = _page_break(pen, sheet, cols, y, running, pages)
        y = table.draw_row(pen, sheet, cols, row, y)
        running += row.line.amount
        if last:
            table.draw_table_end(pen, cols, y)
    if y + totals.totals_height(sheet) > sheet.bottom:
        y = _page_break(pen, sheet, cols, y, running, pages, header_row=False)
    start, y = y, totals.draw_totals(pen, sheet, y)
    pen.keep_clear((sheet.left, start, sheet.right, y))
    totals.draw_payment(pen, sheet, y)
    totals.draw_footer(pen, sheet, pen.page, max(pages, pen.page))
    return pen.page


def _page_break(
    pen: Pen, sheet: Sheet, cols, y: float, running: Decimal, pages: int, header_row=True
) -> float:
    page = pen.page
    table.draw_carry(pen, sheet, cols, y, running, sheet.labels["carried"].format(next=page + 1))
    totals.draw_footer(pen, sheet, page, max(pages, page + 1))
    pen.canvas.showPage()
    pen.page += 1
    y = totals.draw_continuation_header(pen, sheet, pen.page)
    if header_row:
        y = table.draw_table_header(pen, sheet, cols, y)
    return table.draw_carry(pen, sheet, cols, y, running, sheet.labels["brought"].format(prev=page))
