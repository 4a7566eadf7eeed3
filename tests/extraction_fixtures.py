"""Synthetic pages for extraction tests: phrases laid out at given positions, as a text layer or OCR would."""

from __future__ import annotations

from collections.abc import Sequence

from models.pagetext import PageText, Word

A4_WIDTH, A4_HEIGHT = 595.0, 842.0

# Every field an invoice needs to be approved, consistent with each other (net + tax = total).
COMPLETE_FIELDS: dict[str, str] = {
    "invoice_number": "R-1",
    "issue_date": "2026-03-04",
    "vendor_name": "Acme GmbH",
    "currency": "EUR",
    "total_net": "100.00",
    "total_tax": "19.00",
    "total": "119.00",
    "document_type": "invoice",
    "vendor_address": "Am Hafen 79\n20457 Hamburg",
}

# One printed row: its top y, then (x, phrase) pairs; a phrase's words are set a space apart.
RowSpec = tuple[float, Sequence[tuple[float, str]]]


def page(
    rows: Sequence[RowSpec],
    *,
    number: int = 1,
    size: float = 10.0,
    unit: str = "pt",
    confidence: float = 1.0,
    scale: float = 1.0,
    space: float = 0.3,
    width: float = A4_WIDTH,
    height: float = A4_HEIGHT,
) -> PageText:
    """A page of words: characters 0.5 × size wide, a space `space` × size, one line id per row.

    `scale` multiplies every coordinate (4.17 turns points into 300-dpi pixels) for OCR-like pages.
    """
    words: list[Word] = []
    for line, (top, phrases) in enumerate(rows):
        for x, phrase in phrases:
            for text, x0, x1 in _set_words(phrase, x, size, space):
                box = (x0 * scale, top * scale, x1 * scale, (top + size) * scale)
                words.append(Word(text, box, confidence, block=0, line=line))
    return PageText(
        page=number,
        width=width * scale,
        height=height * scale,
        unit=unit,  # type: ignore[arg-type]
        source="text-layer" if unit == "pt" else "ocr",
        words=tuple(words),
        dpi=None if unit == "pt" else 72 * scale,
    )


def _set_words(phrase: str, x: float, size: float, space: float) -> list[tuple[str, float, float]]:
    placed = []
    for text in phrase.split():
        width = 0.5 * size * len(text)
        placed.append((text, x, x + width))
        x += width + space * size
    return placed


def right_aligned(x1: float, phrase: str, size: float = 10.0) -> tuple[float, str]:
    """(x, phrase) so that the phrase ends at x1, as amounts in a column are printed."""
    words = phrase.split()
    width = 0.5 * size * sum(len(w) for w in words) + 0.3 * size * (len(words) - 1)
    return (x1 - width, phrase)
