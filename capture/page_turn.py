"""A quick guess, from the ink alone, of how a page image is turned: sideways, upside down or upright.

Tesseract's orientation detection costs about as much as reading the page, so a turned page
used to be read three times over: once as it came (junk), once for OSD, once upright. These
two measurements take ~30 ms and let most turned pages be read once:

- Sideways: cut into narrow strips, upright print is runs of inked rows as tall as a text
  line with gaps between them; turned by 90° the runs are as tall as a whole line of print
  is long. The strips are narrow so two columns at different heights or a slight skew do
  not blur the lines together.
- Upside down: in Latin print far more letters reach above the x-height (capitals, digits,
  b d f h k l t) than below it (g j p q y), so each line's ink sits mostly above its densest
  band. Turned over, the surplus is below.

A guess that is not clear is no guess: the page is read as it came, and the reader's own
check of the words (and OSD after it) still catches a turned page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Measured on a copy this size (longest side): a 10-point line is ~10 px tall, enough to
# tell its x-height band from its ascenders.
_MEASURE_SIDE_PX = 2000

# Row sums are taken in strips this wide; at 3° of skew a line drifts 8 px across one.
_STRIP_PX = 160

# The share of ink in line-tall runs, as the page lies over the same turned by 90°: upright
# scans measured 1.7-30 before deskewing (121 generated train scans), so sideways ones are
# below 0.6. Between the two limits the page is left as it is.
_UPRIGHT_AXIS_RATIO = 1.3
_SIDEWAYS_AXIS_RATIO = 1 / _UPRIGHT_AXIS_RATIO

# Share of a line's ink above (rather than below) its densest band, once level: upright
# scans measured 0.62-0.9, the same pages upside down 0.06-0.43.
_UPRIGHT_SHARE = 0.55
_UPSIDE_DOWN_SHARE = 0.48

# A strip's run of inked rows counts as a text line at these heights (px in the measuring copy).
_LINE_HEIGHT_PX = (6, 45)
_MIN_LINE_INK = 40
_MIN_LINES = 12  # fewer lines than this is too little print to judge by


@dataclass(frozen=True)
class InkMeasure:
    """Binary ink (1) of a page copy at measuring size, kept in step with the page as it is
    turned and straightened, so the page is shrunk and thresholded only once."""

    ink: np.ndarray

    @classmethod
    def of(cls, gray: np.ndarray) -> InkMeasure:
        scale = min(1.0, _MEASURE_SIDE_PX / max(gray.shape))
        if scale < 1:
            gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        # A local threshold, so a shadow in a photo does not become a block of "ink".
        ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
        return cls(ink)

    def turned_quarter(self) -> InkMeasure:
        """The ink turned 90° clockwise, as the page is."""
        return InkMeasure(np.ascontiguousarray(np.rot90(self.ink, k=-1)))

    def rotated(self, degrees: float) -> InkMeasure:
        """The ink rotated counter-clockwise about its centre on a canvas grown to fit, as the page is."""
        return InkMeasure(rotated_on_grown_canvas(self.ink, degrees, interpolation=cv2.INTER_NEAREST, fill=0))


def is_sideways(measure: InkMeasure) -> bool | None:
    """True when the text lines run top to bottom, False when left to right, None when unclear."""
    across, along = _share_in_lines(measure.ink), _share_in_lines(np.ascontiguousarray(measure.ink.T))
    ratio = across / along if along > 0 else float("inf") if across > 0 else 1.0
    if ratio >= _UPRIGHT_AXIS_RATIO:
        return False
    if ratio <= _SIDEWAYS_AXIS_RATIO:
        return True
    return None


def is_upside_down(measure: InkMeasure) -> bool | None:
    """For a page whose lines run across and are level: True when its print is upside down,
    False when upright, None when unclear (too little print, or no clear surplus either way)."""
    share = ascender_share(measure.ink)
    if share is None:
        return None
    if share >= _UPRIGHT_SHARE:
        return False
    if share <= _UPSIDE_DOWN_SHARE:
        return True
    return None


def ascender_share(ink: np.ndarray) -> float | None:
    """Of the ink above and below the text lines' densest bands, the share above; None with too few lines."""
    above = below = 0.0
    lines = 0
    low, high = _LINE_HEIGHT_PX
    for left in range(0, ink.shape[1], _STRIP_PX):
        rows = ink[:, left : left + _STRIP_PX].sum(axis=1, dtype=np.int64)
        for start, stop in _inked_runs(rows):
            line = rows[start:stop]
            if not low <= stop - start <= high or line.sum() < _MIN_LINE_INK:
                continue
            band = np.flatnonzero(line >= line.max() / 2)
            above += float(line[: band[0]].sum())
            below += float(line[band[-1] + 1 :].sum())
            lines += 1
    if lines < _MIN_LINES or above + below == 0:
        return None
    return above / (above + below)


def _inked_runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) of each run of rows with more than one ink pixel."""
    inked = np.concatenate(([0], (rows > 1).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(inked))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _share_in_lines(ink: np.ndarray) -> float:
    """The share of the ink, strip by strip, in runs of inked rows as tall as a text line."""
    total = in_lines = 0
    low, high = _LINE_HEIGHT_PX
    for left in range(0, ink.shape[1], _STRIP_PX):
        rows = ink[:, left : left + _STRIP_PX].sum(axis=1, dtype=np.int64)
        for start, stop in _inked_runs(rows):
            run = int(rows[start:stop].sum())
            total += run
            in_lines += run if low <= stop - start <= high else 0
    return in_lines / total if total else 0.0


def rotated_on_grown_canvas(
    image: np.ndarray, degrees: float, *, interpolation: int, fill: int
) -> np.ndarray:
    """`image` rotated counter-clockwise about its centre, the canvas grown so no corner is cut off
    and the new corners filled with `fill`."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    size = (round(width * cos + height * sin), round(width * sin + height * cos))
    matrix[0, 2] += (size[0] - width) / 2
    matrix[1, 2] += (size[1] - height) / 2
    return cv2.warpAffine(
        image, matrix, size, flags=interpolation, borderMode=cv2.BORDER_CONSTANT, borderValue=fill
    )
