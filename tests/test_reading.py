"""Reading a page: its words from the text layer or by OCR, and a display image the boxes land on."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from capture import reading
from capture.cleanup import CleanupOptions
from capture.document_file import open_document
from capture.reading import ReadPage, encode_png, read_page
from models.pagetext import PageText
from tests.reading_fixtures import (
    INVOICE_NUMBER,
    TOTAL,
    image_bytes,
    image_only_pdf,
    invoice_pdf,
    invoice_render,
    multipage_tiff,
    skewed,
    turned,
)
from tests.test_perspective import photographed

OCR_DPI = 200  # enough for 11-pt print and quicker than 300 in a test


def _ink_under(read: ReadPage, word_text: str) -> float:
    """Darkest display pixel under a word's box scaled onto the display image: low when it lands on print."""
    word = next(word for word in read.text.words if word.text == word_text)
    x0, y0, x1, y1 = (round(v * read.display_scale) for v in word.box)
    gray = read.display_image if read.display_image.ndim == 2 else read.display_image.min(axis=2)
    return float(gray[y0 : y1 + 1, x0 : x1 + 1].min())


def test_born_digital_page_is_read_from_its_text_layer_and_shown_at_display_dpi() -> None:
    with open_document(invoice_pdf()) as document:
        read = read_page(document, 1, languages="eng", display_dpi=110)
    assert read.text.source == "text-layer"
    assert INVOICE_NUMBER in read.text.text
    assert read.display_image.shape[1] == pytest.approx(8.27 * 110, abs=2)
    assert read.display_scale == pytest.approx(110 / 72, rel=0.01)
    assert _ink_under(read, INVOICE_NUMBER) < 100


def test_scanned_pdf_page_is_read_by_ocr_and_its_boxes_land_on_the_display_image() -> None:
    with open_document(image_only_pdf()) as document:
        read = read_page(document, 1, languages="eng+deu+fra", dpi=OCR_DPI, display_dpi=100)
    assert read.text.source == "ocr" and read.text.dpi == pytest.approx(OCR_DPI, rel=0.01)
    assert INVOICE_NUMBER in read.text.text and TOTAL in read.text.text
    assert read.display_scale == pytest.approx(100 / OCR_DPI, rel=0.01)
    assert read.display_image.ndim == 2 and read.display_image.shape[1] == pytest.approx(8.27 * 100, abs=2)
    assert _ink_under(read, INVOICE_NUMBER) < 100
    # Upright and straight: read at once, without the extra orientation pass.
    assert read.text.cleanup == {
        "rotation": 0,
        "skew_angle": 0.0,
        "steps": "grayscale",
        "unread_share": 0.0,
        "unread_footer_share": 0.0,
    }
    stored = PageText.from_json(json.loads(json.dumps(read.text.to_json())))  # as the database keeps it
    assert (stored.text, stored.cleanup) == (read.text.text, read.text.cleanup)


def test_upside_down_crooked_scan_is_turned_by_its_ink_and_read_once(monkeypatch) -> None:
    reads = _count_reads(monkeypatch)
    scan = turned(skewed(invoice_render(OCR_DPI), -1.5), 180)
    with open_document(multipage_tiff([scan], dpi=OCR_DPI)) as document:
        read = read_page(document, 1, languages="eng", dpi=OCR_DPI)
    assert INVOICE_NUMBER in read.text.text
    assert read.text.cleanup["rotation"] == 180
    assert read.text.cleanup["skew_angle"] == pytest.approx(-1.5, abs=0.3)
    assert read.text.cleanup["steps"] == "grayscale,deskew,turn-over"  # no OSD asked
    assert reads == [1]
    assert _ink_under(read, INVOICE_NUMBER) < 100


def test_without_the_ink_guess_an_upside_down_scan_is_caught_by_its_words_and_osd(monkeypatch) -> None:
    reads = _count_reads(monkeypatch)
    scan = turned(skewed(invoice_render(OCR_DPI), -1.5), 180)
    with open_document(multipage_tiff([scan], dpi=OCR_DPI)) as document:
        read = read_page(document, 1, languages="eng", dpi=OCR_DPI, cleanup=CleanupOptions(guess_turn=False))
    assert INVOICE_NUMBER in read.text.text
    assert read.text.cleanup["rotation"] == 180
    assert read.text.cleanup["steps"] == "grayscale,orientation,deskew"
    assert reads == [2]  # as it came (junk), then turned as OSD said


def test_page_fed_in_sideways_is_turned_for_the_reviewer() -> None:
    # tesseract reads sideways print well enough; the words standing on end give it away.
    scan = turned(invoice_render(OCR_DPI), 90)
    with open_document(multipage_tiff([scan], dpi=OCR_DPI)) as document:
        read = read_page(document, 1, languages="eng", dpi=OCR_DPI)
    assert read.text.cleanup["rotation"] == 270
    assert read.text.cleanup["steps"] == "grayscale,turn-sideways,turn-over"
    height, width = read.display_image.shape
    assert height > width  # portrait again, as printed
    assert _ink_under(read, INVOICE_NUMBER) < 100


@pytest.mark.parametrize("channels", [1, 3], ids=["gray", "colour"])
def test_display_image_round_trips_through_png(channels: int) -> None:
    image = np.array(invoice_render(100))
    if channels == 3:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    encoded = encode_png(image)
    assert encoded.startswith(b"\x89PNG\r\n\x1a\n")
    decoded = cv2.imdecode(np.frombuffer(encoded, np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(decoded, image)


def test_phone_photo_is_flattened_read_and_its_boxes_land_on_the_flat_page() -> None:
    photo = photographed(invoice_render(100))  # a page of ~100 dpi on a desk, in perspective, in shadow
    cleanup = CleanupOptions(photo_dpi=OCR_DPI, photo_max_upscale=None)
    with open_document(image_bytes(photo, "JPEG", quality=90)) as document:
        read = read_page(document, 1, languages="eng", cleanup=cleanup)
    assert INVOICE_NUMBER in read.text.text
    assert TOTAL in read.text.text
    assert "perspective" in str(read.text.cleanup["steps"])
    assert read.text.dpi == pytest.approx(OCR_DPI, rel=0.02)  # the flattened page's own resolution
    assert _ink_under(read, INVOICE_NUMBER) < 100


def _count_reads(monkeypatch) -> list[int]:
    """A one-item list counting the page OCR passes read_page makes from now on."""
    reads = [0]
    real = reading.ocr_words

    def counted(*args, **kwargs):
        reads[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(reading, "ocr_words", counted)
    return reads
