"""A thin pen over a reportlab canvas: top-left coordinates, the layout's fonts, and a record
of where key values were drawn (what was printed feeds the ground truth; where, the stamp placer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the top-left corner
Color = tuple[float, float, float]

FONTS = {
    "helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "times": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "courier": ("Courier", "Courier-Bold", "Courier-Oblique"),
    "vera": ("Vera", "VeraBd", "VeraIt"),
}
BLACK: Color = (0.0, 0.0, 0.0)
GREY: Color = (0.35, 0.35, 0.35)
LIGHT: Color = (0.93, 0.93, 0.93)
_WEIGHTS = {"regular": 0, "bold": 1, "italic": 2}


def register_fonts() -> None:
    """Bitstream Vera ships inside reportlab, so embedding it needs no system fonts."""
    if "Vera" in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("Vera", "Vera.ttf"), ("VeraBd", "VeraBd.ttf"), ("VeraIt", "VeraIt.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))


@dataclass
class Pen:
    canvas: Canvas
    width: float
    height: float
    family: str
    size: float
    accent: Color
    printed: set[str] = field(default_factory=set)  # ground-truth fields that appear on the page
    key_boxes: dict[int, list[Box]] = field(default_factory=dict)  # page -> where key values sit
    page: int = 1

    def font(self, weight: str = "regular") -> str:
        return FONTS[self.family][_WEIGHTS[weight]]

    def measure(self, text: str, weight: str = "regular", size: float | None = None) -> float:
        return pdfmetrics.stringWidth(text, self.font(weight), size or self.size)

    def wrap(self, text: str, width: float, weight: str = "regular", size: float | None = None) -> list[str]:
        return simpleSplit(text, self.font(weight), size or self.size, width) or [""]

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        weight: str = "regular",
        size: float | None = None,
        align: str = "left",
        color: Color = BLACK,
        field: str | None = None,
    ) -> float:
        """Draw one line with its baseline at y (from the top); returns the drawn width."""
        size = size or self.size
        width = self.measure(text, weight, size)
        left = {"left": x, "right": x - width, "center": x - width / 2}[align]
        self.canvas.setFont(self.font(weight), size)
        self.canvas.setFillColorRGB(*color)
        self.canvas.drawString(left, self.height - y, text)
        if field:
            self.mark(field, (left, y - size, left + width, y + size * 0.3))
        return width

    def mark(self, field: str, box: Box) -> None:
        self.printed.add(field)
        self.keep_clear(box)

    def keep_clear(self, box: Box) -> None:
        """A region stamps and pen marks must not cover (labels and headers a reader needs)."""
        self.key_boxes.setdefault(self.page, []).append(box)

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        width: float = 0.5,
        color: Color = GREY,
        dash: tuple[float, ...] | None = None,
    ) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.setStrokeColorRGB(*color)
        self.canvas.setDash(*dash) if dash else self.canvas.setDash()
        self.canvas.line(x0, self.height - y0, x1, self.height - y1)
        self.canvas.setDash()

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: Color | None = None,
        stroke: Color | None = None,
        width: float = 0.5,
    ) -> None:
        """A rectangle whose top-left corner is (x, y)."""
        self.canvas.setLineWidth(width)
        if fill:
            self.canvas.setFillColorRGB(*fill)
        if stroke:
            self.canvas.setStrokeColorRGB(*stroke)
        self.canvas.rect(
            x, self.height - y - h, w, h, stroke=int(stroke is not None), fill=int(fill is not None)
        )
