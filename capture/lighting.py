"""Removing shadows and uneven light from a page image by dividing by its estimated paper colour.

The paper's brightness is estimated by closing the image (a grey-level dilation then erosion)
with a kernel wider than any stroke, which paints the ink over with the paper around it,
then smoothing. Dividing by it makes the paper evenly white wherever the light fell, so
tesseract's single global threshold no longer turns a shadow into ink or fades print in
the light. Scans are evenly lit, so the step is taken only when the paper's brightness
varies enough to matter (measured by the spread of that estimate). A dark printed band is
no shadow: the estimate is floored, so white print on it stays lighter than the band.
"""

from __future__ import annotations

import cv2
import numpy as np

# The estimate is made on a copy this size (longest side): light changes slowly, and a
# large close on a full 300-dpi page would cost far more than the OCR it helps.
_ESTIMATE_SIDE_PX = 600

# Wider than the thickest stroke in the small copy (bold headings, table rules).
_CLOSE_PX = 15

# Paper brightness varying by less than this (grey levels, 25th to 95th percentile) is even
# enough: scans vary by a few levels, photos in shadow by 60 and more.
UNEVEN_SPREAD = 30.0

# Shadows dim paper to about half its brightness; anything darker is print, not light.
_DARKEST_LIGHT = 0.4

_WHITE = 255.0


def paper_brightness(gray: np.ndarray) -> np.ndarray:
    """The estimated brightness of bare paper at each pixel, full size, float32."""
    background = cv2.GaussianBlur(_small_paper(gray), (0, 0), _CLOSE_PX / 2)
    height, width = gray.shape
    return cv2.resize(background, (width, height), interpolation=cv2.INTER_LINEAR).astype(np.float32)


def lighting_is_uneven(gray: np.ndarray, spread: float = UNEVEN_SPREAD) -> bool:
    """Whether the paper's brightness varies across the page by more than `spread` grey levels."""
    # From the 25th percentile, so a dark header band or a stamp covering less than a quarter
    # of the page is not taken for a shadow.
    low, high = np.percentile(_small_paper(gray), (25, 95))
    return bool(high - low > spread)


def _small_paper(gray: np.ndarray) -> np.ndarray:
    """A small copy of the page with the ink closed over by the paper around it."""
    scale = min(1.0, _ESTIMATE_SIDE_PX / max(gray.shape))
    # Sampling rather than area averaging: 1 ms instead of 60 on a 300-dpi page, and the close
    # that follows paints over the ink whichever pixels were sampled.
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR) if scale < 1 else gray
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (_CLOSE_PX, _CLOSE_PX))
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)


def flatten_lighting(gray: np.ndarray) -> np.ndarray:
    """The page with its paper made evenly white and the ink kept in proportion to it."""
    # The floor's percentile is taken on the small copy (a percentile over every pixel of a
    # 300-dpi page costs 30 ms) and the arithmetic is done in place: half the time, same pixels.
    small = cv2.GaussianBlur(_small_paper(gray), (0, 0), _CLOSE_PX / 2)
    floor = _DARKEST_LIGHT * float(np.percentile(small, 95))
    height, width = gray.shape
    background = cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    np.maximum(background, np.float32(floor), out=background)
    np.divide(np.float32(_WHITE), background, out=background)
    np.multiply(background, gray, out=background)
    np.minimum(background, np.float32(_WHITE), out=background)
    return background.astype(np.uint8)
