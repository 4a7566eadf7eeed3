"""The tesseract adapter: words with boxes from the real binary, and clear messages when it fails."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytesseract
import pytest

from capture import tesseract
from capture.errors import OcrFailed, OcrUnavailable
from capture.tesseract import detect_orientation, ocr_words, parse_tsv_words
from tests.reading_fixtures import INVOICE_NUMBER, invoice_render, turned

DPI = 200


def _invoice_header() -> np.ndarray:
    """The top third of the invoice: its header block, small enough to OCR quickly."""
    page = invoice_render(DPI)
    return page[: page.shape[0] // 3]


@pytest.fixture
def tesseract_command(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lets a test swap the tesseract binary; the language cache must not outlive the swap."""
    tesseract.available_languages.cache_clear()
    yield
    monkeypatch.undo()
    tesseract.available_languages.cache_clear()


def _fake_tesseract(tmp_path: Path, script: str) -> str:
    path = tmp_path / "tesseract"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_ocr_finds_the_printed_invoice_number_with_its_box() -> None:
    image = _invoice_header()
    page = ocr_words(image, dpi=DPI, page_number=2)
    assert (page.page, page.unit, page.source, page.dpi) == (2, "px", "ocr", DPI)
    assert (page.width, page.height) == (image.shape[1], image.shape[0])
    assert f"Invoice number: {INVOICE_NUMBER}" in page.text
    number = next(word for word in page.words if word.text == INVOICE_NUMBER)
    x0, y0, x1, y1 = (round(v) for v in number.box)
    assert image[y0:y1, x0:x1].min() < 100  # the box sits on the printed number
    assert 0.8 < number.confidence <= 1.0


def test_words_of_one_printed_line_share_a_line_number_unique_on_the_page() -> None:
    page = ocr_words(_invoice_header(), dpi=DPI)
    line_of = {word.text: word.line for word in page.words}
    assert line_of["number:"] == line_of[INVOICE_NUMBER]
    assert line_of["Invoice"] != line_of["Customer:"]
    # Each block numbers its lines from 1; the page-wide number must still tell them apart.
    assert line_of["INVOICE"] != line_of["Northwind"]


def test_blank_page_reads_as_no_words() -> None:
    page = ocr_words(np.full((400, 300), 255, dtype=np.uint8), dpi=DPI)
    assert page.words == ()


def test_tsv_rows_without_text_are_skipped_and_lines_numbered_across_blocks() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t10\t10\t200\t20\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t50\t20\t96.5\tTotal",
        "5\t1\t1\t1\t1\t2\t70\t10\t40\t20\t91\t 12.00",
        "5\t1\t1\t1\t1\t3\t120\t10\t5\t20\t95\t ",
        "5\t1\t2\t1\t1\t1\t10\t50\t50\t20\t88\tIBAN",
    ]
    words = parse_tsv_words("\n".join([header, *rows]))
    assert [(w.text, w.block, w.line) for w in words] == [("Total", 1, 0), ("12.00", 1, 0), ("IBAN", 2, 1)]
    assert words[0].box == (10.0, 10.0, 60.0, 30.0)
    assert words[0].confidence == pytest.approx(0.965)


def test_orientation_of_a_sideways_page_is_detected() -> None:
    rotate, confidence = detect_orientation(turned(invoice_render(DPI), 270))
    assert rotate == 90 and confidence > 5


def test_orientation_of_a_page_without_text_is_undecided() -> None:
    assert detect_orientation(np.full((600, 400), 255, dtype=np.uint8)) == (0, 0.0)


def test_missing_language_pack_is_named() -> None:
    with pytest.raises(OcrUnavailable, match=r"language pack for Italian \(ita\) is not installed"):
        ocr_words(_invoice_header(), languages="eng+ita")


def test_slow_page_fails_with_a_timeout_message() -> None:
    with pytest.raises(OcrFailed, match=r"^reading page 3 took longer than 0.001 seconds$"):
        ocr_words(_invoice_header(), timeout_s=0.001, page_number=3)


@pytest.mark.usefixtures("tesseract_command")
def test_missing_tesseract_binary_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrUnavailable, match=r"^the OCR engine \(tesseract\) is not installed$"):
        ocr_words(_invoice_header())
    with pytest.raises(OcrUnavailable, match="not installed"):
        detect_orientation(_invoice_header())


@pytest.mark.usefixtures("tesseract_command")
def test_tesseract_crash_is_reported_with_its_last_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = (
        'if [ "$1" = "--list-langs" ]; then printf "List of languages:\\neng\\nosd\\n"; exit 0; fi\n'
        'echo "Error in pixReadStream: Unknown format" >&2; exit 1\n'
    )
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", _fake_tesseract(tmp_path, script))
    with pytest.raises(OcrFailed, match="failed on page 5: Error in pixReadStream: Unknown format"):
        ocr_words(_invoice_header(), languages="eng", page_number=5)


@pytest.mark.usefixtures("tesseract_command")
def test_tesseract_runs_single_threaded_without_touching_our_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = tmp_path / "omp_thread_limit"
    script = f'echo "$OMP_THREAD_LIMIT" > {seen}\nexec {shutil.which("tesseract")} "$@"\n'
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", _fake_tesseract(tmp_path, script))
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    ocr_words(np.full((60, 60), 255, dtype=np.uint8), languages="eng")
    assert seen.read_text().strip() == "1"
    assert "OMP_THREAD_LIMIT" not in os.environ
