"""What the read stage produces: the words on one page, with where they sit.

Coordinates have their origin at the top-left corner of the page, x to the right
and y downwards, in the unit the page says: PDF points (1/72 in) for a text layer,
pixels of the cleaned image for OCR.
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field
from typing import Literal

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
TextSource = Literal["text-layer", "ocr"]
Unit = Literal["pt", "px"]


@dataclass(frozen=True)
class Word:
    text: str
    box: Box
    confidence: float  # 0..1; a text layer is certain of its characters, so 1.0
    block: int = 0  # words of one block share a number (tesseract block, or layout cluster)
    line: int = 0  # words of one printed line share a number, unique within the page


@dataclass(frozen=True)
class PageText:
    page: int  # 1-based page number within the document
    width: float
    height: float
    unit: Unit
    source: TextSource
    words: tuple[Word, ...]
    dpi: float | None = None  # resolution of the image OCR read; None for a text layer
    cleanup: dict[str, float | int | str] = field(default_factory=dict)  # what cleanup did

    # Several checks search the page's text; the words never change, so it is joined once.
    @functools.cached_property
    def text(self) -> str:
        """The page as plain text, one printed line per line."""
        lines: dict[int, list[Word]] = {}
        for word in self.words:
            lines.setdefault(word.line, []).append(word)
        ordered = sorted(
            lines.values(), key=lambda ws: (min(w.box[1] for w in ws), min(w.box[0] for w in ws))
        )
        return "\n".join(" ".join(w.text for w in sorted(ws, key=lambda w: w.box[0])) for ws in ordered)

    def words_inside(self, box: Box) -> list[Word]:
        """The words whose middle lies in `box` (a value's evidence box, say)."""
        x0, y0, x1, y1 = box
        return [
            w
            for w in self.words
            if x0 <= (w.box[0] + w.box[2]) / 2 <= x1 and y0 <= (w.box[1] + w.box[3]) / 2 <= y1
        ]

    def to_json(self) -> dict:
        data = asdict(self)
        data["words"] = [[w.text, list(w.box), round(w.confidence, 4), w.block, w.line] for w in self.words]
        return data

    @classmethod
    def from_json(cls, data: dict) -> PageText:
        words = tuple(
            Word(text=t, box=(b[0], b[1], b[2], b[3]), confidence=c, block=blk, line=ln)
            for t, b, c, blk, ln in data["words"]
        )
        return cls(
            page=data["page"],
            width=data["width"],
            height=data["height"],
            unit=data["unit"],
            source=data["source"],
            words=words,
            dpi=data.get("dpi"),
            cleanup=dict(data.get("cleanup") or {}),
        )
