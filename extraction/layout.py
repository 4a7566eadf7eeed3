"""Printed rows and their phrases, rebuilt from word boxes so that text layers and OCR look alike.

OCR often puts a right-aligned amount on its own "line" next to its label; rows here join words that
share a baseline band and do not overlap, then split each row into segments at wide gaps (columns).
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
import threading
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
# Layouts of the last few page sequences, so extraction and the checks after it share one build;
_RECENT_LAYOUTS = 8  # the reviewers' memory also lays out single pages between the two


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
    _reaches: dict[float, tuple[int, ...]] = field(
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

    @functools.cached_property
    def digits_before(self) -> tuple[int, ...]:
        """At index i, the digits in tokens[:i]: a span's digit count is the difference of two entries."""
        return tuple(itertools.accumulate((sum(c.isdigit() for c in t.text) for t in self.tokens), initial=0))

    def box(self, start: int = 0, end: int | None = None) -> Box:
        found = self._boxes.get((start, end))
        if found is None:
            found = self._boxes[start, end] = union_box(t.box for t in self.tokens[start:end])
        return found

    def reach(self, limit: float) -> tuple[int, ...]:
        """Per token, the end of the run from it in which no gap between neighbours exceeds `limit`:
        tokens[start:end] sit at most `limit` apart exactly when end <= reach(limit)[start]."""
        found = self._reaches.get(limit)
        if found is None:
            tokens = self.tokens
            ends = [len(tokens)] * len(tokens)
            for i in range(len(tokens) - 2, -1, -1):
                ends[i] = ends[i + 1] if tokens[i + 1].box[0] - tokens[i].box[2] <= limit else i + 1
            found = self._reaches[limit] = tuple(ends)
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
    # What several stages compute from the same layout (the label hits): computed once per layout.
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

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


class _LayoutCache:
    """The layouts of the most recent page sequences, found by the identity of the page objects.

    The pipeline builds the same document's layout for extraction and again for the checks. Entries
    hold the pages themselves (not their ids), so an id freed and reused cannot match; PageText is
    frozen, so the same objects always give the same layout."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: list[tuple[tuple[PageText, ...], Layout]] = []  # oldest first
        self._lock = threading.Lock()

    def get(self, pages: tuple[PageText, ...]) -> Layout | None:
        with self._lock:
            for index, (cached, layout) in enumerate(self._entries):
                if len(cached) == len(pages) and all(a is b for a, b in zip(cached, pages, strict=True)):
                    self._entries.append(self._entries.pop(index))
                    return layout
        return None

    def put(self, pages: tuple[PageText, ...], layout: Layout) -> None:
        with self._lock:
            self._entries.append((pages, layout))
            del self._entries[: -self._size]


_layouts = _LayoutCache(_RECENT_LAYOUTS)


def build_layout(pages: Sequence[PageText]) -> Layout:
    """The document's rows in reading order; the same Layout object again for the same page objects."""
    key = tuple(pages)
    layout = _layouts.get(key)
    if layout is None:
        layout = _build_layout(key)
        _layouts.put(key, layout)
    return layout


def _build_layout(pages: Sequence[PageText]) -> Layout:
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
    merged: list[_Band] = []
    for line in sorted((_Band(tokens) for tokens in lines.values()), key=lambda band: band.centre):
        target = next((band for band in merged if _same_row(band, line)), None)
        if target is None:
            merged.append(line)
        else:
            target.extend(line.tokens)
    rows = [band.tokens for band in merged]
    for row in rows:
        row.sort(key=lambda t: t.box[0])
    return sorted(rows, key=lambda r: (min(t.box[1] for t in r), min(t.box[0] for t in r)))


class _Band:
    """Tokens being gathered into one row, with their centre and height worked out once per change
    (rows are compared with every later line)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = list(tokens)
        self._measure()

    def extend(self, tokens: list[Token]) -> None:
        self.tokens.extend(tokens)
        self._measure()

    def _measure(self) -> None:
        self.centre = _centre(self.tokens)
        self.height = _line_height(self.tokens)


def _centre(tokens: list[Token]) -> float:
    return statistics.median((t.box[1] + t.box[3]) / 2 for t in tokens)


def _line_height(tokens: list[Token]) -> float:
    return max(statistics.median(t.box[3] - t.box[1] for t in tokens), 1e-6)


def _same_row(row: _Band, line: _Band) -> bool:
    """Same baseline band, and no word of one lies over a word of the other (stacked text stays apart)."""
    limit = _SAME_ROW * min(row.height, line.height)
    if abs(row.centre - line.centre) > limit:
        return False
    return not any(a.box[0] < b.box[2] and b.box[0] < a.box[2] for a in row.tokens for b in line.tokens)


def _typical_space(rows: list[list[Token]]) -> float:
    """The median gap between neighbouring words, column gaps left out: scans print it wider than PDFs."""
    gaps = []
    for row in rows:
        widest = 1.5 * _line_height(row)
        gaps += [
            b.box[0] - a.box[2] for a, b in itertools.pairwise(row) if 0 <= b.box[0] - a.box[2] <= widest
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
