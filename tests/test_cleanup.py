"""Cleanup hands OCR an upright, straight, grayscale page, and says what it did."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from capture.cleanup import CleanupOptions, clean_page, measure_skew, sharpen
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


def _shadowed(page: np.ndarray) -> np.ndarray:
    """The page with light falling off to 50% towards one corner, as under a hand or a phone."""
    height, width = page.shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    light = 1 - 0.5 * (ys / height) * (xs / width)
    return (page.astype(np.float32) * light).astype(np.uint8)


def test_shadow_across_the_page_is_lifted_so_the_paper_is_evenly_white() -> None:
    page = invoice_render(DPI)
    cleaned = clean_page(_shadowed(page), detect_orientation=False)
    assert "flatten-light" in cleaned.steps
    shadowed_corner = cleaned.image[-100:, -100:]
    assert np.median(shadowed_corner) >= 240  # paper, not grey
    assert np.count_nonzero(cleaned.image < 128) == pytest.approx(np.count_nonzero(page < 128), rel=0.2)


def test_shadow_is_kept_when_light_flattening_is_switched_off() -> None:
    options = CleanupOptions(flatten_light=False)
    cleaned = clean_page(_shadowed(invoice_render(DPI)), detect_orientation=False, options=options)
    assert "flatten-light" not in cleaned.steps
    assert np.median(cleaned.image[-100:, -100:]) < 160


def test_white_print_on_a_dark_band_survives_light_flattening() -> None:
    page = _shadowed(invoice_render(DPI)).copy()
    page[:120, :] = 40  # a dark header band ...
    page[50:70, 100:400] = 235  # ... with a white title printed on it
    cleaned = clean_page(page, detect_orientation=False)
    assert int(cleaned.image[60, 250]) - int(cleaned.image[20, 250]) > 60


def _soft_stroke() -> np.ndarray:
    """A 6-px black stroke on white paper, blurred as a phone lens or a scanner's optics blur it."""
    page = np.full((120, 200), 255, dtype=np.uint8)
    page[:, 97:103] = 0
    return cv2.GaussianBlur(page, (0, 0), 2.0)


def test_sharpening_steepens_a_soft_stroke_and_leaves_plain_paper_white() -> None:
    soft = _soft_stroke()
    sharp = sharpen(soft)
    row_soft, row_sharp = soft[60].astype(int), sharp[60].astype(int)
    assert row_sharp[100] < row_soft[100]  # the stroke's core darker
    assert np.abs(np.diff(row_sharp)).max() > np.abs(np.diff(row_soft)).max()  # its edges steeper
    assert (sharp[:, :60] == 255).all()  # paper away from print untouched
