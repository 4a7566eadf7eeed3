"""Print the page's OCR left out is found, read again as a block, and put back where it sits on the page."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np
import pytest

from capture import reading
from capture.cleanup import CleanupOptions
from capture.document_file import open_document
from capture.missed_text import (
    MIN_RECOVERED_CONFIDENCE,
    Region,
    area_share,
    find_missed_regions,
    read_missed_regions,
    with_missed_words,
)
from capture.reading import read_page
from capture.tesseract import AUTOMATIC_SEGMENTATION, UNIFORM_BLOCK, ocr_words
from models.pagetext import PageText, Word
from tests.reading_fixtures import TOTAL, image_bytes, invoice_render

DPI = 300
PAGE_SHAPE = (1200, 1600)  # height, width in pixels at DPI


def _page_with_lines(lines: list[tuple[str, tuple[int, int]]]) -> np.ndarray:
    page = np.full(PAGE_SHAPE, 255, dtype=np.uint8)
    for text, origin in lines:
        cv2.putText(page, text, origin, cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3, cv2.LINE_AA)
    return page


def _word(text: str, box: tuple[float, float, float, float], confidence: float = 0.9) -> Word:
    return Word(text=text, box=box, confidence=confidence, block=1, line=0)


def _page_text(words: tuple[Word, ...]) -> PageText:
    return PageText(page=1, width=1600, height=1200, unit="px", source="ocr", words=words)


def test_text_no_word_covers_is_found_and_covered_text_is_not() -> None:
    page = _page_with_lines([("Invoice total 120.00", (100, 200)), ("IBAN DE12 3456 7890", (300, 1000))])
    read = [_word("Invoice", (95, 165, 560, 210))]  # the OCR read the first line only
    regions = find_missed_regions(page, read, DPI)
    assert len(regions) == 1
    left, top, right, bottom = regions[0].box
    assert left <= 300 and right >= 700 and top <= 975 and bottom >= 1000
    assert top > 210  # nothing of the line that was read


def test_a_page_read_completely_has_no_missed_regions() -> None:
    page = _page_with_lines([("Invoice total 120.00", (100, 200))])
    assert find_missed_regions(page, [_word("Invoice total 120.00", (95, 165, 560, 210))], DPI) == []


def test_a_rule_and_a_speck_are_no_text() -> None:
    page = np.full(PAGE_SHAPE, 255, dtype=np.uint8)
    cv2.line(page, (100, 600), (1500, 600), 0, 3)
    cv2.circle(page, (800, 900), 6, 0, -1)
    assert find_missed_regions(page, [], DPI) == []


def test_words_read_in_the_regions_land_where_they_sit_on_the_page() -> None:
    page = np.full(PAGE_SHAPE, 255, dtype=np.uint8)
    regions = [Region((100, 50, 500, 110)), Region((300, 900, 1200, 1000))]
    seen: list[np.ndarray] = []

    def fake_read(composite: np.ndarray) -> PageText:
        seen.append(composite)
        # The composite pastes regions below each other, 40 px apart, 40 px from the left.
        return _page_text(
            (
                _word("first", (50, 45, 150, 90)),
                _word("second", (60, 150, 200, 190)),
                _word("junk", (300, 150, 340, 190), confidence=MIN_RECOVERED_CONFIDENCE / 2),
            )
        )

    words = read_missed_regions(page, regions, fake_read)
    assert seen[0].shape == (40 + 60 + 40 + 100 + 40, 900 + 80)
    assert [word.text for word in words] == ["first", "second"]
    assert words[0].box == (110, 55, 210, 100)
    assert words[1].box == (320, 910, 460, 950)


def _pasted_band(paper: int, ink: int) -> np.ndarray:
    """How a band of print (paper and ink at the given grey levels) is pasted into the composite."""
    page = np.full(PAGE_SHAPE, 255, dtype=np.uint8)
    page[100:200, :] = paper
    cv2.putText(page, "Tax ID: 73-9274851", (120, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.2, ink, 3)
    seen: list[np.ndarray] = []

    def fake_read(composite: np.ndarray) -> PageText:
        seen.append(composite)
        return _page_text(())

    read_missed_regions(page, [Region((100, 100, 700, 200))], fake_read)
    return seen[0][40:140, 40:640]


def test_light_print_on_a_dark_band_is_pasted_dark_on_light() -> None:
    assert np.median(_pasted_band(paper=30, ink=255)) > 200  # the band became paper, its print ink


def test_grey_paper_is_pasted_white_with_its_print_dark() -> None:
    pasted = _pasted_band(paper=190, ink=110)  # a dim scan's footer: grey paper, grey print
    assert np.percentile(pasted, 50) >= 250 and pasted.min() < 160


def test_a_dim_footer_is_read_beside_a_bold_heading() -> None:
    """Tesseract thresholds the whole composite at once: grey paper next to white canvas turned
    black around its print and the footer was lost (a held-out scan's tax id)."""
    page = np.full(PAGE_SHAPE, 255, dtype=np.uint8)
    cv2.putText(page, "INVOICE", (120, 170), cv2.FONT_HERSHEY_DUPLEX, 1.6, 0, 4)
    page[1000:1060, :] = 180
    cv2.putText(page, "Bank: Citibank Tax ID: 73-9274851", (120, 1042), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 120, 2)
    regions = [Region((100, 80, 600, 200)), Region((100, 1000, 900, 1060))]

    def read(composite: np.ndarray) -> PageText:
        return ocr_words(composite, languages="eng", dpi=DPI, segmentation=UNIFORM_BLOCK)

    words = [word.text for word in read_missed_regions(page, regions, read)]
    assert "INVOICE" in words and {"Bank:", "Citibank", "Tax"} <= set(words)


def test_recovered_words_get_blocks_and_lines_of_their_own() -> None:
    text = _page_text((Word("a", (0, 0, 5, 5), 0.9, block=2, line=3),))
    missed = [
        Word("b", (0, 10, 5, 15), 0.9, block=1, line=0),
        Word("c", (0, 20, 5, 25), 0.9, block=1, line=1),
    ]
    merged = with_missed_words(text, missed)
    assert [(w.text, w.block, w.line) for w in merged.words] == [("a", 2, 3), ("b", 4, 4), ("c", 4, 5)]
    assert with_missed_words(text, []) is text


def test_a_word_read_again_where_the_page_has_it_is_left_out() -> None:
    text = _page_text((Word("Anzahl", (100, 100, 200, 130), 0.9, block=1, line=0),))
    missed = [
        Word("Anzahl", (104, 98, 198, 128), 0.8, block=1, line=0),  # the header word, read twice
        Word("Betrag", (400, 100, 500, 130), 0.8, block=1, line=0),  # new on the page
    ]
    assert [w.text for w in with_missed_words(text, missed).words] == ["Anzahl", "Betrag"]


def _page_read_misses_below(monkeypatch: pytest.MonkeyPatch, share: float) -> None:
    """The page's own read (not the second look) made to miss every word starting below `share`
    of the page's height, as tesseract's layout analysis sometimes drops a footer."""
    real_ocr_words = reading.ocr_words

    def page_read_misses(image: np.ndarray, **kwargs: object) -> PageText:
        text = real_ocr_words(image, **kwargs)
        if kwargs.get("segmentation", AUTOMATIC_SEGMENTATION) != AUTOMATIC_SEGMENTATION:
            return text
        kept = tuple(word for word in text.words if word.box[1] < share * image.shape[0])
        return dataclasses.replace(text, words=kept)

    monkeypatch.setattr(reading, "ocr_words", page_read_misses)


def _scan_with_a_block_the_page_read_misses(monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A scanned page whose own read misses its lower half."""
    _page_read_misses_below(monkeypatch, 0.5)
    return image_bytes(invoice_render(200), "PNG", dpi=(200, 200))


def test_print_the_page_read_missed_is_read_again_and_lands_on_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _scan_with_a_block_the_page_read_misses(monkeypatch)
    monkeypatch.setattr(reading, "MIN_SCAN_MISSED_SHARE", 0.0)  # however little it missed
    with open_document(data) as document:
        read = read_page(document, 1, languages="eng", dpi=200)
    assert TOTAL in read.text.text  # printed in the lower half
    total = next(word for word in read.text.words if word.text == TOTAL)
    assert total.box[1] > read.text.height / 2


def test_the_second_look_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _scan_with_a_block_the_page_read_misses(monkeypatch)
    with open_document(data) as document:
        read = read_page(document, 1, languages="eng", dpi=200, cleanup=CleanupOptions(reread_missed=False))
    assert TOTAL not in read.text.text


def test_a_scan_whose_leftovers_cover_little_of_the_page_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _scan_with_a_block_the_page_read_misses(monkeypatch)
    monkeypatch.setattr(reading, "MIN_SCAN_MISSED_SHARE", 0.9)
    with open_document(data) as document:
        read = read_page(document, 1, languages="eng", dpi=200)
    assert TOTAL not in read.text.text


def test_area_share_is_the_part_of_the_page_the_regions_cover() -> None:
    regions = [Region((0, 0, 100, 100)), Region((200, 200, 300, 250))]
    assert area_share(regions, (1000, 150)) == (10_000 + 5_000) / 150_000


def _scan_whose_footer_the_page_read_misses(monkeypatch: pytest.MonkeyPatch, footer: str) -> bytes:
    """A scanned page with a line of print in its footer band that the page's own read leaves out."""
    page = invoice_render(200).copy()  # the shared render is read-only
    origin = (120, int(0.93 * page.shape[0]))
    cv2.putText(page, footer, origin, cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2, cv2.LINE_AA)
    _page_read_misses_below(monkeypatch, 0.85)
    return image_bytes(page, "PNG", dpi=(200, 200))


def test_a_scans_footer_left_out_is_read_again_however_little_it_covers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _scan_whose_footer_the_page_read_misses(monkeypatch, "Bank: Citibank Tax ID: 73-9274851")
    monkeypatch.setattr(reading, "MIN_SCAN_MISSED_SHARE", 0.9)  # leftovers elsewhere would not be read
    with open_document(data) as document:
        read = read_page(document, 1, languages="eng", dpi=200)
    assert "73-9274851" in read.text.text
    assert read.text.cleanup["unread_footer_share"] == 0.0


def test_footer_print_no_pass_can_read_is_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _scan_whose_footer_the_page_read_misses(monkeypatch, "Bank: Citibank Tax ID: 73-9274851")
    real_ocr_words = reading.ocr_words  # already made to miss the footer

    def second_look_reads_nothing(image: np.ndarray, **kwargs: object) -> PageText:
        text = real_ocr_words(image, **kwargs)
        if kwargs.get("segmentation", AUTOMATIC_SEGMENTATION) == AUTOMATIC_SEGMENTATION:
            return text
        return dataclasses.replace(text, words=())  # as on a fax whose small print is a blur

    monkeypatch.setattr(reading, "ocr_words", second_look_reads_nothing)
    with open_document(data) as document:
        read = read_page(document, 1, languages="eng", dpi=200)
    assert read.text.cleanup["unread_footer_share"] >= 0.002
