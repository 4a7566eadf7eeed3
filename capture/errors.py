"""The one family of capture failures: a clerk-readable message and a stable code.

Each error maps, in one place each, to a document's failed reason (its message),
an HTTP status (`http_status`) and a CLI exit code (`exit_code`).
"""

from __future__ import annotations


class CaptureError(Exception):
    code = "capture_error"
    http_status = 422
    exit_code = 3
    retryable = False  # a retry of the same job will fail the same way

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EmptyFile(CaptureError):
    code = "empty_file"


class UnsupportedFile(CaptureError):
    code = "unsupported_file"
    http_status = 415


class DamagedFile(CaptureError):
    code = "damaged_file"


class PasswordProtected(CaptureError):
    code = "password_protected"


class ImageTooLarge(CaptureError):
    code = "image_too_large"
    http_status = 413


class TooManyPages(CaptureError):
    code = "too_many_pages"
    http_status = 413


class OcrFailed(CaptureError):
    """tesseract is missing, crashed or timed out: worth another try."""

    code = "ocr_failed"
    exit_code = 4
    retryable = True


class OcrUnavailable(CaptureError):
    """tesseract or a language pack is not installed: retrying cannot help, an admin must."""

    code = "ocr_unavailable"
    exit_code = 4
