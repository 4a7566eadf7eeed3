"""A phone photo's page is found against the desk and flattened; a doubtful outline means no warp."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from capture.cleanup import CleanupOptions, clean_page
from capture.perspective import find_page_outline, warp_to_page
from tests.reading_fixtures import invoice_render

DPI = 100
CORNER_TOLERANCE_PX = 6
DESK_GREY = 90


def page_corners(
    width: int, height: int, frame: tuple[int, int], shift: tuple[float, float] = (0, 0)
) -> np.ndarray:
    """Where a page lands in a photo taken a little from below and turned: a trapezoid, off-square."""
    frame_w, frame_h = frame
    left, top = (frame_w - width) / 2 + shift[0], (frame_h - height) / 2 + shift[1]
    corners = [
        [left + 0.06 * width, top + 0.02 * height],
        [left + 0.95 * width, top],
        [left + width, top + height],
        [left - 0.02 * width, top + 0.97 * height],
    ]
    return np.array(corners, dtype=np.float32)


def photographed(page: np.ndarray, *, shift: tuple[float, float] = (0, 0), shadow: bool = True) -> np.ndarray:
    """The page on a darker desk in perspective, lit more on one side than the other."""
    height, width = page.shape
    frame = (int(width * 1.3), int(height * 1.2))
    corners = page_corners(width, height, frame, shift)
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    warped = cv2.warpPerspective(page, matrix, frame, borderValue=DESK_GREY).astype(np.float32)
    if shadow:  # light falling off towards the bottom left, to 55% of full
        ys, xs = np.mgrid[0 : frame[1], 0 : frame[0]].astype(np.float32)
        warped *= 1 - 0.45 * (ys / frame[1]) * (1 - xs / frame[0])
    return np.clip(warped, 0, 255).astype(np.uint8)


def test_page_outline_is_found_in_a_photo_with_uneven_light() -> None:
    page = invoice_render(DPI)
    photo = photographed(page)
    outline = find_page_outline(photo)
    assert outline is not None
    frame = (photo.shape[1], photo.shape[0])
    expected = page_corners(page.shape[1], page.shape[0], frame)
    assert np.abs(outline.corners - expected).max() <= CORNER_TOLERANCE_PX


def test_flattened_page_has_the_page_shape_and_no_desk() -> None:
    page = invoice_render(DPI)
    outline = find_page_outline(photographed(page, shadow=False))
    assert outline is not None
    flat = warp_to_page(photographed(page, shadow=False), outline)
    assert flat.shape[0] / flat.shape[1] == pytest.approx(page.shape[0] / page.shape[1], rel=0.05)
    border = np.concatenate([flat[2, :], flat[-3, :], flat[:, 2], flat[:, -3]])
    assert np.median(border) > 200  # paper at the edges, not desk


def test_flattened_page_is_brought_to_the_asked_resolution() -> None:
    page = invoice_render(DPI)
    outline = find_page_outline(photographed(page))
    assert outline is not None
    flat = warp_to_page(photographed(page), outline, dpi=200)
    assert min(flat.shape) == pytest.approx(200 * 8.4, abs=2)


def test_page_partly_out_of_the_picture_is_not_warped() -> None:
    page = invoice_render(DPI)
    photo = photographed(page, shift=(0.2 * page.shape[1], 0))  # the right edge leaves the frame
    assert find_page_outline(photo) is None
    cleaned = clean_page(photo, detect_orientation=False)
    assert "perspective" not in cleaned.steps


def test_flatbed_scan_has_no_outline_to_find() -> None:
    assert find_page_outline(invoice_render(DPI)) is None


def test_cleanup_flattens_a_photo_only_when_asked() -> None:
    photo = photographed(invoice_render(DPI))
    assert "perspective" in clean_page(photo, detect_orientation=False).steps
    unwarped = clean_page(
        photo, detect_orientation=False, options=CleanupOptions(perspective=False, flatten_light=False)
    )
    assert "perspective" not in unwarped.steps
    assert unwarped.image.shape[1] >= photo.shape[1]  # not cropped to the page: the desk is still there
