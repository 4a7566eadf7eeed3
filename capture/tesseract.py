"""The adapter for the tesseract binary: the only module that knows its flags, timeouts and stderr.

Everything tesseract can do wrong (missing binary, missing language pack, a crash, a
timeout) leaves this module as an OcrFailed with a message a clerk or admin can act on.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar

import numpy as np
import pytesseract
from PIL import Image
from pytesseract.pytesseract import TesseractError, TesseractNotFoundError

from capture.errors import OcrFailed, OcrUnavailable
from models.pagetext import PageText, Word


class _SingleThreadedEnvironment(Mapping[str, str]):
    """The process environment with OpenMP limited to one thread, read live at each call.

    On a small machine tesseract's own OpenMP threads fight each other: a 300-dpi page
    takes 1.5 s single-threaded and 6-7 s with threads on 2 cores. Parallelism comes
    from one worker per core instead. Only tesseract's subprocess sees the limit.
    """

    _overrides: ClassVar[Mapping[str, str]] = MappingProxyType({"OMP_THREAD_LIMIT": "1"})

    def __getitem__(self, key: str) -> str:
        return self._overrides[key] if key in self._overrides else os.environ[key]

    def __iter__(self) -> Iterator[str]:
        yield from self._overrides
        yield from (key for key in os.environ if key not in self._overrides)

    def __len__(self) -> int:
        return len(set(os.environ) | set(self._overrides))


# pytesseract passes its module-level `environ` to every tesseract it starts; replacing it
# sets the limit for tesseract alone rather than for our whole process.
pytesseract.pytesseract.environ = _SingleThreadedEnvironment()

# Page segmentation modes (--psm): find blocks, columns and lines (tesseract's default), or
# take the image as one block of lines.
AUTOMATIC_SEGMENTATION = 3
UNIFORM_BLOCK = 6

# Tesseract's orientation-and-script model ships as a language pack of its own.
OSD_LANGUAGE = "osd"

# pytesseract hands tesseract the image as a temporary file in this format: PNM costs
# ~2 ms to write for an A4 page at 300 dpi where PNG costs 100+ ms, and tesseract reads both.
_TEMP_IMAGE_FORMAT = "PPM"

_TSV_COLUMNS = 12  # level page block par line word left top width height conf text

# So an admin reading "install tesseract-ocr-ita" knows which language a page wanted.
_LANGUAGE_NAMES = {
    "eng": "English",
    "deu": "German",
    "fra": "French",
    "nld": "Dutch",
    "ita": "Italian",
    "spa": "Spanish",
    "por": "Portuguese",
    "pol": "Polish",
    "osd": "orientation detection",
}


@functools.cache
def available_languages() -> frozenset[str]:
    """The language packs tesseract has installed (asked once per process)."""
    try:
        return frozenset(pytesseract.get_languages())
    except TesseractNotFoundError as error:
        raise _not_installed() from error


def ocr_words(
    image: np.ndarray,
    *,
    languages: str = "eng+deu+fra",
    dpi: int = 300,
    timeout_s: float = 120,
    page_number: int = 1,
    segmentation: int = AUTOMATIC_SEGMENTATION,
) -> PageText:
    """The words tesseract reads on a page image, in pixels of that image.

    `segmentation` is tesseract's page segmentation mode (--psm): the automatic layout
    analysis for a whole page, UNIFORM_BLOCK for print already cut out as one block."""
    _require_languages(languages)
    with _as_ocr_failures(f"page {page_number}", timeout_s):
        tsv = pytesseract.image_to_data(
            _as_temp_image(image),
            lang=languages,
            config=f"--dpi {int(dpi)} --psm {int(segmentation)}",
            timeout=timeout_s,
        )
    height, width = image.shape[:2]
    return PageText(
        page=page_number,
        width=float(width),
        height=float(height),
        unit="px",
        source="ocr",
        words=tuple(parse_tsv_words(tsv)),
        dpi=float(dpi),
    )


def detect_orientation(image: np.ndarray, *, timeout_s: float = 60) -> tuple[int, float]:
    """(clockwise degrees that turn the page upright, tesseract's confidence).

    (0, 0.0) when tesseract cannot decide, e.g. a page with too few characters.
    """
    _require_languages(OSD_LANGUAGE)
    with _as_ocr_failures("the page's orientation", timeout_s):
        try:
            report = pytesseract.image_to_osd(_as_temp_image(image), timeout=timeout_s)
        except TesseractError as error:
            # OSD refuses pages with little text ("Too few characters. Skipping this page"):
            # that is an undecided orientation, not a failure.
            if "too few characters" in error.message.lower():
                return 0, 0.0
            raise
    return _parse_osd(report)


def parse_tsv_words(tsv: str) -> list[Word]:
    """Words from tesseract's TSV output, confidences scaled to 0..1.

    Rows for blocks, paragraphs and lines carry conf -1 and no text; they are skipped.
    A printed line gets a page-unique number from its (block, paragraph, line) position.
    """
    words: list[Word] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t", _TSV_COLUMNS - 1)
        if len(cells) < _TSV_COLUMNS or not cells[11].strip() or float(cells[10]) < 0:
            continue
        block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
        left, top, width, height = (float(cell) for cell in cells[6:10])
        line_id = line_ids.setdefault((block, paragraph, line), len(line_ids))
        words.append(
            Word(
                text=cells[11].strip(),
                box=(left, top, left + width, top + height),
                confidence=min(float(cells[10]) / 100.0, 1.0),
                block=block,
                line=line_id,
            )
        )
    return words


def _parse_osd(report: str) -> tuple[int, float]:
    fields = dict(line.split(":", 1) for line in report.splitlines() if ":" in line)
    try:
        rotate = int(fields["Rotate"].strip()) % 360
        confidence = float(fields["Orientation confidence"].strip())
    except (KeyError, ValueError):
        return 0, 0.0
    return rotate, confidence


def _as_temp_image(image: np.ndarray) -> Image.Image:
    """A Pillow image that pytesseract writes out in a fast format instead of PNG."""
    if image.ndim == 3:
        image = image[:, :, 2::-1]  # BGR (OpenCV's order) to RGB for Pillow
    pil_image = Image.fromarray(np.ascontiguousarray(image))
    pil_image.format = _TEMP_IMAGE_FORMAT
    return pil_image


def _require_languages(languages: str) -> None:
    missing = [code for code in languages.split("+") if code and code not in available_languages()]
    if missing:
        names = ", ".join(f"{_LANGUAGE_NAMES.get(code, code)} ({code})" for code in missing)
        packages = " ".join(f"tesseract-ocr-{code}" for code in missing)
        raise OcrUnavailable(f"the OCR language pack for {names} is not installed (install {packages})")


@contextlib.contextmanager
def _as_ocr_failures(what: str, timeout_s: float) -> Iterator[None]:
    """Turn pytesseract's exceptions into OcrFailed with a message about `what` was being read."""
    try:
        yield
    except TesseractNotFoundError as error:
        raise _not_installed() from error
    except TesseractError as error:
        raise OcrFailed(f"the OCR engine failed on {what}: {_last_words(error.message)}") from error
    except RuntimeError as error:
        # pytesseract signals its timeout with a bare RuntimeError after killing the process.
        if "timeout" not in str(error).lower():
            raise
        raise OcrFailed(f"reading {what} took longer than {timeout_s:g} seconds") from error


def _not_installed() -> OcrUnavailable:
    return OcrUnavailable("the OCR engine (tesseract) is not installed")


def _last_words(stderr: str, limit: int = 200) -> str:
    """The end of tesseract's stderr, where it says what went wrong, kept short for a status line."""
    stderr = " ".join(stderr.split())
    return stderr if len(stderr) <= limit else "…" + stderr[-limit:]
