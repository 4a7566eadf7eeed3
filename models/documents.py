"""Loading and saving documents and their pages; the pipeline's claim on a document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from models.pagetext import PageText
from models.tables import PROCESSABLE, Document, DocumentStatus, Invoice, Page, ReviewEvent, utcnow

# INSERT … ON CONFLICT DO UPDATE for the databases we run on.
_UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@dataclass(frozen=True)
class Arrival:
    sha256: str
    filename: str
    source: str
    size_bytes: int
    stored_path: str


def record_arrival(session: Session, *, arrival: Arrival) -> tuple[Document, Document | None]:
    """A document row for a file that arrived; the second value is the stored document it
    duplicates exactly, if any (then the new row is rejected as a duplicate, not processed).
    A copy of a document that failed is processed again: dropping it anew is how to retry."""
    original = session.scalars(
        select(Document)
        .where(
            Document.sha256 == arrival.sha256,
            Document.duplicate_of_id.is_(None),
            Document.status != DocumentStatus.FAILED,
        )
        .order_by(Document.id)
        .limit(1)
    ).first()
    document = Document(
        sha256=arrival.sha256,
        filename=arrival.filename,
        source=arrival.source,
        size_bytes=arrival.size_bytes,
        stored_path=arrival.stored_path,
        status=DocumentStatus.RECEIVED,
    )
    if original is not None:
        document.status = DocumentStatus.REJECTED
        document.duplicate_of_id = original.id
        document.status_code = "duplicate"
        document.status_reason = (
            f"exact duplicate of document #{original.id} ({original.filename}, "
            f"received {original.received_at:%Y-%m-%d %H:%M} UTC)"
        )
    session.add(document)
    session.flush()
    return document, original


def get_document(session: Session, *, document_id: int) -> Document | None:
    return session.get(Document, document_id)


def list_documents(
    session: Session,
    *,
    statuses: tuple[str, ...] = (),
    limit: int = 200,
    offset: int = 0,
    with_fields: bool = False,
) -> list[Document]:
    """Newest first; `with_fields` loads each invoice and its fields in the same few queries."""
    query = select(Document).order_by(Document.id.desc()).limit(limit).offset(offset)
    if statuses:
        query = query.where(Document.status.in_(statuses))
    if with_fields:
        query = query.options(selectinload(Document.invoice).selectinload(Invoice.fields))
    return list(session.scalars(query))


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(select(Document.status, func.count()).group_by(Document.status))
    return {status: count for status, count in rows}


def claim_document(
    session: Session,
    *,
    document_id: int,
    job_id: str,
    lease_seconds: float,
    now: datetime | None = None,
    count_attempt: bool = True,
) -> Document | None:
    """Take a document for processing, or None when it is done or another live job holds it.
    A finish job taking over the claim handed to it continues an attempt (`count_attempt=False`)."""
    now = now or utcnow()
    document = session.get(Document, document_id, with_for_update=True)
    if document is None or document.status not in PROCESSABLE:
        return None
    held_by_other = (
        document.status == DocumentStatus.PROCESSING
        and document.job_id not in (None, job_id)
        and document.lease_expires_at is not None
        and document.lease_expires_at > now
    )
    if held_by_other:
        return None
    document.status = DocumentStatus.PROCESSING
    document.job_id = job_id
    document.attempts += 1 if count_attempt else 0
    document.lease_expires_at = now + timedelta(seconds=lease_seconds)
    return document


def hand_over_claim(
    session: Session, *, document_id: int, from_job_id: str, to_job_id: str, lease_seconds: float
) -> bool:
    """Pass the claim to another job (the finish job of a document read in page jobs), with a
    fresh lease; False when `from_job_id` no longer holds it."""
    document = session.get(Document, document_id, with_for_update=True)
    if document is None or document.status != DocumentStatus.PROCESSING or document.job_id != from_job_id:
        return False
    document.job_id = to_job_id
    document.lease_expires_at = utcnow() + timedelta(seconds=lease_seconds)
    return True


def renew_lease(session: Session, *, document_id: int, job_id: str, lease_seconds: float) -> bool:
    document = session.get(Document, document_id)
    if document is None or document.job_id != job_id or document.status != DocumentStatus.PROCESSING:
        return False
    document.lease_expires_at = utcnow() + timedelta(seconds=lease_seconds)
    return True


def mark_failed(session: Session, *, document_id: int, code: str, reason: str) -> None:
    document = session.get(Document, document_id)
    if document is None:
        return
    document.status = DocumentStatus.FAILED
    document.status_code = code
    document.status_reason = reason
    document.lease_expires_at = None
    document.processed_at = utcnow()
    session.add(ReviewEvent(document_id=document_id, actor="pipeline", action="fail", note=reason))


def set_job(session: Session, *, document_id: int, job_id: str, now: datetime | None = None) -> None:
    """Record the job just queued for a document, unless a live job holds it already: a fast
    worker may have claimed it (and handed it to a finish job) before this runs."""
    now = now or utcnow()
    document = session.get(Document, document_id, with_for_update=True)
    if document is None:
        return
    held = (
        document.status == DocumentStatus.PROCESSING
        and document.lease_expires_at is not None
        and document.lease_expires_at > now
    )
    if not held:
        document.job_id = job_id


def stalled_documents(session: Session, *, now: datetime | None = None, received_grace_seconds: float = 30):
    """Documents the pipeline should hold but may have lost: processing with a lapsed lease
    (the worker died), or received a while ago (its job may be gone with a wiped Redis)."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(Document).where(
                or_(
                    (Document.status == DocumentStatus.PROCESSING) & (Document.lease_expires_at < now),
                    (Document.status == DocumentStatus.RECEIVED)
                    & (Document.received_at < now - timedelta(seconds=received_grace_seconds)),
                )
            )
        )
    )


