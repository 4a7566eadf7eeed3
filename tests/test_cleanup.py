"""Cleanup hands OCR an upright, straight, grayscale page, and says what it did."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from capture.cleanup import clean_page, measure_skew
from tests.reading_fixtures import invoice_render, skewed, turned

DPI = 150
SKEW_TOLERANCE = 0.3


@pytest.mark.parametrize("degrees", [-4.0, -2.0, -0.5, 1.0, 3.5, 8.0])
def test_crooked_scan_is_straightened(degrees: float) -> None:
    cleaned = clean_page(skewed(invoice_render(DPI), degrees), detect_orientation=False)
    assert cleaned.skew_angle == pytest.approx(degrees, abs=SKEW_TOLERANCE)
    assert "deskew" in cleaned.steps
    assert abs(measure_skew(cleaned.image)) <= SKEW_TOLERANCE  # the text lines are level now


def test_upright_page_is_left_as_it_is() -> None:
    page = invoice_render(DPI)
    cleaned = clean_page(page)
    assert (cleaned.rotation, cleaned.skew_angle) == (0, 0.0)
    assert cleaned.steps == ("grayscale", "orientation")
    assert np.array_equal(cleaned.image, page)  # not resampled, so not blurred


@pytest.mark.parametrize("clockwise", [90, 180, 270])
def test_page_fed_in_sideways_or_upside_down_is_turned_back(clockwise: int) -> None:
    page = invoice_render(DPI)
    cleaned = clean_page(turned(page, clockwise))
    assert (cleaned.rotation + clockwise) % 360 == 0
    assert np.array_equal(cleaned.image, page)


def test_upside_down_and_crooked_page_is_turned_and_straightened() -> None:
    cleaned = clean_page(turned(skewed(invoice_render(DPI), 2.0), 180))
    assert cleaned.rotation == 180
    assert cleaned.skew_angle == pytest.approx(2.0, abs=SKEW_TOLERANCE)
    assert cleaned.steps == ("grayscale", "orientation", "deskew")


def test_colour_photo_comes_out_grayscale() -> None:
    colour = cv2.cvtColor(np.array(invoice_render(DPI)), cv2.COLOR_GRAY2BGR)
    cleaned = clean_page(colour, detect_orientation=False)
    assert cleaned.image.ndim == 2 and cleaned.image.dtype == np.uint8


def test_blank_page_passes_through_unchanged() -> None:
    blank = np.full((1200, 850), 255, dtype=np.uint8)
    cleaned = clean_page(blank)
    assert (cleaned.rotation, cleaned.skew_angle) == (0, 0.0)
    assert cleaned.image.shape == blank.shape
