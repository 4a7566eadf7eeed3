"""Export batches: each approved invoice goes into exactly one batch."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.tables import Document, DocumentStatus, ExportBatch, Invoice, ReviewEvent, utcnow


def invoices_ready_for_export(session: Session) -> list[Invoice]:
    """Approved invoices not in any batch yet, oldest first; locked so two exports can't take one."""
    return list(
        session.scalars(
            select(Invoice)
            .join(Document)
            .where(Document.status == DocumentStatus.APPROVED, Invoice.export_batch_id.is_(None))
            .order_by(Invoice.id)
            .options(selectinload(Invoice.fields), selectinload(Invoice.line_items))
            .with_for_update(of=Invoice)
        )
    )


def count_ready_for_export(session: Session) -> int:
    """How many approved invoices wait for an export batch (no locks: for display only)."""
    return session.scalar(
        select(func.count())
        .select_from(Invoice)
        .join(Document)
        .where(Document.status == DocumentStatus.APPROVED, Invoice.export_batch_id.is_(None))
    )


def open_batch(session: Session, *, actor: str) -> ExportBatch:
    """A batch row with its id, to name the file; `close_batch` fills in the rest."""
    batch = ExportBatch(created_by=actor, filename="", path="", sha256="", invoice_count=0, row_count=0)
    session.add(batch)
    session.flush()
    return batch


def close_batch(
    session: Session,
    *,
    batch: ExportBatch,
    invoices: list[Invoice],
    filename: str,
    path: str,
    sha256: str,
    row_count: int,
) -> None:
    batch.filename, batch.path, batch.sha256 = filename, path, sha256
    batch.invoice_count, batch.row_count = len(invoices), row_count
    for invoice in invoices:
        invoice.export_batch_id = batch.id
        invoice.document.status = DocumentStatus.EXPORTED
        session.add(
            ReviewEvent(
                document_id=invoice.document_id,
                actor=batch.created_by,
                action="export",
                note=f"batch #{batch.id}",
            )
        )
    batch.created_at = utcnow()


def list_batches(session: Session, *, limit: int = 100) -> list[ExportBatch]:
    return list(session.scalars(select(ExportBatch).order_by(ExportBatch.id.desc()).limit(limit)))


def get_batch(session: Session, *, batch_id: int) -> ExportBatch | None:
    return session.get(ExportBatch, batch_id)
