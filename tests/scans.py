"""Scan-like test inputs made from generated PDFs."""

from __future__ import annotations

import io

import pypdfium2


def multipage_tiff_from_pdf(pdf_bytes: bytes, *, dpi: int = 200, min_pages: int = 1) -> bytes:
    """Each PDF page rendered to grayscale and stored as one frame of a TIFF, as a
    sheet-feed scanner delivers it: no text layer left. Short documents are padded
    with copies of their last page (a multi-page job for tests of long work)."""
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    frames = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in pdf]
    pdf.close()
    frames += [frames[-1]] * (min_pages - len(frames))
    out = io.BytesIO()
    frames[0].save(
        out, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi), compression="tiff_lzw"
    )
    return out.getvalue()
