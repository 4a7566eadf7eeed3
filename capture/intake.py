"""The one way a file enters the service, whatever its source (folder, upload, API, CLI):
store the original, record the document, then queue it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from capture.storage import store_original
from models.db import transaction
from models.documents import Arrival, record_arrival

log = logging.getLogger(__name__)

MAX_FILENAME = 200


@dataclass(frozen=True)
class IncomingFile:
    data: bytes
    filename: str
    source: str  # folder | upload | api | cli


@dataclass(frozen=True)
class IntakeResult:
    document_id: int
    status: str
    duplicate_of: int | None
    queued: bool


def clean_filename(name: str) -> str:
    """Only the base name, so a path in an upload never reaches the file system or the UI."""
    base = Path(name.replace("\\", "/")).name.strip() or "unnamed"
    return base[:MAX_FILENAME]


def receive(
    incoming: IncomingFile,
    *,
    data_dir: Path,
    sessions: sessionmaker[Session],
    enqueue: Callable[[int], str],
) -> IntakeResult:
    """Keep the file and record it before anything else; a queue outage only delays processing
    (the recovery sweep queues received documents again), it never loses the file."""
    filename = clean_filename(incoming.filename)
    sha256, relpath = store_original(data_dir, incoming.data, filename)
    arrival = Arrival(
        sha256=sha256,
        filename=filename,
        source=incoming.source,
        size_bytes=len(incoming.data),
        stored_path=relpath,
    )
    with transaction(sessions) as session:
        document, original = record_arrival(session, arrival=arrival)
        document_id, status = document.id, document.status
    if original is not None:
        log.info("document #%s (%s) is a duplicate of #%s", document_id, filename, original.id)
        return IntakeResult(document_id, status, original.id, queued=False)
    queued = _try_enqueue(enqueue, document_id)
    log.info(
        "received document #%s (%s, %d bytes) from %s",
        document_id,
        filename,
        len(incoming.data),
        incoming.source,
    )
    return IntakeResult(document_id, status, None, queued=queued)


def _try_enqueue(enqueue: Callable[[int], str], document_id: int) -> bool:
    try:
        enqueue(document_id)
    except Exception as error:  # Redis down: the document is safe in the database
        log.warning(
            "could not queue document #%s now (%s); it will be queued when Redis is back", document_id, error
        )
        return False
    return True
