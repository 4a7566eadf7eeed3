"""Reading a born-digital PDF page from its text layer with pdfplumber (no OCR)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar, LTComponent, LTContainer
from pdfplumber.page import Page
from pdfplumber.utils import extract_words

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
        for w in extract_words(
            _page_chars(page), keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5
        )
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


def _page_chars(page: Page) -> list[dict]:
    """The page's characters with only what word grouping reads, as `page.chars` would give them.

    `page.chars` resolves every attribute of every character (colours, fonts, matrices, graphic
    state): two thirds of reading a page went there. The coordinates are pdfplumber's own
    (`Page.process_object`), so the words come out the same."""
    mediabox_x0, mediabox_top = page.mediabox[:2]
    height, doctop_offset = page.height, page.initial_doctop
    unicode_norm = page.pdf.unicode_norm
    chars = []
    for char in _layout_chars(page.layout._objs):
        text = char.get_text()
        top = (height - char.y1) + mediabox_top
        chars.append(
            {
                "text": text if unicode_norm is None else normalize_unicode(unicode_norm, text),
                "x0": char.x0 + mediabox_x0 if mediabox_x0 != 0 else char.x0,
                "x1": char.x1 + mediabox_x0 if mediabox_x0 != 0 else char.x1,
                "top": top,
                "bottom": (height - char.y0) + mediabox_top,
                "doctop": doctop_offset + top,
                "upright": char.upright,
            }
        )
    return chars


def _layout_chars(objects: Iterable[LTComponent]) -> Iterator[LTChar]:
    """Characters in pdfplumber's order: depth first, a container's own children in place."""
    for obj in objects:
        if isinstance(obj, LTContainer):
            yield from _layout_chars(obj._objs)
        elif isinstance(obj, LTChar):
            yield obj


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
