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


def test_flattened_page_is_enlarged_at_most_by_the_limit() -> None:
    page = invoice_render(DPI)
    photo = photographed(page)
    outline = find_page_outline(photo)
    assert outline is not None
    own = warp_to_page(photo, outline)
    capped = warp_to_page(photo, outline, dpi=10 * DPI, max_upscale=1.5)
    assert min(capped.shape) == pytest.approx(1.5 * min(own.shape), abs=2)
    smaller = warp_to_page(photo, outline, dpi=DPI / 2, max_upscale=1.5)  # a limit never enlarges
    assert min(smaller.shape) == pytest.approx(DPI / 2 * 8.4, abs=2)


def test_page_partly_out_of_the_picture_is_not_warped() -> None:
    page = invoice_render(DPI)
    photo = photographed(page, shift=(0.2 * page.shape[1], 0))  # the right edge leaves the frame
    assert find_page_outline(photo) is None
    cleaned = clean_page(photo, detect_orientation=False)
    assert "perspective" not in cleaned.steps


def test_page_cut_diagonally_by_a_dark_shadow_is_not_warped() -> None:
    """A shadow as dark as the desk over the lower left half leaves a bright four-cornered
    region with a diagonal side; warping it would shear the page, so it is left unwarped."""
    page = invoice_render(DPI)
    photo = photographed(page, shadow=False)
    height, width = photo.shape
    corners = page_corners(page.shape[1], page.shape[0], (width, height))
    top_left, bottom_right = corners[0], corners[2]
    shadow = np.array(
        [[0, top_left[1] + 0.45 * page.shape[0]], [bottom_right[0], height], [0, height]], dtype=np.int32
    )
    cv2.fillPoly(photo, [shadow], DESK_GREY)
    assert find_page_outline(photo) is None


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


def test_page_with_a_corner_just_outside_the_picture_is_still_found() -> None:
    page = invoice_render(DPI)
    height = page.shape[0]
    shift = (0.0, -0.1 * height - 0.012 * height)  # the top-right corner leaves the picture
    photo = photographed(page, shift=shift, shadow=False)
    outline = find_page_outline(photo)
    assert outline is not None
    frame = (photo.shape[1], photo.shape[0])
    expected = page_corners(page.shape[1], page.shape[0], frame, shift)
    assert expected[1, 1] < 0  # the premise: that corner is outside the photo
    # The lost corner comes back at the frame or beyond it: a sliver of the page's margin at most.
    assert np.abs(outline.corners - expected).max() <= 3 * CORNER_TOLERANCE_PX
    assert "perspective" in clean_page(photo, detect_orientation=False).steps


def test_a_flattened_photo_is_sharpened_unless_switched_off_and_a_scan_is_not() -> None:
    page = invoice_render(DPI)
    photo = photographed(page, shadow=False)
    assert "sharpen" in clean_page(photo, detect_orientation=False).steps
    off = clean_page(photo, detect_orientation=False, options=CleanupOptions(sharpen=False))
    assert "sharpen" not in off.steps
    assert "sharpen" not in clean_page(page, detect_orientation=False).steps


def test_a_flattened_photo_is_always_evened_out_but_an_evenly_lit_scan_is_not() -> None:
    page = invoice_render(DPI)
    photo = photographed(page, shadow=False)  # even light: the spread test alone would skip it
    steps = clean_page(photo, detect_orientation=False).steps
    assert "perspective" in steps and "flatten-light" in steps
    assert "flatten-light" not in clean_page(page, detect_orientation=False).steps
    without = clean_page(photo, detect_orientation=False, options=CleanupOptions(flatten_light=False)).steps
    assert "flatten-light" not in without


def test_dark_band_at_the_page_top_stays_on_the_page() -> None:
    page = invoice_render(DPI).copy()
    height = page.shape[0]
    band_bottom = int(0.1 * height)
    page[:band_bottom, :] = DESK_GREY - 10  # as dark as the desk: no edge between them
    cv2.putText(
        page, "NORTHGATE GROUP PLC", (60, band_bottom // 2 + 10), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2
    )
    photo = photographed(page, shadow=False)
    outline = find_page_outline(photo)
    assert outline is not None
    expected = page_corners(page.shape[1], height, (photo.shape[1], photo.shape[0]))
    # The top corners lie above the band's print, not at the band's lower edge.
    assert (outline.corners[:2, 1] < expected[:2, 1] + 0.05 * height).all()
    assert np.abs(outline.corners[2:] - expected[2:]).max() <= CORNER_TOLERANCE_PX
