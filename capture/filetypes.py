"""What kind of file arrived, judged by its first bytes rather than its name.

Clerks rename files, mail gateways strip suffixes and scanners write `.pdf` onto
TIFFs, so the content decides. A file we cannot read gets a message that says what
it looks like, so the clerk knows what to send instead.
"""

from __future__ import annotations

from capture.errors import EmptyFile, UnsupportedFile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"

SUPPORTED_SUFFIXES = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")

# PDF readers accept junk (mail headers, a BOM) before the header within the first KiB.
_PDF_HEADER_WINDOW = 1024

_IMAGE_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"II+\x00", TIFF),  # BigTIFF, written by some large-format scanners
    (b"MM\x00+", TIFF),
)

# Formats we do not read, named the way a clerk knows them.
_KNOWN_OTHER_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a compressed (gzip) archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
)

# Members that tell an Office Open XML file from a plain ZIP archive.
_ZIP_MEMBERS: tuple[tuple[bytes, str], ...] = (
    (b"word/", "a Word document"),
    (b"xl/", "an Excel workbook"),
    (b"ppt/", "a PowerPoint presentation"),
)

_MAIL_HEADERS = (b"from:", b"received:", b"return-path:", b"mime-version:", b"delivered-to:")


def sniff_media_type(data: bytes) -> str:
    """The media type of a PDF or image we can read; raises EmptyFile or UnsupportedFile otherwise."""
    if not data:
        raise EmptyFile("the file is empty (0 bytes)")
    for signature, media_type in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return media_type
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    raise UnsupportedFile(f"not an image or PDF ({describe_unsupported(data)})")


def describe_unsupported(data: bytes) -> str:
    """What a file we cannot read looks like, in words a clerk recognises."""
    for signature, description in _KNOWN_OTHER_SIGNATURES:
        if data.startswith(signature):
            return description
    if data.startswith(b"PK\x03\x04"):
        return _describe_zip(data)
    if data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00":
        return "a BMP image"  # "BM" alone is too short a signature: its reserved fields are zero
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    if data[4:8] == b"ftyp":
        return _describe_iso_media(data[8:12])
    text = _as_text(data)
    if text is None:
        return "an unknown binary format"
    return _describe_text(text)


def _describe_zip(data: bytes) -> str:
    # Office files are ZIP archives; their member names sit in plain text in the local headers.
    for member, description in _ZIP_MEMBERS:
        if member in data:
            return description
    return "a ZIP archive"


def _describe_iso_media(brand: bytes) -> str:
    if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "an HEIC photo (iPhone) — export it as JPEG"
    return "a video or audio file"


def _as_text(data: bytes) -> str | None:
    """The start of the file as text, or None when it is binary."""
    head = data[:4096]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # A multi-byte character cut off at the window's end is still text.
        text = head.decode("utf-8", errors="ignore")
        if len(text) < len(head) * 0.9:
            return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return text if text and printable >= 0.95 * len(text) else None


def _describe_text(text: str) -> str:
    start = text.lstrip("\ufeff \r\n\t").lower()
    if start.startswith(("<!doctype html", "<html")):
        return "a web page (HTML)"
    if start.startswith("<"):
        return "an XML file"
    if start.startswith(tuple(h.decode() for h in _MAIL_HEADERS)):
        return "an e-mail message — save the invoice attachment instead"
    return "plain text"
