"""Reading a born-digital PDF page from its text layer with pdfplumber (no OCR)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pdfplumber

from models.pagetext import PageText, Word

# Words whose tops differ by less than this share of their height sit on one printed line.
_SAME_LINE_TOLERANCE = 0.5


@dataclass(frozen=True)
class _RawWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def read_text_layer(pdf: pdfplumber.PDF, page_number: int) -> PageText:
    """The words of one page (1-based) in PDF points, grouped into printed lines."""
    page = pdf.pages[page_number - 1]
    raw = [
        _RawWord(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
        if w["text"].strip()
    ]
    return PageText(
        page=page_number,
        width=float(page.width),
        height=float(page.height),
        unit="pt",
        source="text-layer",
        words=tuple(_group_lines(raw)),
    )


def _group_lines(raw_words: Iterable[_RawWord]) -> list[Word]:
    """Number printed lines top to bottom; a line is words whose vertical extents overlap."""
    words: list[Word] = []
    line_top = line_bottom = None
    line_number = -1
    for rw in sorted(raw_words, key=lambda w: (round(w.top, 1), w.x0)):
        height = max(rw.bottom - rw.top, 1.0)
        starts_new_line = (
            line_top is None or rw.top > line_bottom - _SAME_LINE_TOLERANCE * height or rw.bottom < line_top
        )
        if starts_new_line:
            line_number += 1
            line_top, line_bottom = rw.top, rw.bottom
        else:
            line_bottom = max(line_bottom, rw.bottom)
        words.append(Word(rw.text, (rw.x0, rw.top, rw.x1, rw.bottom), 1.0, block=0, line=line_number))
    return words
