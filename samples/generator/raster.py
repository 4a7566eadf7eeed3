"""Page images in and out: render a PDF page with pdfium, encode PNG/JPEG with DPI metadata."""

from __future__ import annotations

import io

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def render_page(pdf: bytes, dpi: int, color: bool, page: int = 0) -> np.ndarray:
    """The page as uint8 pixels: HxW grey, or HxWx3 RGB."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[page].render(scale=dpi / 72, grayscale=not color, rev_byteorder=color)
        return bitmap.to_numpy().copy()
    finally:
        document.close()


def encode(pixels: np.ndarray, fmt: str, dpi: int, quality: int = 85) -> bytes:
    """PNG or JPEG bytes carrying the resolution, as a scanner writes it."""
    image = Image.fromarray(pixels)
    buffer = io.BytesIO()
    if fmt == "png":
        image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=6)
    else:
        image.save(buffer, format="JPEG", dpi=(dpi, dpi), quality=quality, subsampling=2, optimize=True)
    return buffer.getvalue()


def jpeg_roundtrip(pixels: np.ndarray, quality: int) -> np.ndarray:
    """Blocky JPEG artefacts baked into the pixels (a scan that was once e-mailed as JPEG)."""
    return np.asarray(Image.open(io.BytesIO(encode(pixels, "jpeg", 72, quality))))


def to_bilevel_png(pixels: np.ndarray, dpi: int) -> bytes:
    """A fax or 'black & white' scan mode: one bit per pixel, tiny files."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).convert("1", dither=Image.Dither.NONE).save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()
