"""The text the model reads: a layout's rows joined by newlines, and the way back from characters to tokens.

Training and prediction must see the very same text, so both build it here.
"""

from __future__ import annotations

from dataclasses import dataclass

from extraction.layout import Layout


@dataclass(frozen=True)
class RowSpan:
    """A predicted entity on one row, as a token range of that row."""

    label: str
    row: int
    start: int
    end: int


@dataclass(frozen=True)
class LayoutText:
    text: str
    # (row number, token index, first char, end char) for every token, in text order.
    tokens: tuple[tuple[int, int, int, int], ...]


def layout_text(layout: Layout) -> LayoutText:
    parts: list[str] = []
    tokens: list[tuple[int, int, int, int]] = []
    offset = 0
    for row in layout.rows:
        for index, token in enumerate(row.tokens):
            if index:
                parts.append(" ")
                offset += 1
            parts.append(token.text)
            tokens.append((row.number, index, offset, offset + len(token.text)))
            offset += len(token.text)
        parts.append("\n")
        offset += 1
    return LayoutText("".join(parts), tuple(tokens))


def row_spans(text: LayoutText, label: str, start_char: int, end_char: int) -> list[RowSpan]:
    """An entity's characters as token ranges, one per row it covers (an address spans several)."""
    by_row: dict[int, list[int]] = {}
    for row, index, first, end in text.tokens:
        if first < end_char and end > start_char:
            by_row.setdefault(row, []).append(index)
    return [RowSpan(label, row, min(indexes), max(indexes) + 1) for row, indexes in by_row.items()]
