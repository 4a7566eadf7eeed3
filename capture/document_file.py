"""Opening an incoming file as pages: a PDF (text layer or render) or an image (one page per frame).

Everything that can be wrong with the file itself is found here and raised as a
CaptureError a clerk understands; size limits are checked from headers before any
pixel data is decoded, so a hostile or absurd file costs no memory.
"""

from __future__ import annotations

import abc
import contextlib
import io
import math
import struct
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import cv2
import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException
from PIL import Image, UnidentifiedImageError

from capture.errors import DamagedFile, ImageTooLarge, PasswordProtected, TooManyPages
from capture.filetypes import PDF, sniff_media_type
from capture.text_layer import read_text_layer
from models.pagetext import PageText

# A page with fewer words than this is read by OCR: too little to trust, and cheap to OCR.
MIN_TEXT_LAYER_WORDS = 5

# Below this share of letters and digits among visible characters the layer is junk: fonts
# without a Unicode map give symbols and control codes instead of text.
MIN_ALPHANUMERIC_SHARE = 0.5

# An invisible text layer over a page image is some scanner's OCR of unknown quality; we
# read such pages ourselves. Render modes 3 (invisible) and 7 (clip only) paint nothing.
_INVISIBLE_RENDER_MODES = (pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP)

# Resolutions outside this range in an image's metadata are placeholders (cameras and
# screenshots write 72, some tools 1 or 0), not the resolution it was scanned at.
_PLAUSIBLE_DPI = (73.0, 1200.0)
DEFAULT_IMAGE_DPI = 300.0

# Small low-resolution images (screenshots, 96-dpi exports) are upscaled towards the
# requested dpi because tesseract misreads small print, but never beyond this longest
# side: a big photo with a low dpi tag would otherwise become a huge, slow page.
_UPSCALE_LIMIT_PX = 4200

_EXIF_ORIENTATION = 0x0112
# How to turn a frame upright for each EXIF orientation (1 is upright already); 5-8 swap width and height.
_EXIF_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

_DAMAGED_PDF = "the PDF is damaged and cannot be opened"
_DAMAGED_IMAGE = "the image is damaged and cannot be opened"


