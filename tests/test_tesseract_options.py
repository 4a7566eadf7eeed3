"""The page segmentation mode reaches tesseract as asked."""

from __future__ import annotations

import numpy as np
import pytest

from capture import tesseract
from capture.tesseract import AUTOMATIC_SEGMENTATION, UNIFORM_BLOCK, ocr_words
from tests.reading_fixtures import invoice_render

_HEADER_TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
)


@pytest.fixture
def configs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The config strings ocr_words hands pytesseract (which is not run)."""
    seen: list[str] = []

    def fake_image_to_data(image: object, *, lang: str, config: str, timeout: float) -> str:
        seen.append(config)
        return _HEADER_TSV

    monkeypatch.setattr(tesseract.pytesseract, "image_to_data", fake_image_to_data)
    monkeypatch.setattr(tesseract, "_require_languages", lambda languages: None)
    return seen


def test_a_page_is_segmented_automatically_by_default(configs: list[str]) -> None:
    ocr_words(np.full((50, 50), 255, np.uint8), dpi=300)
    assert configs == [f"--dpi 300 --psm {AUTOMATIC_SEGMENTATION}"]


def test_a_block_cut_out_of_a_page_is_read_as_one_block(configs: list[str]) -> None:
    ocr_words(np.full((50, 50), 255, np.uint8), dpi=200, segmentation=UNIFORM_BLOCK)
    assert configs == [f"--dpi 200 --psm {UNIFORM_BLOCK}"]


def test_a_block_of_lines_reads_as_one_block() -> None:
    """The real binary: a strip of print read as one uniform block keeps its words."""
    page = invoice_render(200)
    strip = page[: page.shape[0] // 4]
    words = ocr_words(strip, languages="eng", dpi=200, segmentation=UNIFORM_BLOCK)
    assert len(words.words) >= 3
