"""Opening files as pages: what reads from the text layer, what needs OCR, and what a clerk must fix."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from capture.document_file import open_document
from capture.errors import (
    DamagedFile,
    EmptyFile,
    ImageTooLarge,
    PasswordProtected,
    TooManyPages,
    UnsupportedFile,
)
from tests.reading_fixtures import (
    INVOICE_NUMBER,
    image_bytes,
    image_only_pdf,
    invoice_pdf,
    invoice_render,
    junk_text_pdf,
    multipage_tiff,
    pdf_with_pages,
)

A4_INCHES = (8.27, 11.69)


def test_born_digital_pdf_is_read_from_its_text_layer() -> None:
    with open_document(invoice_pdf()) as document:
        assert (document.media_type, document.page_count) == ("application/pdf", 1)
        assert document.has_text_layer(1)
        page = document.text_layer(1)
    assert INVOICE_NUMBER in page.text
    assert (page.source, page.unit) == ("text-layer", "pt")


def test_pdf_page_renders_at_the_requested_resolution() -> None:
    with open_document(invoice_pdf()) as document:
        colour = document.render(1, 72)
        gray = document.render(1, 144, grayscale=True)
        size = document.page_size_inches(1)
    assert size == pytest.approx(A4_INCHES, abs=0.01)
    assert colour.dtype == np.uint8 and colour.shape[2] == 3
    assert colour.shape[:2] == pytest.approx((842, 595), abs=1)
    assert gray.ndim == 2 and gray.shape == pytest.approx((1684, 1191), abs=2)
    assert gray.min() < 50 and gray.max() == 255  # black print on white paper


@pytest.mark.parametrize(
    "pdf",
    [image_only_pdf(), image_only_pdf(with_invisible_text=True), junk_text_pdf()],
    ids=["scan-only", "scan-under-invisible-ocr-layer", "symbol-junk-text"],
)
def test_pages_without_a_trustworthy_text_layer_go_to_ocr(pdf: bytes) -> None:
    with open_document(pdf) as document:
        assert not document.has_text_layer(1)


def test_password_protected_pdf_is_refused() -> None:
    with pytest.raises(PasswordProtected, match=r"^PDF is password-protected$"):
        open_document(invoice_pdf(password="secret"))


def test_pdf_restricted_only_by_an_owner_password_opens_normally() -> None:
    # Vendors often "protect" PDFs against editing; anyone may still open and read them.
    with open_document(invoice_pdf(owner_password_only=True)) as document:
        assert document.has_text_layer(1)
        assert INVOICE_NUMBER in document.text_layer(1).text


@pytest.mark.parametrize("keep", [0.5, 0.1], ids=["half", "tenth"])
def test_truncated_pdf_is_reported_damaged(keep: float) -> None:
    data = invoice_pdf()
    with pytest.raises(DamagedFile, match=r"^the PDF is damaged and cannot be opened$"):
        open_document(data[: int(len(data) * keep)])


def test_empty_and_foreign_files_are_refused() -> None:
    with pytest.raises(EmptyFile, match="empty"):
        open_document(b"")
    with pytest.raises(UnsupportedFile, match="ZIP archive"):
        open_document(b"PK\x03\x04" + bytes(200))


def test_pdf_with_too_many_pages_is_refused() -> None:
    with pytest.raises(TooManyPages, match="the PDF has 3 pages; the most accepted is 2"):
        open_document(pdf_with_pages(3), max_pages=2)


def test_pdf_page_too_large_to_render_is_refused_but_renders_smaller() -> None:
    with open_document(pdf_with_pages(1, page_size=(3600, 3600))) as document:  # 50 × 50 inches
        with pytest.raises(
            ImageTooLarge, match="15000×15000 pixels at 300 dpi; the largest accepted is 12000"
        ):
            document.render(1, 300)
        assert document.render(1, 72, grayscale=True).shape == (3600, 3600)


def test_wide_image_is_refused_with_its_size() -> None:
    strip = np.full((300, 20000), 255, dtype=np.uint8)
    with pytest.raises(ImageTooLarge) as refused:
        open_document(image_bytes(strip, "PNG"))
    assert refused.value.message == (
        "the image is 20000×300 pixels; the largest accepted is 12000 pixels on a side"
        " — scan at 300 dpi or less"
    )


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a size but whose pixel data is junk: decoding it would fail."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"junk") + chunk(b"IEND", b"")


def test_image_size_is_checked_from_the_header_before_any_pixel_is_decoded() -> None:
    # Had the pixels been decoded, the junk data would have raised DamagedFile instead.
    with pytest.raises(ImageTooLarge, match="20000×300 pixels"):
        open_document(_png_header_only(20000, 300))


def test_decompression_bomb_is_refused_as_too_large() -> None:
    with pytest.raises(ImageTooLarge):
        open_document(_png_header_only(100_000, 100_000))  # 10 gigapixels claimed in 60 bytes


def test_damaged_images_are_reported_damaged() -> None:
    with pytest.raises(DamagedFile, match=r"^the image is damaged and cannot be opened$"):
        open_document(b"\x89PNG\r\n\x1a\n" + bytes(64))
    truncated = image_bytes(np.array(invoice_render(100)), "PNG")[:3000]
    with (
        pytest.raises(DamagedFile, match=r"^the image is damaged and cannot be opened$"),
        open_document(truncated) as document,
    ):
        document.render(1, 100)  # the header is intact: the damage shows when pixels are decoded


def test_multipage_tiff_gives_one_page_per_frame() -> None:
    frames = [np.full((400 + 100 * n, 300), 255 - 60 * n, dtype=np.uint8) for n in range(3)]
    with open_document(multipage_tiff(frames, dpi=200)) as document:
        assert (document.media_type, document.page_count) == ("image/tiff", 3)
        assert not any(document.has_text_layer(page) for page in (1, 2, 3))
        pages = [document.render(page, 200) for page in (1, 2, 3)]
        assert document.page_size_inches(2) == pytest.approx((1.5, 2.5))
        assert document.render(3, 100).shape == (300, 150)
    assert [page.shape for page in pages] == [(400, 300), (500, 300), (600, 300)]
    assert [int(page[0, 0]) for page in pages] == [255, 195, 135]


def test_tiff_with_too_many_pages_is_refused() -> None:
    frames = [np.full((40, 30), 255, dtype=np.uint8)] * 3
    with pytest.raises(TooManyPages, match="the image has 3 pages; the most accepted is 2"):
        open_document(multipage_tiff(frames, dpi=200), max_pages=2)


def test_phone_photo_is_turned_as_its_exif_says() -> None:
    landscape = np.full((300, 400, 3), 255, dtype=np.uint8)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    with open_document(image_bytes(landscape, "JPEG", exif=exif)) as document:
        assert document.render(1, 300).shape[:2] == (400, 300)
        assert document.page_size_inches(1) == pytest.approx((1.0, 4 / 3))


def test_transparent_background_renders_as_white_paper() -> None:
    clear = np.zeros((50, 50, 4), dtype=np.uint8)  # fully transparent black
    with open_document(image_bytes(clear, "PNG")) as document:
        assert document.render(1, 300, grayscale=True).min() == 255


def test_low_resolution_screenshot_is_enlarged_towards_the_requested_dpi() -> None:
    small = np.full((300, 400), 255, dtype=np.uint8)
    with open_document(image_bytes(small, "PNG", dpi=(100, 100))) as document:
        assert document.render(1, 300).shape == (900, 1200)


def test_placeholder_resolution_is_taken_as_300_dpi() -> None:
    photo = np.full((600, 450), 255, dtype=np.uint8)
    with open_document(image_bytes(photo, "JPEG", dpi=(72, 72))) as document:
        assert document.page_size_inches(1) == pytest.approx((1.5, 2.0))
        assert document.render(1, 300).shape == (600, 450)


def test_fax_with_unequal_resolutions_comes_out_in_proportion() -> None:
    fax = np.full((1100, 1728), 255, dtype=np.uint8)  # standard fax: 204 × 98 dpi
    with open_document(image_bytes(fax, "TIFF", dpi=(204, 98))) as document:
        height, width = document.render(1, 200).shape
    assert width == pytest.approx(1728 * 200 / 204, abs=1)
    assert height == pytest.approx(1100 * 200 / 98, abs=1)