class SourceDocument(abc.ABC):
    """An opened file as numbered pages (1-based). Use it as a context manager, or close() it."""

    media_type: str
    page_count: int

    @abc.abstractmethod
    def has_text_layer(self, page: int) -> bool:
        """True when the page carries real, visible text that can be read without OCR."""

    @abc.abstractmethod
    def text_layer(self, page: int) -> PageText:
        """The words of the page's text layer, in PDF points."""

    @abc.abstractmethod
    def render(self, page: int, dpi: float, *, grayscale: bool = False) -> np.ndarray:
        """The page as a uint8 image at about `dpi`: 2-D grayscale, or BGR (OpenCV's order)."""

    @abc.abstractmethod
    def page_size_inches(self, page: int) -> tuple[float, float]:
        """Width and height of the page as printed, so a render's true dpi can be computed."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> SourceDocument:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_page(self, page: int) -> None:
        if not 1 <= page <= self.page_count:
            raise ValueError(f"page {page} is outside 1..{self.page_count}")


def open_document(data: bytes, *, max_pages: int = 200, max_image_pixels: int = 12000) -> SourceDocument:
    """Open a PDF or image file from its bytes; raises a CaptureError for anything a clerk must fix."""
    media_type = sniff_media_type(data)
    if media_type == PDF:
        return PdfSource(data, max_pages=max_pages, max_image_pixels=max_image_pixels)
    return ImageSource(data, media_type, max_pages=max_pages, max_image_pixels=max_image_pixels)


class PdfSource(SourceDocument):
    """pypdfium2 opens, checks and renders (fast, tolerant); pdfplumber reads text layers on demand."""

    def __init__(self, data: bytes, *, max_pages: int, max_image_pixels: int):
        self.media_type = PDF
        self._data = data
        self._max_side = max_image_pixels
        self._plumber: pdfplumber.PDF | None = None
        self._pdfium = _open_pdfium(data)
        self.page_count = len(self._pdfium)
        if self.page_count > max_pages:
            self.close()
            raise _too_many_pages("the PDF", self.page_count, max_pages)

    def has_text_layer(self, page: int) -> bool:
        with self._page(page) as pdf_page:
            return text_is_real(*_visible_text(pdf_page.get_textpage()))

    def text_layer(self, page: int) -> PageText:
        self._check_page(page)
        try:
            if self._plumber is None:
                self._plumber = pdfplumber.open(io.BytesIO(self._data))
            return read_text_layer(self._plumber, page)
        except (PdfminerException, MalformedPDFException) as error:
            # pdfminer is stricter than pdfium, so a file pdfium opened can still fail here.
            raise DamagedFile(_DAMAGED_PDF) from error

    def page_size_inches(self, page: int) -> tuple[float, float]:
        with self._page(page) as pdf_page:
            width_pt, height_pt = pdf_page.get_size()  # crop box, with the page's /Rotate applied
        return width_pt / 72.0, height_pt / 72.0

    def render(self, page: int, dpi: float, *, grayscale: bool = False) -> np.ndarray:
        width_in, height_in = self.page_size_inches(page)
        width_px, height_px = math.ceil(width_in * dpi), math.ceil(height_in * dpi)
        if max(width_px, height_px) > self._max_side:
            raise ImageTooLarge(
                f"page {page} is {width_in:.0f}×{height_in:.0f} inches, {width_px}×{height_px} pixels "
                f"at {dpi:g} dpi; the largest accepted is {self._max_side} pixels on a side"
            )
        with self._page(page) as pdf_page:
            try:
                bitmap = pdf_page.render(scale=dpi / 72.0, grayscale=grayscale)
            except pdfium.PdfiumError as error:
                raise DamagedFile(_DAMAGED_PDF) from error
            pixels = bitmap.to_numpy().copy()  # the array shares the bitmap's buffer, which dies with it
        return pixels[:, :, :3] if pixels.ndim == 3 else pixels

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()
            self._plumber = None
        self._pdfium.close()

    @contextlib.contextmanager
    def _page(self, page: int) -> Iterator[pdfium.PdfPage]:
        self._check_page(page)
        try:
            pdf_page = self._pdfium[page - 1]
        except pdfium.PdfiumError as error:
            raise DamagedFile(_DAMAGED_PDF) from error
        try:
            yield pdf_page
        finally:
            pdf_page.close()


def _too_many_pages(what: str, count: int, limit: int) -> TooManyPages:
    return TooManyPages(f"{what} has {count} pages; the most accepted is {limit} — send one invoice per file")


def _open_pdfium(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordProtected("PDF is password-protected") from error
        if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise PasswordProtected("PDF is protected by a security scheme we cannot open") from error
        raise DamagedFile(_DAMAGED_PDF) from error


def _visible_text(text_page: pdfium.PdfTextPage) -> tuple[str, int]:
    """The page's visible text (invisible characters left out) and how many were invisible."""
    visible: list[str] = []
    invisible = 0
    for index in range(text_page.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(text_page, index))
        # Characters pdfium generates (spaces, line breaks) belong to no text object.
        text_object = pdfium_c.FPDFText_GetTextObject(text_page, index)
        if text_object and pdfium_c.FPDFTextObj_GetTextRenderMode(text_object) in _INVISIBLE_RENDER_MODES:
            invisible += 1
            visible.append(" ")
        else:
            visible.append(char)
    return "".join(visible), invisible


def text_is_real(visible_text: str, invisible_chars: int) -> bool:
    """Enough visible words, mostly letters and digits, and not an invisible layer over a scan."""
    words = [word for word in visible_text.split() if any(ch.isalnum() for ch in word)]
    ink = [ch for ch in visible_text if not ch.isspace()]
    if len(words) < MIN_TEXT_LAYER_WORDS or invisible_chars > len(ink):
        return False
    alphanumeric = sum(ch.isalnum() for ch in ink)
    return alphanumeric >= MIN_ALPHANUMERIC_SHARE * len(ink)


@dataclass(frozen=True)
class _Frame:
    """One page of an image file, as its header describes it (after EXIF orientation)."""

    width: int
    height: int
    x_dpi: float
    y_dpi: float  # differs from x_dpi for faxes (204×98 dpi)
    orientation: int  # EXIF orientation, 1 when upright or unknown


class ImageSource(SourceDocument):
    """A PNG, JPEG or (multi-page) TIFF; each frame is a page. Pixels are decoded only by render()."""

    def __init__(self, data: bytes, media_type: str, *, max_pages: int, max_image_pixels: int):
        self.media_type = media_type
        self._max_side = max_image_pixels
        self._image = _open_pillow(data)
        try:
            self._frames = _read_frames(self._image, max_pages, max_image_pixels)
        except BaseException:
            self._image.close()
            raise
        self.page_count = len(self._frames)

    def has_text_layer(self, page: int) -> bool:
        self._check_page(page)
        return False

    def text_layer(self, page: int) -> PageText:
        raise ValueError("an image has no text layer; read it with OCR")

    def page_size_inches(self, page: int) -> tuple[float, float]:
        self._check_page(page)
        frame = self._frames[page - 1]
        return frame.width / frame.x_dpi, frame.height / frame.y_dpi

    def render(self, page: int, dpi: float, *, grayscale: bool = False) -> np.ndarray:
        self._check_page(page)
        frame = self._frames[page - 1]
        pixels = _decode_frame(self._image, page - 1, frame.orientation)
        if grayscale and pixels.ndim == 3:
            pixels = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
        scale_x, scale_y = _resample_factors(frame, dpi, self._max_side)
        if (scale_x, scale_y) == (1.0, 1.0):
            return pixels
        size = (max(1, round(frame.width * scale_x)), max(1, round(frame.height * scale_y)))
        shrinking = scale_x * scale_y < 1.0
        return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC)

    def close(self) -> None:
        self._image.close()


