"""Test inputs for the read stage, made on the fly: reportlab invoices, their renders and scans.

Builders are cached (they return immutable bytes, or arrays the tests only read) so that
each test module pays for a page once.
"""

from __future__ import annotations

import functools
import io

import cv2
import numpy as np
import pypdfium2
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

INVOICE_NUMBER = "INV-2024-0457"
TOTAL = "647.30"

_HEADER_LINES = (
    "Northwind Office Supplies GmbH",
    "Hauptstrasse 12, 10115 Berlin",
    "VAT ID DE123456789",
    f"Invoice number: {INVOICE_NUMBER}",
    "Invoice date: 14 March 2024",
    "Customer: Contoso Trading Ltd",
    "Payment terms: 30 days net",
)
_LINE_ITEMS = (
    ("Printer paper A4, 500 sheets", 10, "4.50"),
    ("Ballpoint pens, blue, box of 50", 3, "12.90"),
    ("Stapler, heavy duty", 2, "24.00"),
    ("Toner cartridge black", 4, "61.25"),
    ("Desk organiser", 5, "9.99"),
    ("Sticky notes, yellow", 20, "1.35"),
    ("Archive boxes", 12, "3.80"),
    ("Whiteboard markers", 6, "7.45"),
)


@functools.cache
def invoice_pdf(*, password: str | None = None, owner_password_only: bool = False) -> bytes:
    """A one-page A4 invoice with a real text layer, optionally encrypted."""
    encrypt = None
    if password is not None or owner_password_only:
        encrypt = pdfencrypt.StandardEncryption(password or "", ownerPassword="owner-secret", canPrint=1)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt)
    _draw_invoice(pdf)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_invoice(pdf: canvas.Canvas, *, render_mode: int = 0) -> None:
    """Header lines on the left, line items in columns across the page, like a real invoice."""
    _, height = A4

    def put(x: float, y: float, words: str, size: int = 11, font: str = "Helvetica") -> None:
        text = pdf.beginText(x, y)
        text.setTextRenderMode(render_mode)
        text.setFont(font, size)
        text.textOut(words)
        pdf.drawText(text)

    put(60, height - 80, "INVOICE", size=20, font="Helvetica-Bold")
    y = height - 120
    for line in _HEADER_LINES:
        put(60, y, line)
        y -= 18
    y -= 18
    for column, heading in ((60, "Description"), (330, "Qty"), (400, "Unit price"), (490, "Amount")):
        put(column, y, heading, font="Helvetica-Bold")
    for description, quantity, price in _LINE_ITEMS:
        y -= 18
        put(60, y, description)
        put(330, y, str(quantity))
        put(400, y, price)
        put(490, y, f"{quantity * float(price):.2f}")
    put(400, y - 36, "Total EUR", font="Helvetica-Bold")
    put(490, y - 36, TOTAL, font="Helvetica-Bold")


@functools.cache
def invoice_render(dpi: int = 150) -> np.ndarray:
    """The invoice page as a grayscale image, as a flatbed scanner would deliver it."""
    pdf = pypdfium2.PdfDocument(invoice_pdf())
    try:
        page = pdf[0]
        pixels = page.render(scale=dpi / 72, grayscale=True).to_numpy().copy()
    finally:
        pdf.close()
    pixels.setflags(write=False)  # shared between tests through the cache
    return pixels


@functools.cache
def image_only_pdf(*, with_invisible_text: bool = False) -> bytes:
    """A scanned invoice as PDF: one page-sized image, optionally under an invisible OCR layer."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    scan = Image.fromarray(np.array(invoice_render(150)))
    pdf.drawImage(ImageReader(scan), 0, 0, width=A4[0], height=A4[1])
    if with_invisible_text:
        _draw_invoice(pdf, render_mode=3)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def junk_text_pdf() -> bytes:
    """A page whose text layer is mostly symbols: what a font without a Unicode map extracts to."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("Helvetica", 11)
    for row in range(30):
        pdf.drawString(60, 780 - 20 * row, "•¶§ ~~~ #### ¤¤ ||| ^^ ** ab")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def pdf_with_pages(page_count: int, *, page_size: tuple[float, float] = A4) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=page_size)
    for number in range(1, page_count + 1):
        pdf.drawString(60, page_size[1] - 80, f"Page {number} of a long statement with several words")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def image_bytes(pixels: np.ndarray, image_format: str, **save_options: object) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format=image_format, **save_options)
    return out.getvalue()


def multipage_tiff(frames: list[np.ndarray], *, dpi: int) -> bytes:
    images = [Image.fromarray(frame) for frame in frames]
    out = io.BytesIO()
    images[0].save(out, format="TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi))
    return out.getvalue()


def skewed(image: np.ndarray, degrees: float) -> np.ndarray:
    """The page tilted counter-clockwise by `degrees` on a larger white canvas, like a crooked scan."""
    height, width = image.shape[:2]
    pad = int(0.1 * max(height, width))
    canvas_image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)
    centre = (canvas_image.shape[1] / 2, canvas_image.shape[0] / 2)
    matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    return cv2.warpAffine(
        canvas_image,
        matrix,
        (canvas_image.shape[1], canvas_image.shape[0]),
        flags=cv2.INTER_LINEAR,
        borderValue=255,
    )


def turned(image: np.ndarray, clockwise_degrees: int) -> np.ndarray:
    """The page turned by quarter turns, like a sheet fed into the scanner sideways."""
    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[clockwise_degrees])
