"""Cleaning a page image before OCR: grayscale, turn it upright, straighten small skew.

Angles follow OpenCV's convention for images (origin top-left, y down): a positive
angle is counter-clockwise as the page is seen on screen.

The skew is measured with a projection profile rather than the common `minAreaRect`
recipe: that recipe depends on the angle range `minAreaRect` reports, which OpenCV 5
changed (it turns upright pages by 90°), and a single rectangle around all ink is
easily pulled off by a logo or a stamp. Text lines, by contrast, make the row sums of
ink sharply peaked exactly when the lines are level, whatever else is on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from capture import tesseract
from capture.lighting import flatten_lighting, lighting_is_uneven
from capture.page_turn import InkMeasure, is_sideways, is_upside_down, rotated_on_grown_canvas
from capture.perspective import find_page_outline, warp_to_page

# OSD's confidence on a clean, upright 300-dpi invoice page is 10-17; on a page with
# little or tiny text it drops below 4 and its verdict is often wrong (measured).
MIN_ORIENTATION_CONFIDENCE = 5.0

# Skew beyond this is not a scanner feeding a page crooked; we leave it alone.
MAX_SKEW_DEGREES = 10.0

# Below this the page is straight enough, and resampling would only blur it.
MIN_SKEW_CORRECTION_DEGREES = 0.1

# The skew is measured on a copy this size (longest side): ample for 0.1° precision
# across a text line, and ~10x fewer pixels than a 300-dpi page.
_MEASURE_SIDE_PX = 1200

# A page with fewer ink pixels than this (in the measuring copy) has no text lines to measure.
_MIN_INK_PIXELS = 500

# Enough ink pixels for a sharp profile; more only costs time.
_MAX_INK_PIXELS = 150_000

_COARSE_STEP_DEGREES = 0.5
_FINE_STEP_DEGREES = 0.05

_CLOCKWISE_TURNS = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}

_WHITE = 255

# Unsharp masking (the page plus `amount` times its difference from a blurred copy) of a
# flattened phone photo: its small print is soft (lens, JPEG, and the warp's enlargement), and
# tesseract reads crisper strokes better. Chosen on train photos (seed 27001, 120): header F1
# 0.907 without, 0.917 at 0.8/1 px, 0.929 at 0.8/2 px, 0.930 at 0.8/3 px, 0.939 at 1.2/3 px,
# 0.927 at 0.8/5 px; confirmed on 100 other train photos (+0.020). Not for scans: +0.008 on 80
# train scans, but a crisp 300-dpi real scan lost its invoice number to a dotted rule read as text.
SHARPEN_AMOUNT = 1.2
SHARPEN_SIGMA_PX = 3.0


@dataclass(frozen=True)
class CleanupOptions:
    """Which optional steps run; the defaults are what `python -m samples.ablation` measured best."""

    perspective: bool = True  # flatten a photographed page found against its background
    photo_dpi: float | None = 300.0  # resolution of a flattened photo's page; None keeps the photo's
    # ...but never more than this many times the photo's own pixels, None for no limit. A
    # 130-170 dpi photo read at 1.5x its own size keeps the key-field recall of 300 dpi at
    # 10-15% less OCR time; at 1.25x recall falls 1.7 points, at 1.0x 4 points (60 train photos).
    photo_max_upscale: float | None = 1.5
    flatten_light: bool = True  # divide out shadows and uneven light, where the background varies
    denoise: bool = False  # median filter against speckle
    binarise: bool = False  # Otsu black and white before OCR (tesseract binarises anyway)
    sharpen: bool = True  # unsharp masking of a flattened photo's soft print
    reread_missed: bool = True  # read again, as blocks of their own, text regions the page's OCR left out
    guess_turn: bool = True  # turn sideways or upside-down pages by the ink's shape when OSD is not asked


DEFAULT_CLEANUP = CleanupOptions()


@dataclass(frozen=True)
class CleanedPage:
    image: np.ndarray  # grayscale uint8, upright and straightened
    rotation: int  # clockwise quarter turns applied, in degrees: 0, 90, 180 or 270
    skew_angle: float  # the skew found and corrected, degrees counter-clockwise
    steps: tuple[str, ...]  # names of the steps that changed or inspected the image, in order


def clean_page(
    image: np.ndarray,
    *,
    detect_orientation: bool = True,
    min_orientation_confidence: float = MIN_ORIENTATION_CONFIDENCE,
    options: CleanupOptions = DEFAULT_CLEANUP,
) -> CleanedPage:
    """An upright, straight, grayscale copy of a page image, and what it took to get there.

    A caller that checks the result by other means may trust less confident orientation verdicts.
    """
    steps = ["grayscale"]
    gray = to_grayscale(image)
    photographed = False
    if options.perspective and (outline := find_page_outline(gray)) is not None:
        steps.append("perspective")
        gray = warp_to_page(gray, outline, dpi=options.photo_dpi, max_upscale=options.photo_max_upscale)
        photographed = True
    # A photo's light always falls off somewhere; a gentle fall-off over a grey table or a
    # shaded corner can stay under the spread threshold and still sink print below
    # tesseract's single threshold (measured on generated photos), so photos are always flattened.
    if options.flatten_light and (photographed or lighting_is_uneven(gray)):
        steps.append("flatten-light")
        gray = flatten_lighting(gray)
    if options.sharpen and photographed:
        steps.append("sharpen")
        gray = sharpen(gray)
    if options.denoise:
        steps.append("denoise")
        gray = cv2.medianBlur(gray, 3)
    rotation = 0
    # Not for photos: a phone records its orientation (EXIF, applied when decoding), and a
    # photo flattened imperfectly keeps curved lines that mislead both ink measures.
    guess_turn = options.guess_turn and not detect_orientation and not photographed
    if detect_orientation:
        steps.append("orientation")
        rotation = upright_rotation(gray, min_orientation_confidence)
        gray = rotate_quarter_turns(gray, rotation)
    ink = InkMeasure.of(gray) if guess_turn else None
    if ink is not None and is_sideways(ink):
        steps.append("turn-sideways")
        rotation = 90  # or 270: told apart below, once the lines are level
        gray = rotate_quarter_turns(gray, rotation)
        ink = ink.turned_quarter()
    skew = measure_skew(gray)
    if abs(skew) >= MIN_SKEW_CORRECTION_DEGREES:
        steps.append("deskew")
        gray = rotate_by(gray, -skew)
        ink = ink.rotated(-skew) if ink is not None else None
    else:
        skew = 0.0
    if ink is not None and is_upside_down(ink):
        steps.append("turn-over")
        rotation = (rotation + 180) % 360
        gray = rotate_quarter_turns(gray, 180)
    if options.binarise:
        steps.append("binarise")
        gray = cv2.threshold(gray, 0, _WHITE, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    return CleanedPage(image=gray, rotation=rotation, skew_angle=round(skew, 2), steps=tuple(steps))


def to_grayscale(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    conversion = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(image, conversion)


def sharpen(gray: np.ndarray) -> np.ndarray:
    """The image with its edges steepened by unsharp masking (SHARPEN_AMOUNT, SHARPEN_SIGMA_PX)."""
    blurred = cv2.GaussianBlur(gray, (0, 0), SHARPEN_SIGMA_PX)
    return cv2.addWeighted(gray, 1.0 + SHARPEN_AMOUNT, blurred, -SHARPEN_AMOUNT, 0)


def upright_rotation(gray: np.ndarray, min_confidence: float = MIN_ORIENTATION_CONFIDENCE) -> int:
    """Clockwise degrees that turn the page upright, or 0 when tesseract is not sure enough."""
    rotate, confidence = tesseract.detect_orientation(gray)
    if confidence <= min_confidence or rotate not in _CLOCKWISE_TURNS:
        return 0
    return rotate


def rotate_quarter_turns(image: np.ndarray, clockwise_degrees: int) -> np.ndarray:
    """Turn by a multiple of 90° without resampling (lossless)."""
    if clockwise_degrees == 0:
        return image
    return cv2.rotate(image, _CLOCKWISE_TURNS[clockwise_degrees])


def measure_skew(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) the text lines are tilted by, within ±MAX_SKEW_DEGREES."""
    ink_y, ink_x = _ink_coordinates(gray)
    if ink_y.size < _MIN_INK_PIXELS:
        return 0.0
    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, _COARSE_STEP_DEGREES)
    best = _sharpest_angle(ink_y, ink_x, coarse)
    fine = np.arange(best - _COARSE_STEP_DEGREES, best + _COARSE_STEP_DEGREES + 1e-9, _FINE_STEP_DEGREES)
    return float(np.clip(_sharpest_angle(ink_y, ink_x, fine), -MAX_SKEW_DEGREES, MAX_SKEW_DEGREES))


