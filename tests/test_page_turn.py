"""The quick guess from the ink's shape: sideways, upside down, or neither."""

from __future__ import annotations

import numpy as np
import pytest

from capture.cleanup import CleanupOptions, clean_page
from capture.page_turn import InkMeasure, is_sideways, is_upside_down
from tests.reading_fixtures import invoice_render, skewed, turned

DPI = 150


def test_upright_page_is_neither_sideways_nor_upside_down() -> None:
    ink = InkMeasure.of(invoice_render(DPI))
    assert is_sideways(ink) is False
    assert is_upside_down(ink) is False


@pytest.mark.parametrize("clockwise", [90, 270])
def test_page_on_its_side_is_seen_sideways(clockwise: int) -> None:
    assert is_sideways(InkMeasure.of(turned(invoice_render(DPI), clockwise))) is True


def test_page_turned_over_is_seen_upside_down_and_not_sideways() -> None:
    ink = InkMeasure.of(turned(invoice_render(DPI), 180))
    assert is_sideways(ink) is False
    assert is_upside_down(ink) is True


def test_blank_page_gives_no_verdict() -> None:
    blank = InkMeasure.of(np.full((1200, 850), 255, dtype=np.uint8))
    assert is_sideways(blank) is None
    assert is_upside_down(blank) is None


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_cleanup_without_osd_turns_a_turned_page_back_losslessly(clockwise: int) -> None:
    page = invoice_render(DPI)
    cleaned = clean_page(turned(page, clockwise), detect_orientation=False)
    assert (cleaned.rotation + clockwise) % 360 == 0
    assert "orientation" not in cleaned.steps  # OSD was not asked
    assert np.array_equal(cleaned.image, page)


def test_crooked_upside_down_page_is_straightened_then_turned() -> None:
    cleaned = clean_page(turned(skewed(invoice_render(DPI), 2.5), 180), detect_orientation=False)
    assert cleaned.rotation == 180
    assert cleaned.skew_angle == pytest.approx(2.5, abs=0.3)  # a half turn keeps the tilt
    assert cleaned.steps == ("grayscale", "deskew", "turn-over")


def test_ink_follows_the_page_when_turned_and_rotated() -> None:
    ink = InkMeasure.of(invoice_render(DPI))
    height, width = ink.ink.shape
    assert ink.turned_quarter().ink.shape == (width, height)
    assert np.array_equal(ink.turned_quarter().turned_quarter().ink, ink.ink[::-1, ::-1])
    tilted = InkMeasure.of(skewed(invoice_render(DPI), 3.0)).rotated(-3.0)
    assert is_sideways(tilted) is False
    assert is_upside_down(tilted) is False


def test_guess_can_be_switched_off() -> None:
    cleaned = clean_page(
        turned(invoice_render(DPI), 180), detect_orientation=False, options=CleanupOptions(guess_turn=False)
    )
    assert cleaned.rotation == 0
