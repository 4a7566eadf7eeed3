"""Small documents made in tests: a one-page PDF of text lines, a blank PNG of any size."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas


def pdf_with_lines(lines: list[str], *, password: str | None = None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=password)
    y = 780
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def blank_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.full((height, width), 255, dtype=np.uint8)).save(out, format="PNG")
    return out.getvalue()


INVOICE_LINES = [
    "Northwind Traders GmbH",
    "Hauptstrasse 5, 10115 Berlin",
    "Invoice",
    "Invoice No.: NW-2026-0815",
    "Invoice date: 04.03.2026",
    "Net amount: 100,00 EUR",
    "VAT 19%: 19,00 EUR",
    "Total: 119,00 EUR",
]