def rotate_by(gray: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate counter-clockwise about the centre, growing the canvas so no corner is cut off."""
    return rotated_on_grown_canvas(gray, degrees, interpolation=cv2.INTER_LINEAR, fill=_WHITE)


def _ink_coordinates(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of the dark pixels in a downscaled copy, centred on the page middle."""
    scale = min(1.0, _MEASURE_SIDE_PX / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    # A local threshold copes with the uneven light of phone photos, where one global
    # threshold would turn a shadow into a block of "ink" that has no lines to align.
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    ink_y, ink_x = np.nonzero(ink)
    if ink_y.size > _MAX_INK_PIXELS:
        keep = np.linspace(0, ink_y.size - 1, _MAX_INK_PIXELS).astype(np.intp)
        ink_y, ink_x = ink_y[keep], ink_x[keep]
    height, width = small.shape
    return ink_y - height / 2, ink_x - width / 2


def _sharpest_angle(ink_y: np.ndarray, ink_x: np.ndarray, angles_deg: np.ndarray) -> float:
    """The candidate angle at which the ink's row profile is most sharply peaked.

    Straightening by -angle moves a pixel to row y·cos + x·sin (for a counter-clockwise tilt
    the right-hand end of a line sits higher, at smaller y). Level text lines put their ink
    in few rows, so the sum of squared row counts is largest at the true angle.
    """
    scores = []
    for angle in np.radians(angles_deg):
        rows = np.round(ink_y * np.cos(angle) + ink_x * np.sin(angle)).astype(np.intp)
        counts = np.bincount(rows - rows.min())
        scores.append(float(np.dot(counts, counts)))
    return float(angles_deg[int(np.argmax(scores))])
