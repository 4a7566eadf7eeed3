"""A cache of read pages for evaluation runs: extraction changes can be measured again
without reading (OCR) every scan again. Keyed by the file's bytes and the read options,
so a changed document or a different dpi or language never hits a stale entry.
Reading changes (cleanup, OCR) must be measured without it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from capture.pipeline import PipelineOptions, read_document
from capture.storage import write_atomically
from models.pagetext import PageText

# Bump when the read stage changes what it produces, so old entries stop matching.
READ_STAGE_VERSION = "15"


def cache_key(data: bytes, options: PipelineOptions) -> str:
    read_options = {k: v for k, v in asdict(options).items() if k != "confidence_threshold"}
    material = json.dumps([READ_STAGE_VERSION, read_options], sort_keys=True).encode() + data
    return hashlib.sha256(material).hexdigest()


def read_document_cached(data: bytes, options: PipelineOptions, cache_dir: Path) -> list[PageText]:
    path = cache_dir / f"{cache_key(data, options)}.json"
    if path.exists():
        return [PageText.from_json(page) for page in json.loads(path.read_text(encoding="utf-8"))]
    pages = read_document(data, options)
    write_atomically(path, json.dumps([page.to_json() for page in pages]).encode())
    return pages
