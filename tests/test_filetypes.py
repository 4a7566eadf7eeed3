"""The file's content, not its name, decides whether we can read it, and a refusal says what it is."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest

from capture.errors import EmptyFile, UnsupportedFile
from capture.filetypes import SUPPORTED_SUFFIXES, sniff_media_type
from tests.reading_fixtures import image_bytes, invoice_pdf

_GRAY = np.full((8, 8), 200, dtype=np.uint8)


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (invoice_pdf(), "application/pdf"),
        (image_bytes(_GRAY, "PNG"), "image/png"),
        (image_bytes(_GRAY, "JPEG"), "image/jpeg"),
        (image_bytes(_GRAY, "TIFF"), "image/tiff"),
        (image_bytes(_GRAY, "TIFF", compression="tiff_lzw"), "image/tiff"),
    ],
    ids=["pdf", "png", "jpeg", "tiff", "tiff-lzw"],
)
def test_readable_files_are_recognised_by_content(data: bytes, media_type: str) -> None:
    assert sniff_media_type(data) == media_type


def test_pdf_behind_a_mail_gateway_preamble_is_still_a_pdf() -> None:
    assert sniff_media_type(b"X-Scanned-By: gateway\r\n\r\n" + invoice_pdf()) == "application/pdf"


def test_empty_file_says_it_is_empty() -> None:
    with pytest.raises(EmptyFile, match=r"^the file is empty \(0 bytes\)$"):
        sniff_media_type(b"")


def _zip_with(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, "<xml/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (_zip_with("word/document.xml"), "a Word document"),
        (_zip_with("xl/workbook.xml"), "an Excel workbook"),
        (_zip_with("invoices/march.pdf"), "a ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an old Microsoft Office document (.doc/.xls)"),
        (b"Invoice 4711\nTotal: 12.00 EUR\n", "plain text"),
        (b"<?xml version='1.0'?><Invoice/>", "an XML file"),
        (b"<!DOCTYPE html><html><body>Your invoice</body></html>", "a web page (HTML)"),
        (b"From: billing@example.com\r\nSubject: Invoice\r\n\r\nsee attachment", "an e-mail message"),
        (b"GIF89a" + bytes(20), "a GIF image"),
        (bytes(range(256)) * 4, "an unknown binary format"),
    ],
    ids=["docx", "xlsx", "zip", "doc", "text", "xml", "html", "email", "gif", "binary"],
)
def test_unreadable_files_are_refused_with_what_they_look_like(data: bytes, looks_like: str) -> None:
    with pytest.raises(UnsupportedFile) as refused:
        sniff_media_type(data)
    assert refused.value.message.startswith(f"not an image or PDF ({looks_like}")


def test_a_text_file_starting_with_bm_is_not_taken_for_a_bitmap() -> None:
    with pytest.raises(UnsupportedFile, match=r"\(plain text\)"):
        sniff_media_type(b"BMW Group invoice, see attached\n")


def test_supported_suffixes_cover_every_readable_type() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