def stored_page_numbers(session: Session, *, document_id: int) -> set[int]:
    return set(session.scalars(select(Page.number).where(Page.document_id == document_id)))


def save_page(
    session: Session,
    *,
    document_id: int,
    page_text: PageText,
    image_path: str,
    image_scale: float,
    read_seconds: float,
) -> None:
    """Store one read page; reading the same page again replaces it. Two jobs may store the same
    page at the same moment (a page job and a finish job after a take-over), so this is one
    insert-or-update statement, not a look-up followed by an insert that could collide."""
    values = {
        "source": page_text.source,
        "width": page_text.width,
        "height": page_text.height,
        "unit": page_text.unit,
        "dpi": page_text.dpi,
        "page_text": page_text.to_json(),
        "image_path": image_path,
        "image_scale": image_scale,
        "read_seconds": read_seconds,
    }
    insert = _UPSERTS[session.get_bind().dialect.name]
    statement = insert(Page).values(document_id=document_id, number=page_text.page, **values)
    session.execute(
        statement.on_conflict_do_update(index_elements=[Page.document_id, Page.number], set_=values)
    )


def load_page_texts(session: Session, *, document_id: int) -> list[PageText]:
    pages = session.scalars(select(Page).where(Page.document_id == document_id).order_by(Page.number))
    return [PageText.from_json(page.page_text) for page in pages]


def get_page(session: Session, *, document_id: int, number: int) -> Page | None:
    return session.scalars(select(Page).where(Page.document_id == document_id, Page.number == number)).first()


def set_source_info(session: Session, *, document_id: int, media_type: str, page_count: int) -> None:
    document = session.get(Document, document_id)
    if document is not None:
        document.media_type, document.page_count = media_type, page_count


def release_for_retry(session: Session, *, document_id: int, job_id: str) -> None:
    """The job failed and RQ will try it again later: waiting, not processing."""
    document = session.get(Document, document_id)
    if document is not None and document.job_id == job_id and document.status == DocumentStatus.PROCESSING:
        document.status = DocumentStatus.RECEIVED
        document.lease_expires_at = None


def holds_claim(session: Session, *, document_id: int, job_id: str) -> bool:
    document = session.get(Document, document_id, with_for_update=True)
    return document is not None and document.status == DocumentStatus.PROCESSING and document.job_id == job_id
