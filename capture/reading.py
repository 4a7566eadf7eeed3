"""The read stage for one page: its words (text layer, or cleanup + OCR) and the image a reviewer sees."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from capture.cleanup import DEFAULT_CLEANUP, CleanedPage, CleanupOptions, clean_page
from capture.document_file import SourceDocument
from capture.languages import languages_shown
from capture.missed_text import (
    Region,
    area_share,
    find_missed_regions,
    read_missed_regions,
    regions_without_words,
    with_missed_words,
)
from capture.perspective import PAGE_WIDTH_INCHES
from capture.step_clock import StepClock
from capture.tesseract import UNIFORM_BLOCK, ocr_words
from models.pagetext import PageText

# Upright pages score 0.84-0.96 (confidence × share of flat words); upside-down ones near
# 0.4 and sideways ones near 0 (measured on the sample scans and generated pages).
MIN_UPRIGHT_SCORE = 0.6

# On a scan, text the page read left out is read again only when it covers this share of the
# page, or lies in the footer band: tesseract rarely drops a whole block there, and the small
# leftovers (stamps, pen marks, a shaded table header) cost a tesseract start (0.2-0.4 s) for
# little; a footer's small print holds the tax id and bank details. In a phone photo, where
# footers are dropped far more often, every leftover is read.
MIN_SCAN_MISSED_SHARE = 0.015

# The bottom share of a page where invoices print their small print: registration, tax ids, bank details.
FOOTER_BAND_SHARE = 0.2
_EDGE_MARGIN_PX = 3

# Words of at least this many letters or digits are wider than tall when printed upright.
_JUDGED_WORD_CHARS = 3
_MIN_WORDS_TO_JUDGE = 5

# A display image (about 900×1300 px at 110 dpi) encodes in ~8 ms at zlib level 1; level 6
# takes 2.5× as long for a file 10% smaller, which nobody waiting for a page would notice.
_PNG_COMPRESSION = 1


@dataclass(frozen=True)
class ReadPage:
    text: PageText
    display_image: np.ndarray  # what the reviewer sees beside the fields (grayscale or BGR uint8)
    display_scale: float  # display-image pixels per PageText unit: box × scale lands on the image


def read_page(
    document: SourceDocument,
    page: int,
    *,
    languages: str,
    dpi: int = 300,
    display_dpi: int = 110,
    ocr_timeout_s: float = 120,
    clock: StepClock | None = None,
    cleanup: CleanupOptions = DEFAULT_CLEANUP,
) -> ReadPage:
    """Read one page (1-based): from its text layer when it has a real one, otherwise by OCR.
    `clock`, when given, receives the seconds spent on "cleanup" and on "read"."""
    clock = clock or StepClock()
    if document.has_text_layer(page):
        with clock.step("read"):
            return _read_text_layer(document, page, display_dpi)
    ocr = _OcrRequest(languages, dpi, display_dpi, ocr_timeout_s, cleanup)
    return _read_by_ocr(document, page, ocr, clock)


def encode_png(image: np.ndarray) -> bytes:
    """A display image as PNG bytes, favouring speed over the last few percent of size."""
    ok, encoded = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, _PNG_COMPRESSION])
    if not ok:
        raise ValueError(f"cannot encode a {image.dtype} image of shape {image.shape} as PNG")
    return encoded.tobytes()


def _read_text_layer(document: SourceDocument, page: int, display_dpi: int) -> ReadPage:
    text = document.text_layer(page)
    display = document.render(page, display_dpi)
    return ReadPage(text=text, display_image=display, display_scale=display.shape[1] / text.width)


@dataclass(frozen=True)
class _OcrRequest:
    languages: str
    dpi: int
    display_dpi: int
    timeout_s: float
    cleanup: CleanupOptions


def _read_by_ocr(document: SourceDocument, page: int, ocr: _OcrRequest, clock: StepClock) -> ReadPage:
    with clock.step("read"):
        rendered = document.render(page, ocr.dpi, grayscale=True)
    # An image file's render may differ from the dpi asked for (upscaling is bounded), so
    # tesseract is told the resolution the pixels really have.
    render_dpi = rendered.shape[1] / document.page_size_inches(page)[0]

    def read(cleaned: CleanedPage) -> PageText:
        with clock.step("read"):
            return ocr_words(
                cleaned.image,
                languages=ocr.languages,
                dpi=round(cleaned_dpi(cleaned, render_dpi)),
                timeout_s=ocr.timeout_s,
                page_number=page,
            )

    def clean(detect_orientation: bool) -> CleanedPage:
        with clock.step("cleanup"):
            return clean_page(
                rendered,
                detect_orientation=detect_orientation,
                min_orientation_confidence=0.0,
                options=ocr.cleanup,
            )

    cleaned, words = _clean_and_read(clean, read)
    true_dpi = cleaned_dpi(cleaned, render_dpi)
    record = _cleanup_record(cleaned)
    if ocr.cleanup.reread_missed:
        photographed = "perspective" in cleaned.steps
        min_share = 0.0 if photographed else MIN_SCAN_MISSED_SHARE
        words, unread = _with_missed_text(cleaned.image, words, true_dpi, ocr, page, clock, min_share)
        record.update(_unread_record(unread, cleaned.image.shape))
    text = dataclasses.replace(words, dpi=round(true_dpi, 1), cleanup=record)
    with clock.step("read"):
        display, scale = _downscale(cleaned.image, ocr.display_dpi / true_dpi)
    return ReadPage(text=text, display_image=display, display_scale=scale)


def _with_missed_text(
    image: np.ndarray,
    words: PageText,
    dpi: float,
    ocr: _OcrRequest,
    page: int,
    clock: StepClock,
    min_share: float,
) -> tuple[PageText, list[Region]]:
    """The page's words and those of the text regions the page's OCR left out, read as blocks
    when they cover at least `min_share` of the page, and those in the footer band whatever
    their share (tax ids and bank details are printed small there); and the regions whose
    print stays unread (not read, or read without a word sure enough to keep)."""
    with clock.step("cleanup"):
        regions = find_missed_regions(image, words.words, dpi)
    to_read, left = regions, []
    if area_share(regions, image.shape) < min_share:
        in_footer = [_in_footer(region, image.shape) for region in regions]
        to_read = [region for region, footer in zip(regions, in_footer, strict=True) if footer]
        left = [region for region, footer in zip(regions, in_footer, strict=True) if not footer]
    if not to_read:
        return words, left

    # The leftovers are in the page's language: loading only the languages it shows saves
    # part of a tesseract start (about 0.15 s per language left out).
    languages = languages_shown(words.words, ocr.languages)

    def read_block(composite: np.ndarray) -> PageText:
        return ocr_words(
            composite,
            languages=languages,
            dpi=round(dpi),
            timeout_s=ocr.timeout_s,
            page_number=page,
            segmentation=UNIFORM_BLOCK,
        )

    with clock.step("read"):
        recovered = read_missed_regions(image, to_read, read_block)
    return with_missed_words(words, recovered), left + regions_without_words(to_read, recovered)


def _unread_record(unread: list[Region], shape: tuple[int, ...]) -> dict[str, float]:
    """The shares of the page, and of its footer band, whose print stayed unread, as the cleanup
    record keeps them. A region along the picture's edge is the scanner lid's shadow or the desk."""
    footer = [region for region in unread if _in_footer(region, shape) and not _at_edge(region, shape)]
    return {
        "unread_share": round(area_share(unread, shape), 4),
        "unread_footer_share": round(area_share(footer, shape), 4),
    }


def _in_footer(region: Region, shape: tuple[int, ...]) -> bool:
    """Whether the region's middle lies in the page's footer band, where the small print is."""
    return (region.box[1] + region.box[3]) / 2 >= (1 - FOOTER_BAND_SHARE) * shape[0]


def _at_edge(region: Region, shape: tuple[int, ...]) -> bool:
    left, top, right, bottom = region.box
    height, width = shape[:2]
    margin = _EDGE_MARGIN_PX
    return left <= margin or top <= margin or right >= width - margin or bottom >= height - margin


def cleaned_dpi(cleaned: CleanedPage, render_dpi: float) -> float:
    """The resolution of the cleaned pixels: a flattened photo's page is taken as A4 or Letter wide."""
    if "perspective" not in cleaned.steps:
        return render_dpi
    return min(cleaned.image.shape[:2]) / PAGE_WIDTH_INCHES


