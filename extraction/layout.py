"""Printed rows and their phrases, rebuilt from word boxes so that text layers and OCR look alike.

OCR often puts a right-aligned amount on its own "line" next to its label; rows here join words that
share a baseline band and do not overlap, then split each row into segments at wide gaps (columns).
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from models.pagetext import Box, PageText, Unit, Word

# Two lines are one printed row when their centres are closer than this share of the smaller height.
_SAME_ROW = 0.4
# A gap wider than this share of the row's text height separates two phrases (columns).
_SEGMENT_GAP = 0.9
# ... or than this many ordinary word spaces, for scans whose words sit wide apart.
_SEGMENT_SPACES = 2.2
# "n°562044387", "Date:28/11/2022", "#123": a label glued to its value is split before matching.
_GLUED_RE = re.compile(
    r"^(?P<label>.*?[A-Za-z].*?(?:[°º#:]|\bn[or]\.))(?P<value>[A-Za-z]{0,4}\d\S*)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Token:
    text: str
    box: Box
    confidence: float
    page: int


@dataclass(frozen=True)
class Row:
    page: int
    number: int  # position in reading order over the whole document
    tokens: tuple[Token, ...]  # left to right
    segments: tuple[tuple[int, int], ...]  # token ranges [start, end) between wide gaps
    space: float = 0.0  # the usual gap between two words on this page
    # Extraction asks for the same spans' boxes hundreds of thousands of times per document.
    _boxes: dict[tuple[int, int | None], Box] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @functools.cached_property
    def top(self) -> float:
        return min(t.box[1] for t in self.tokens)

    @functools.cached_property
    def bottom(self) -> float:
        return max(t.box[3] for t in self.tokens)

    @functools.cached_property
    def height(self) -> float:
        return statistics.median(t.box[3] - t.box[1] for t in self.tokens)

    def box(self, start: int = 0, end: int | None = None) -> Box:
        found = self._boxes.get((start, end))
        if found is None:
            found = self._boxes[start, end] = union_box(t.box for t in self.tokens[start:end])
        return found

    def text(self, start: int = 0, end: int | None = None) -> str:
        return " ".join(t.text for t in self.tokens[start:end])

    def confidence(self, start: int, end: int) -> float:
        return min(t.confidence for t in self.tokens[start:end])

    def segment_of(self, index: int) -> tuple[int, int]:
        return next(s for s in self.segments if s[0] <= index < s[1])


@dataclass(frozen=True)
class PageFrame:
    page: int
    width: float
    height: float
    unit: Unit


@dataclass(frozen=True)
class Layout:
    rows: tuple[Row, ...]
    frames: dict[int, PageFrame]

    def relative_y(self, row: Row) -> float:
        """0 at the top of the row's page, 1 at the bottom."""
        return row.top / self.frames[row.page].height

    def relative_x(self, x: float, page: int) -> float:
        return x / self.frames[page].width

    def page_rows(self, page: int) -> list[Row]:
        return [row for row in self.rows if row.page == page]


def union_box(boxes) -> Box:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def build_layout(pages: Sequence[PageText]) -> Layout:
    rows: list[Row] = []
    frames: dict[int, PageFrame] = {}
    for page in sorted(pages, key=lambda p: p.page):
        frames[page.page] = PageFrame(page.page, page.width, page.height, page.unit)
        page_rows = _page_rows(page)
        space = _typical_space(page_rows)
        for tokens in page_rows:
            rows.append(Row(page.page, len(rows), tuple(tokens), _segments(tokens, space), space))
    return Layout(tuple(rows), frames)


def _page_rows(page: PageText) -> list[list[Token]]:
    lines: dict[tuple[int, int], list[Token]] = {}
    for word in page.words:
        lines.setdefault((word.block, word.line), []).extend(_split_glued(word, page.page))
    merged: list[list[Token]] = []
    for line in sorted(lines.values(), key=_centre):
        target = next((row for row in merged if _same_row(row, line)), None)
        if target is None:
            merged.append(list(line))
        else:
            target.extend(line)
    for row in merged:
        row.sort(key=lambda t: t.box[0])
    return sorted(merged, key=lambda r: (min(t.box[1] for t in r), min(t.box[0] for t in r)))


def _centre(tokens: list[Token]) -> float:
    return statistics.median((t.box[1] + t.box[3]) / 2 for t in tokens)


def _line_height(tokens: list[Token]) -> float:
    return max(statistics.median(t.box[3] - t.box[1] for t in tokens), 1e-6)


def _same_row(row: list[Token], line: list[Token]) -> bool:
    """Same baseline band, and no word of one lies over a word of the other (stacked text stays apart)."""
    limit = _SAME_ROW * min(_line_height(row), _line_height(line))
    if abs(_centre(row) - _centre(line)) > limit:
        return False
    return not any(a.box[0] < b.box[2] and b.box[0] < a.box[2] for a in row for b in line)


def _typical_space(rows: list[list[Token]]) -> float:
    """The median gap between neighbouring words, column gaps left out: scans print it wider than PDFs."""
    gaps = [
        b.box[0] - a.box[2]
        for row in rows
        for a, b in itertools.pairwise(row)
        if 0 <= b.box[0] - a.box[2] <= 1.5 * _line_height(row)
    ]
    return statistics.median(gaps) if gaps else 0.0


def _segments(tokens: list[Token], space: float) -> tuple[tuple[int, int], ...]:
    limit = max(_SEGMENT_GAP * _line_height(tokens), _SEGMENT_SPACES * space)
    starts = [0] + [i for i in range(1, len(tokens)) if tokens[i].box[0] - tokens[i - 1].box[2] > limit]
    ends = [*starts[1:], len(tokens)]
    return tuple(zip(starts, ends, strict=True))


def _split_glued(word: Word, page: int) -> list[Token]:
    """Split "n°562044387" into "n°" and "562044387", sharing the box by character count."""
    match = _GLUED_RE.match(word.text)
    if match is None or word.text.startswith("http"):
        return [Token(word.text, word.box, word.confidence, page)]
    label, value = match.group("label"), match.group("value")
    x0, y0, x1, y1 = word.box
    cut = x0 + (x1 - x0) * len(label) / len(word.text)
    return [
        Token(label, (x0, y0, cut, y1), word.confidence, page),
        Token(value, (cut, y0, x1, y1), word.confidence, page),
    ]
