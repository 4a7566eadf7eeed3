"""A second look at print tesseract's page layout left out.

Tesseract's automatic page segmentation sometimes drops a whole block: the small-print
footer under a rule (where the bank details and tax numbers are), or a heading beside a
solid logo. Read as a block of its own, the same print reads well. So after the page is
read, the ink no word covers is gathered into text-like regions, and those regions alone
are read again, pasted one below another into one small image, so the second look costs
one tesseract run on a strip of the page rather than the page again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from models.pagetext import PageText, Word

# The search works on a copy this many times smaller than a 300-dpi page: 100 dpi still
# shows 6-point print as strokes, and costs a ninth of the pixels.
_SEARCH_DPI = 100.0

# Text-like blobs (search copy pixels): a printed line of 6- to 16-point type.
_MIN_LINE_HEIGHT_PX, _MAX_LINE_HEIGHT_PX = 4, 28
_MIN_LINE_WIDTH_PX = 30

# Letters of one word and words of one line merge when closed with this width (search px).
_WORD_GAP_PX = 9

# A rule longer than this (search px) is no text: it is removed before blobs are measured.
_RULE_PX = 80

# Ink around a word's box (share of its height) belongs to that word (accents, descenders).
_WORD_PAD_SHARE = 0.35

# Lines closer than this (search px) are read together, as the block they form.
_BLOCK_GAP_PX = 14

# A region needs this much ink (search px) to be worth reading: a stray mark is not text.
_MIN_REGION_INK_PX = 120

# A region whose median grey is below this is a dark band with light print on it.
_DARK_BACKGROUND = 110

# A crop's paper is its lighter pixels (print covers well under a fifth of a text region), its
# ink the darkest few; with less contrast than this between them there is nothing to stretch.
_PAPER_PERCENTILE, _INK_PERCENTILE = 80, 1
_MIN_CONTRAST = 40
# Paper at least this light is left alone: stretching it made tesseract recover table fragments
# that split photographed line items (train photos, line F1 0.914 -> 0.883).
_GREY_PAPER = 230
_WHITE = 255

# A recovered word covering this share of a word already read (or covered by it) is that word again.
_SAME_WORD_OVERLAP = 0.5

# Regions are pasted with this much white between and around them (page px).
_SEPARATION_PX = 40

# Words read again in a region are kept only if tesseract is at least this sure of them:
# a stamp, a signature or a logo read as text gives junk with low confidence.
MIN_RECOVERED_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Region:
    box: tuple[int, int, int, int]  # left, top, right, bottom in page pixels


@dataclass(frozen=True)
class _Slot:
    region: Region
    top: int  # where the region was pasted in the composite image (its left is _SEPARATION_PX)


def find_missed_regions(gray: np.ndarray, words: Sequence[Word], dpi: float) -> list[Region]:
    """Regions of text-like ink that no word read from the page covers, in page pixels."""
    scale = min(1.0, _SEARCH_DPI / max(dpi, 1.0))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 21, 18)
    ink = cv2.subtract(ink, _rules(ink))
    for word in words:
        left, top, right, bottom = (value * scale for value in word.box)
        pad = _WORD_PAD_SHARE * (bottom - top)
        cv2.rectangle(
            ink,
            (int(left - pad), int(top - pad)),
            (int(np.ceil(right + pad)), int(np.ceil(bottom + pad))),
            0,
            thickness=cv2.FILLED,
        )
    lines = _text_lines(ink)
    if not lines.any():
        return []
    block_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (_BLOCK_GAP_PX * 2, _BLOCK_GAP_PX))
    blocks = cv2.dilate(lines, block_kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(blocks)
    regions = []
    height, width = gray.shape[:2]
    for label in range(1, count):
        left, top, box_width, box_height = stats[label, :4]
        inside = (labels[top : top + box_height, left : left + box_width] == label) & (
            lines[top : top + box_height, left : left + box_width] > 0
        )
        if (
            np.count_nonzero(ink[top : top + box_height, left : left + box_width][inside])
            < _MIN_REGION_INK_PX
        ):
            continue
        regions.append(
            Region(
                (
                    max(0, int(left / scale)),
                    max(0, int(top / scale)),
                    min(width, int(np.ceil((left + box_width) / scale))),
                    min(height, int(np.ceil((top + box_height) / scale))),
                )
            )
        )
    return regions


def area_share(regions: Sequence[Region], shape: tuple[int, ...]) -> float:
    """The share of the page the regions cover."""
    area = sum((right - left) * (bottom - top) for left, top, right, bottom in (r.box for r in regions))
    return area / float(shape[0] * shape[1])


def read_missed_regions(
    gray: np.ndarray, regions: Sequence[Region], read: Callable[[np.ndarray], PageText]
) -> list[Word]:
    """The words `read` finds in the regions, in page pixels, numbered as blocks and lines of their own."""
    if not regions:
        return []
    composite, slots = _paste_below_each_other(gray, regions)
    found = read(composite)
    words = []
    for word in found.words:
        slot = _slot_of(word, slots)
        if slot is None or word.confidence < MIN_RECOVERED_CONFIDENCE:
            continue
        dx = slot.region.box[0] - _SEPARATION_PX
        dy = slot.region.box[1] - slot.top
        left, top, right, bottom = word.box
        words.append(dataclasses.replace(word, box=(left + dx, top + dy, right + dx, bottom + dy)))
    return words


def regions_without_words(regions: Sequence[Region], recovered: Sequence[Word]) -> list[Region]:
    """The regions none of the recovered words lies in (by the word's middle): print still unread."""
    return [region for region in regions if not any(_middle_inside(word, region) for word in recovered)]


def _middle_inside(word: Word, region: Region) -> bool:
    x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    left, top, right, bottom = region.box
    return left <= x <= right and top <= y <= bottom


def with_missed_words(text: PageText, missed: Sequence[Word]) -> PageText:
    """The page's words and the recovered ones, whose block and line numbers follow the page's.
    A recovered word lying on a word the page already has is a second reading of it, left out:
    two readings of a table's header row would make two header rows."""
    read_again = _on_words_read(missed, text.words)
    missed = [word for word, again in zip(missed, read_again, strict=True) if not again]
    if not missed:
        return text
    next_block = max((word.block for word in text.words), default=0) + 1
    next_line = max((word.line for word in text.words), default=-1) + 1
    renumbered = tuple(
        dataclasses.replace(word, block=next_block + word.block, line=next_line + word.line)
        for word in missed
    )
    return dataclasses.replace(text, words=text.words + renumbered)


def _on_words_read(missed: Sequence[Word], read: Sequence[Word]) -> np.ndarray:
    """For each missed word, whether it shares more than _SAME_WORD_OVERLAP of the smaller box's
    area with some word already read."""
    if not missed or not read:
        return np.zeros(len(missed), dtype=bool)
    new, old = np.array([w.box for w in missed])[:, None, :], np.array([w.box for w in read])[None, :, :]
    width = np.minimum(new[..., 2], old[..., 2]) - np.maximum(new[..., 0], old[..., 0])
    height = np.minimum(new[..., 3], old[..., 3]) - np.maximum(new[..., 1], old[..., 1])
    shared = np.clip(width, 0, None) * np.clip(height, 0, None)
    areas = [(b[..., 2] - b[..., 0]) * (b[..., 3] - b[..., 1]) for b in (new, old)]
    smaller = np.maximum(np.minimum(*areas), 1e-9)
    return (shared > _SAME_WORD_OVERLAP * smaller).any(axis=1)


def _rules(ink: np.ndarray) -> np.ndarray:
    """Long horizontal and vertical strokes: table rules and frames, not letters."""
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (_RULE_PX, 1))
    )
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, _RULE_PX)))
    return cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))


