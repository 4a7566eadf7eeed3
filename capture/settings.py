"""One settings object, read from the environment once at each process's edge.

Every setting is documented in the README's configuration table (a test checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


class SettingsError(ValueError):
    """A setting has a value the service cannot use; the message names it."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    inbox_dir: Path
    database_url: str
    redis_url: str | None  # None: `up` starts and owns a local redis-server
    workers: int
    ocr_languages: str
    confidence_threshold: float
    host: str
    port: int
    poll_seconds: float  # how often the watcher looks at the inbox
    stable_seconds: float  # how long a file must stay unchanged before it is taken
    lease_seconds: float  # a document whose worker is silent this long is re-queued
    job_timeout_seconds: int
    max_pages: int
    max_image_pixels: int
    ocr_timeout_seconds: float

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def pages_dir(self) -> Path:
        return self.data_dir / "pages"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    def describe(self) -> str:
        """One line per setting for the start-up log (passwords in URLs masked)."""
        return "\n".join(f"  {f.name} = {_mask(str(getattr(self, f.name)))}" for f in fields(self))


# name -> (environment variable, default as written in the README)
ENVIRONMENT: dict[str, tuple[str, str]] = {
    "data_dir": ("CAPTURE_DATA_DIR", "./data"),
    "inbox_dir": ("CAPTURE_INBOX_DIR", "./inbox"),
    "database_url": ("DATABASE_URL", "sqlite:///<CAPTURE_DATA_DIR>/capture.db"),
    "redis_url": ("REDIS_URL", "(unset: `up` starts its own redis-server)"),
    "workers": ("CAPTURE_WORKERS", "number of CPU cores"),
    "ocr_languages": ("CAPTURE_OCR_LANGUAGES", "eng+deu+fra"),
    "confidence_threshold": ("CAPTURE_CONFIDENCE_THRESHOLD", "0.90"),
    "host": ("CAPTURE_HOST", "127.0.0.1"),
    "port": ("CAPTURE_PORT", "8000"),
    "poll_seconds": ("CAPTURE_POLL_SECONDS", "1.0"),
    "stable_seconds": ("CAPTURE_STABLE_SECONDS", "1.0"),
    "lease_seconds": ("CAPTURE_LEASE_SECONDS", "60"),
    "job_timeout_seconds": ("CAPTURE_JOB_TIMEOUT_SECONDS", "900"),
    "max_pages": ("CAPTURE_MAX_PAGES", "200"),
    "max_image_pixels": ("CAPTURE_MAX_IMAGE_PIXELS", "12000"),
    "ocr_timeout_seconds": ("CAPTURE_OCR_TIMEOUT_SECONDS", "120"),
}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if environ is None else environ)

    def get(name: str, default: str) -> str:
        return env.get(ENVIRONMENT[name][0], "").strip() or default

    data_dir = Path(get("data_dir", "./data")).expanduser().resolve()
    return Settings(
        data_dir=data_dir,
        inbox_dir=Path(get("inbox_dir", "./inbox")).expanduser().resolve(),
        database_url=get("database_url", f"sqlite:///{data_dir / 'capture.db'}"),
        redis_url=env.get("REDIS_URL", "").strip() or None,
        workers=_number(int, "workers", get("workers", str(os.cpu_count() or 1)), minimum=1),
        ocr_languages=get("ocr_languages", "eng+deu+fra"),
        confidence_threshold=_number(
            float, "confidence_threshold", get("confidence_threshold", "0.90"), minimum=0, maximum=1
        ),
        host=get("host", "127.0.0.1"),
        port=_number(int, "port", get("port", "8000"), minimum=1, maximum=65535),
        poll_seconds=_number(float, "poll_seconds", get("poll_seconds", "1.0"), minimum=0.05),
        stable_seconds=_number(float, "stable_seconds", get("stable_seconds", "1.0"), minimum=0),
        lease_seconds=_number(float, "lease_seconds", get("lease_seconds", "60"), minimum=1),
        job_timeout_seconds=_number(
            int, "job_timeout_seconds", get("job_timeout_seconds", "900"), minimum=10
        ),
        max_pages=_number(int, "max_pages", get("max_pages", "200"), minimum=1),
        max_image_pixels=_number(int, "max_image_pixels", get("max_image_pixels", "12000"), minimum=100),
        ocr_timeout_seconds=_number(
            float, "ocr_timeout_seconds", get("ocr_timeout_seconds", "120"), minimum=1
        ),
    )


def _number(kind: type, name: str, raw: str, *, minimum: float | None = None, maximum: float | None = None):
    variable = ENVIRONMENT[name][0]
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{variable}={raw!r} is not a {kind.__name__}") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise SettingsError(f"{variable}={raw!r} is out of range ({minimum}..{maximum})")
    return value


def _mask(text: str) -> str:
    if "://" in text and "@" in text:
        scheme, rest = text.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return text