def _clean_and_read(
    clean: Callable[[bool], CleanedPage], read: Callable[[CleanedPage], PageText]
) -> tuple[CleanedPage, PageText]:
    """Clean and OCR a page, asking tesseract's orientation detection only when the words call for it.

    OSD costs about as much as OCR itself (0.8-1.1 s on a 300-dpi A4 page, measured) and
    almost every page arrives upright, so the page is read first, turned only if the shape
    of its ink clearly says so (capture.page_turn). Its words tell whether it then was upright:
    upside-down print reads as junk with a mean confidence near 0.4 (upright pages
    0.84-0.96), and sideways print, which tesseract reads well, has words taller than wide.
    Only then is OSD asked, and its turn kept only if the page then reads better.
    """
    cleaned = clean(False)
    words = read(cleaned)
    if _upright_score(words) >= MIN_UPRIGHT_SCORE:
        return cleaned, words
    # The re-read below checks OSD's verdict, so even an unsure one is worth trying.
    turned = clean(True)
    if turned.rotation == cleaned.rotation:
        return turned, words  # the same pixels as `cleaned`; its steps record that OSD was asked
    turned_words = read(turned)
    if _upright_score(turned_words) > _upright_score(words):
        return turned, turned_words
    return cleaned, words


def _upright_score(text: PageText) -> float:
    """0..1: how much the OCR'd words look like upright print (confidence × share of flat words).

    A page with too few words to judge scores 1.0: OSD could not judge it either.
    """
    words = [word for word in text.words if sum(ch.isalnum() for ch in word.text) >= _JUDGED_WORD_CHARS]
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return 1.0
    lengths = [len(word.text) for word in words]
    confidence = sum(word.confidence * n for word, n in zip(words, lengths, strict=True)) / sum(lengths)
    flat = sum(word.box[2] - word.box[0] > word.box[3] - word.box[1] for word in words) / len(words)
    return confidence * flat


def _cleanup_record(cleaned: CleanedPage) -> dict[str, float | int | str]:
    """What cleanup did, in the form PageText keeps it (and the database stores it)."""
    return {"rotation": cleaned.rotation, "skew_angle": cleaned.skew_angle, "steps": ",".join(cleaned.steps)}


def _downscale(image: np.ndarray, factor: float) -> tuple[np.ndarray, float]:
    """The image shrunk by `factor` (never enlarged), and the scale actually applied."""
    if factor >= 1.0:
        return image, 1.0
    height, width = image.shape[:2]
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    shrunk = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return shrunk, shrunk.shape[1] / width