def _text_lines(ink: np.ndarray) -> np.ndarray:
    """White where ink forms blobs shaped like printed lines (wide, of text height)."""
    closed = cv2.morphologyEx(
        ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (_WORD_GAP_PX, 1))
    )
    _, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    keep = (
        (heights >= _MIN_LINE_HEIGHT_PX)
        & (heights <= _MAX_LINE_HEIGHT_PX)
        & (widths >= _MIN_LINE_WIDTH_PX)
        & (widths >= 2 * heights)
    )
    keep[0] = False  # the background
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _paste_below_each_other(gray: np.ndarray, regions: Sequence[Region]) -> tuple[np.ndarray, list[_Slot]]:
    width = max(region.box[2] - region.box[0] for region in regions) + 2 * _SEPARATION_PX
    height = sum(region.box[3] - region.box[1] + _SEPARATION_PX for region in regions) + _SEPARATION_PX
    composite = np.full((height, width), 255, dtype=np.uint8)
    slots, top = [], _SEPARATION_PX
    for region in regions:
        left, region_top, right, bottom = region.box
        composite[top : top + bottom - region_top, _SEPARATION_PX : _SEPARATION_PX + right - left] = (
            _dark_on_light(gray[region_top:bottom, left:right])
        )
        slots.append(_Slot(region, top))
        top += bottom - region_top + _SEPARATION_PX
    return composite, slots


def _dark_on_light(crop: np.ndarray) -> np.ndarray:
    """The crop as black print on white, as tesseract reads best: light print on a dark band turned
    over, and its paper stretched to white and its ink to black. Tesseract thresholds the whole
    composite at once, so grey paper with grey print (a dim scan's footer) next to a black
    heading on the white canvas would turn black around its print, or its print vanish."""
    if float(np.median(crop)) < _DARK_BACKGROUND:
        crop = cv2.bitwise_not(crop)
    ink, paper = (float(level) for level in np.percentile(crop, [_INK_PERCENTILE, _PAPER_PERCENTILE]))
    if paper >= _GREY_PAPER or paper - ink < _MIN_CONTRAST:
        return crop  # white paper (a flattened photo's, a clean scan's) reads as it is
    return cv2.convertScaleAbs(crop, alpha=_WHITE / (paper - ink), beta=-ink * _WHITE / (paper - ink))


def _slot_of(word: Word, slots: Sequence[_Slot]) -> _Slot | None:
    """The slot a word read in the composite sits in (by its middle), None if it straddles the white."""
    middle = (word.box[1] + word.box[3]) / 2
    for slot in slots:
        if slot.top <= middle < slot.top + slot.region.box[3] - slot.region.box[1]:
            return slot
    return None