def _open_pillow(data: bytes) -> Image.Image:
    """Open lazily: Pillow reads the header only, so sizes can be checked before decoding."""
    with warnings.catch_warnings():
        # Our own per-side limit, checked next, decides what is too large; Pillow's warning
        # threshold (89 megapixels) is below what that limit allows.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as error:
            raise ImageTooLarge(
                f"the image has more than {Image.MAX_IMAGE_PIXELS * 2 // 1_000_000} million pixels; "
                "scan at 300 dpi or less"
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise DamagedFile(_DAMAGED_IMAGE) from error


def _read_frames(image: Image.Image, max_pages: int, max_side: int) -> tuple[_Frame, ...]:
    frame_count = getattr(image, "n_frames", 1)
    if frame_count > max_pages:
        raise _too_many_pages("the image", frame_count, max_pages)
    frames = []
    for index in range(frame_count):
        try:
            image.seek(index)  # reads this frame's header (a TIFF directory), not its pixels
        except (OSError, EOFError, SyntaxError, ValueError) as error:
            raise DamagedFile(_DAMAGED_IMAGE) from error
        width, height = image.size
        if max(width, height) > max_side:
            where = "the image" if frame_count == 1 else f"page {index + 1} of the image"
            raise ImageTooLarge(
                f"{where} is {width}×{height} pixels; the largest accepted is {max_side} pixels "
                "on a side — scan at 300 dpi or less"
            )
        orientation = _exif_orientation(image)
        if orientation >= 5:
            width, height = height, width
        frames.append(_Frame(width, height, *_image_dpi(image.info.get("dpi")), orientation))
    return tuple(frames)


def _exif_orientation(image: Image.Image) -> int:
    # Only JPEG and TIFF keep EXIF in their header; Pillow finds a PNG's by decoding the pixels.
    if image.format not in ("JPEG", "TIFF"):
        return 1
    try:
        orientation = int(image.getexif().get(_EXIF_ORIENTATION, 1))
    except (OSError, SyntaxError, ValueError, struct.error):
        return 1  # unreadable metadata is no reason to refuse the invoice
    return orientation if orientation in _EXIF_TRANSPOSES else 1


def _image_dpi(dpi: object) -> tuple[float, float]:
    if isinstance(dpi, tuple) and len(dpi) == 2:
        x_dpi, y_dpi = (float(value) for value in dpi)
        low, high = _PLAUSIBLE_DPI
        if low <= x_dpi <= high and low <= y_dpi <= high:
            return round(x_dpi, 1), round(y_dpi, 1)  # PNG stores dots per metre: 299.9994
    return DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI


def _resample_factors(frame: _Frame, dpi: float, max_side: int) -> tuple[float, float]:
    """Scale factors to `dpi` in each direction, bounded so the result stays a sensible size."""
    scale_x, scale_y = dpi / frame.x_dpi, dpi / frame.y_dpi
    if math.isclose(scale_x, 1.0, rel_tol=0.01) and math.isclose(scale_y, 1.0, rel_tol=0.01):
        return 1.0, 1.0
    longest = max(frame.width * scale_x, frame.height * scale_y)
    limit = min(max_side, max(frame.width, frame.height, _UPSCALE_LIMIT_PX))
    if longest > limit:
        scale_x, scale_y = scale_x * limit / longest, scale_y * limit / longest
    return scale_x, scale_y


def _decode_frame(image: Image.Image, index: int, orientation: int) -> np.ndarray:
    """Decode one frame, turned as its EXIF says, as grayscale or BGR uint8."""
    try:
        image.seek(index)
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as error:
        raise DamagedFile(_DAMAGED_IMAGE) from error
    frame = image.transpose(_EXIF_TRANSPOSES[orientation]) if orientation in _EXIF_TRANSPOSES else image
    return _as_uint8_array(frame)


def _as_uint8_array(frame: Image.Image) -> np.ndarray:
    if frame.mode in ("I;16", "I;16L", "I;16B"):
        return (np.asarray(frame, dtype=np.uint16) >> 8).astype(np.uint8)  # 16-bit grayscale scans
    if frame.mode in ("1", "L", "I", "F"):
        return np.asarray(frame.convert("L"))
    if frame.mode in ("LA", "RGBA", "PA") or "transparency" in frame.info:
        # Transparent areas (screenshots, exported PNGs) are paper: white, not black.
        white = Image.new("RGBA", frame.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, frame.convert("RGBA"))
    rgb = np.asarray(frame.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])
