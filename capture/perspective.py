"""Flattening a phone photo of a page: find the page's outline against the desk and warp it square.

The page is found as the largest bright quadrilateral in a small copy of the photo. A page is
much brighter than a desk even in a shadow, but the shadow can make one global threshold cut
the page in two, so the threshold is taken on a copy whose slow light changes are divided out
first. Anything doubtful (no four-cornered outline, too small, a whole side lost outside the
picture) means no warp: an unwarped page still reads; a wrong warp
would not.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# A photographed page is taken to be this wide: between A4 (8.27 in) and US Letter (8.5 in),
# within 2% of either. A phone writes 72 dpi whatever it photographed, so the page is the only ruler.
PAGE_WIDTH_INCHES = 8.4

# The outline is looked for in a copy this size (longest side): corners to within a few pixels.
_FIND_SIDE_PX = 800

# A page smaller than this share of the picture is more likely a label or a receipt on a page.
MIN_PAGE_AREA_SHARE = 0.3

# A side of the outline this close to the frame (share of the longest side) is the frame's, not the page's.
_FRAME_MARGIN_SHARE = 0.005

# A corner rebuilt outside the picture may lie this far beyond it (share of the longest side):
# a phone photo cuts off a sliver of the page, not a quarter of it.
_MAX_CORNER_OUTSIDE_SHARE = 0.06

# Approximating the outline by a polygon: tolerance as a share of its perimeter.
_POLYGON_TOLERANCE = 0.02

# The page's outline fills at least this share of the quadrilateral found for it.
_MIN_FILL = 0.9

# Canny thresholds on the blurred 8-bit copy: paper against desk steps by 40 or more grey levels.
_EDGE_LOW, _EDGE_HIGH = 20, 60

# Gaps in the outline up to this size (small copy pixels) are bridged, where light or blur weakens an edge.
_GAP_PX = 9

# Anything thinner than this (small copy pixels) sticking out of the page is desk, not page.
_SPUR_PX = 15

# How many corners a shadow or a fold may have cut off and still let the page be rebuilt.
_MAX_CUT_CORNERS = 2

# The picture's outer strip (share of its longest side) where a photo shows the desk; the desk
# shows at most 45% of the paper's brightness on generated photos (0.12-0.45), a scan about 1.
_BORDER_SHARE = 0.02
_SURROUND_RATIO = 0.75

# A dark band at the page's top or bottom is looked for this far beyond the outline (share of the
# page's height); its light print is at least this bright (share of the paper's brightness),
# covers this share of a row (letters, not paper), in at least this many rows; the band's
# edge is taken this far (share of the page height) beyond the print.
_BAND_REACH = 0.2
_BAND_PRINT_LIGHTNESS = 0.7
_BAND_PRINT_SHARE, _BAND_MAX_PRINT_SHARE = 0.01, 0.5
_BAND_MIN_PRINT_ROWS = 3
_BAND_CLEAR_SHARE = 0.015
_BAND_SIDE_MARGIN = 0.05

# A page seen from any sensible phone position keeps its corners within this many degrees of square
# (generated photos: at most 4.2°). A corner far off square means a shadow as dark as the desk
# cut the page diagonally, and warping that outline would tear the page apart.
_MAX_CORNER_SKEW_DEGREES = 25.0

# A page fills the picture up to its edges: with less desk around it than this there is no outline.
_MIN_DESK_SHARE = 0.04


@dataclass(frozen=True)
class PageOutline:
    corners: np.ndarray  # 4×2 float32 in image pixels: top-left, top-right, bottom-right, bottom-left


def find_page_outline(gray: np.ndarray) -> PageOutline | None:
    """The page's four corners in a photo of it on a darker surface, or None when not sure."""
    scale = min(1.0, _FIND_SIDE_PX / max(gray.shape))
    # Nearest-neighbour-like sampling costs under 1 ms where area averaging of a 300-dpi page
    # costs 60; the blur before edge detection does the smoothing that matters here.
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR) if scale < 1 else gray
    if not _has_darker_surround(small):
        return None  # a scan: paper to the edges, nothing to find (and most pages are scans)
    page_mask = _bright_region(small)
    if page_mask.mean() / 255 > 1 - _MIN_DESK_SHARE:
        return None
    contours, _ = cv2.findContours(page_mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(largest) < MIN_PAGE_AREA_SHARE * small.shape[0] * small.shape[1]:
        return None
    polygon = _quadrilateral(cv2.convexHull(largest), small.shape)
    if polygon is None:
        return None
    corners = _order_corners(polygon.reshape(4, 2).astype(np.float32))
    paper = float(np.percentile(small[::4, ::4], 95))
    return PageOutline(corners=_over_dark_bands(small, corners, paper) / scale)


def warp_to_page(
    gray: np.ndarray, outline: PageOutline, *, dpi: float | None = None, max_upscale: float | None = None
) -> np.ndarray:
    """The page inside `outline`, flat, at `dpi` (taking it as PAGE_WIDTH_INCHES wide) or else the
    size it has in the photo; never enlarged more than `max_upscale` times the photo's own pixels."""
    top_left, top_right, bottom_right, bottom_left = outline.corners
    width = max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left))
    height = max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right))
    scale = dpi * PAGE_WIDTH_INCHES / min(width, height) if dpi else 1.0
    if max_upscale is not None:
        scale = min(scale, max(max_upscale, 1.0))
    size = (round(width * scale), round(height * scale))
    target = np.array([[0, 0], [size[0], 0], [size[0], size[1]], [0, size[1]]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(outline.corners.astype(np.float32), target)
    return cv2.warpPerspective(gray, matrix, size, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def _over_dark_bands(small: np.ndarray, corners: np.ndarray, paper: float) -> np.ndarray:
    """The corners moved out over a dark printed band at the page's top or bottom edge.

    A dark header band can be as dark as the desk, so the outline stops where the band meets
    the paper and the band (often with the seller's name on it) is cut off. The band gives
    itself away by light print in the strip beyond the outline, where a desk has none.
    """
    top_left, top_right, bottom_right, bottom_left = corners
    top = _band_beyond(small, top_left, top_right, bottom_left, bottom_right, paper)
    bottom = _band_beyond(small, bottom_right, bottom_left, top_right, top_left, paper)
    return np.array([top[0], top[1], bottom[0], bottom[1]], dtype=np.float32)


def _band_beyond(
    small: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    left_inner: np.ndarray,
    right_inner: np.ndarray,
    paper: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The side left-right, moved outwards (away from the inner side) over a band with light print."""
    left_out, right_out = left - left_inner, right - right_inner
    height = (np.linalg.norm(left_out) + np.linalg.norm(right_out)) / 2
    width = int(np.linalg.norm(right - left))
    reach = int(_BAND_REACH * height)
    if reach < 4 or width < 10:
        return left, right
    left_out, right_out = left_out / np.linalg.norm(left_out), right_out / np.linalg.norm(right_out)
    source = np.array([left + left_out * reach, right + right_out * reach, right, left], dtype=np.float32)
    target = np.array([[0, 0], [width, 0], [width, reach], [0, reach]], dtype=np.float32)
    strip = cv2.warpPerspective(small, cv2.getPerspectiveTransform(source, target), (width, reach))
    margin = max(1, int(_BAND_SIDE_MARGIN * width))
    light = (strip[:, margin:-margin] > _BAND_PRINT_LIGHTNESS * paper).mean(axis=1)  # row 0 is outermost
    beside_side = max(1, int(_BAND_CLEAR_SHARE * height))
    if np.median(light[-beside_side:]) > _BAND_MAX_PRINT_SHARE:
        return left, right  # paper right beyond the side: the outline runs inside the page
    outer = light[:-beside_side]
    print_rows = np.nonzero((outer > _BAND_PRINT_SHARE) & (outer < _BAND_MAX_PRINT_SHARE))[0]
    if len(print_rows) < _BAND_MIN_PRINT_ROWS:
        return left, right
    distance = min(reach, reach - int(print_rows[0]) + _BAND_CLEAR_SHARE * height)
    return left + left_out * distance, right + right_out * distance


def _has_darker_surround(small: np.ndarray) -> bool:
    """Whether the picture's edges are clearly darker than its paper, as a desk around a page is."""
    border = max(2, round(_BORDER_SHARE * max(small.shape)))
    edges = np.concatenate(
        [
            small[:border].ravel(),
            small[-border:].ravel(),
            small[:, :border].ravel(),
            small[:, -border:].ravel(),
        ]
    )
    paper = float(np.percentile(small[::4, ::4], 95))  # a sample: sorting every pixel costs 20 ms
    return float(np.median(edges)) < _SURROUND_RATIO * paper


def _bright_region(small: np.ndarray) -> np.ndarray:
    """White inside the page's outline: the strong edges of the picture, closed and filled.

    Edges rather than one brightness threshold, because light falling off across the page
    makes its dim end as dark as a pale desk, while the step from paper to desk stays sharp.
    """
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    edges = cv2.Canny(blurred, _EDGE_LOW, _EDGE_HIGH)
    edges = cv2.morphologyEx(
        edges, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (_GAP_PX, _GAP_PX))
    )
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    mask = np.zeros_like(small)
    cv2.drawContours(mask, contours, -1, 255, thickness=cv2.FILLED)
    # Where an edge is too faint to close, the paper's brightness still marks it as page.
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.bitwise_or(mask, bright)
    # Streaks of desk grain cling to the outline as thin spurs that would bend its hull.
    spur = cv2.getStructuringElement(cv2.MORPH_RECT, (_SPUR_PX, _SPUR_PX))
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, spur)


def _quadrilateral(hull: np.ndarray, shape: tuple[int, ...]) -> np.ndarray | None:
    """The hull as four corners: simplified to four points, or rebuilt from its four longest sides.

    Sides lying along the picture's frame are where the frame cut the page, not its edges: a
    corner cut off by the frame (the page a little too big for the picture, common in phone
    photos) is rebuilt where the page's own sides meet, even if that is outside the picture.
    A page that lost a whole side to the frame has fewer than four sides left and is not warped.
    """
    polygon = cv2.approxPolyDP(hull, _POLYGON_TOLERANCE * cv2.arcLength(hull, True), True)
    points = polygon.reshape(-1, 2).astype(np.float64)
    sides = [(points[i], points[(i + 1) % len(points)]) for i in range(len(points))]
    page_sides = [side for side in sides if not _along_frame(side, shape)]
    if len(page_sides) == len(sides) == 4:
        quad = polygon.astype(np.float32)
    else:
        quad = _from_longest_sides(page_sides, cut_by_frame=len(page_sides) < len(sides))
    if quad is None or not cv2.isContourConvex(quad) or not _within_reach(quad, shape):
        return None
    if not _nearly_square_corners(quad):
        return None
    # A blob that is no page has a hull its four corners fit badly (judged inside the picture).
    if cv2.contourArea(hull) < _MIN_FILL * _area_in_frame(quad, shape):
        return None
    return quad


def _from_longest_sides(
    sides: list[tuple[np.ndarray, np.ndarray]], *, cut_by_frame: bool
) -> np.ndarray | None:
    """Four corners where the four longest of the page's sides (in order round it) meet: a
    corner cut off by a shadow or by the frame comes back."""
    if len(sides) < 4 or len(sides) > _MAX_CUT_CORNERS + 4:
        return None
    if cut_by_frame and len(sides) > 4:
        return None  # corners lost to the frame and to a shadow at once: too doubtful to rebuild
    longest = sorted(sorted(range(len(sides)), key=lambda i: -np.linalg.norm(sides[i][1] - sides[i][0]))[:4])
    corners = [
        _intersection(sides[a], sides[b]) for a, b in zip(longest, longest[1:] + longest[:1], strict=True)
    ]
    if any(corner is None for corner in corners):
        return None
    return np.array(corners, dtype=np.float32).reshape(4, 1, 2)


def _along_frame(side: tuple[np.ndarray, np.ndarray], shape: tuple[int, ...]) -> bool:
    """Whether a side runs along one edge of the picture (both its ends at that edge)."""
    height, width = shape[:2]
    margin = _FRAME_MARGIN_SHARE * max(height, width) + 1
    (x1, y1), (x2, y2) = side
    return bool(
        (x1 < margin and x2 < margin)
        or (y1 < margin and y2 < margin)
        or (x1 > width - 1 - margin and x2 > width - 1 - margin)
        or (y1 > height - 1 - margin and y2 > height - 1 - margin)
    )


def _nearly_square_corners(quad: np.ndarray) -> bool:
    """Whether every corner of the quadrilateral is within _MAX_CORNER_SKEW_DEGREES of a right angle."""
    corners = quad.reshape(4, 2).astype(np.float64)
    for index in range(4):
        before, here, after = corners[index - 1], corners[index], corners[(index + 1) % 4]
        first, second = before - here, after - here
        cosine = np.dot(first, second) / (np.linalg.norm(first) * np.linalg.norm(second) + 1e-9)
        if abs(np.degrees(np.arccos(np.clip(cosine, -1.0, 1.0))) - 90.0) > _MAX_CORNER_SKEW_DEGREES:
            return False
    return True


def _within_reach(quad: np.ndarray, shape: tuple[int, ...]) -> bool:
    """Whether every corner is inside the picture or at most _MAX_CORNER_OUTSIDE_SHARE beyond it."""
    height, width = shape[:2]
    reach = _MAX_CORNER_OUTSIDE_SHARE * max(height, width)
    xs, ys = quad.reshape(4, 2)[:, 0], quad.reshape(4, 2)[:, 1]
    return bool(
        (xs > -reach).all()
        and (ys > -reach).all()
        and (xs < width + reach).all()
        and (ys < height + reach).all()
    )


def _area_in_frame(quad: np.ndarray, shape: tuple[int, ...]) -> float:
    """The area of the part of a convex quadrilateral that lies inside the picture."""
    height, width = shape[:2]
    frame = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    area, _ = cv2.intersectConvexConvex(quad.reshape(4, 2).astype(np.float32), frame)
    return float(area)


def _intersection(
    first: tuple[np.ndarray, np.ndarray], second: tuple[np.ndarray, np.ndarray]
) -> np.ndarray | None:
    """Where the lines through two sides cross, or None for (nearly) parallel sides."""
    (p1, p2), (q1, q2) = first, second
    d1, d2 = p2 - p1, q2 - q1
    denominator = d1[0] * d2[1] - d1[1] * d2[0]
    if abs(denominator) < 1e-6 * np.linalg.norm(d1) * np.linalg.norm(d2):
        return None
    t = ((q1[0] - p1[0]) * d2[1] - (q1[1] - p1[1]) * d2[0]) / denominator
    return p1 + t * d1


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Top-left, top-right, bottom-right, bottom-left, for a page turned less than 45°."""
    sums = points.sum(axis=1)
    diffs = points[:, 1] - points[:, 0]
    ordered = [
        points[np.argmin(sums)],
        points[np.argmin(diffs)],
        points[np.argmax(sums)],
        points[np.argmax(diffs)],
    ]
    return np.array(ordered, dtype=np.float32)
