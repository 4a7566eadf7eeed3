"""One context per view, built from the database as plain JSON values: the JSON API returns it
as it is, the HTML templates render it (with `presentation` adding what only a page needs)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models.documents import count_by_status, get_document, list_documents
from models.exports import count_ready_for_export, list_batches
from models.extraction import HEADER_FIELDS, LINE_FIELDS
from models.invoices import EDITABLE, review_events
from models.tables import Document, DocumentStatus, ExportBatch, Invoice, InvoiceField, LineItemRow, Page
from review_ui.review import NotFound

STATUSES: tuple[str, ...] = tuple(DocumentStatus)
QUEUE_LIMIT = 200


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def queue_context(session: Session, *, status: str | None) -> dict:
    if status and status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    counts = count_by_status(session)
    documents = list_documents(
        session, statuses=(status,) if status else (), limit=QUEUE_LIMIT, with_fields=True
    )
    return {
        "status": status or None,
        "counts": {name: counts.get(name, 0) for name in STATUSES},
        "total": sum(counts.values()),
        "limit": QUEUE_LIMIT,
        "documents": [document_summary(document) for document in documents],
    }


def document_summary(document: Document) -> dict:
    values = {row.name: row.value for row in document.invoice.fields} if document.invoice else {}
    return {
        "document_id": document.id,
        "filename": document.filename,
        "source": document.source,
        "received_at": iso(document.received_at),
        "status": document.status,
        "status_code": document.status_code,
        "duplicate_of": document.duplicate_of_id,
        "vendor_name": values.get("vendor_name"),
        "invoice_number": values.get("invoice_number"),
        "total": values.get("total"),
        "currency": values.get("currency"),
        "reasons": reasons(document),
        "url": f"/documents/{document.id}",
    }


def reasons(document: Document) -> list[str]:
    """Why a clerk should look (needs review) or why it stopped (failed, rejected)."""
    if document.status == DocumentStatus.NEEDS_REVIEW and document.invoice is not None:
        return list(document.invoice.review_reasons or [])
    if document.status in (DocumentStatus.FAILED, DocumentStatus.REJECTED) and document.status_reason:
        return [document.status_reason]
    return []


def document_context(session: Session, *, document_id: int, confidence_threshold: float) -> dict:
    document = get_document(session, document_id=document_id)
    if document is None:
        raise NotFound(f"document #{document_id} does not exist")
    invoice = document.invoice
    context = {
        **document_summary(document),
        "media_type": document.media_type,
        "size_bytes": document.size_bytes,
        "page_count": document.page_count,
        "processed_at": iso(document.processed_at),
        "status_reason": document.status_reason,
        "has_invoice": invoice is not None,
        "editable": invoice is not None and document.status in EDITABLE,
        "can_approve": invoice is not None and document.status == DocumentStatus.NEEDS_REVIEW,
        "confidence_threshold": confidence_threshold,
        "original_url": f"/documents/{document.id}/original",
        "pages": [page_summary(page) for page in document.pages],
        "history": [event_summary(event) for event in review_events(session, document_id=document_id)],
    }
    context.update(invoice_summary(invoice))
    return context


def invoice_summary(invoice: Invoice | None) -> dict:
    rows = invoice.field_map() if invoice else {}
    names = [*HEADER_FIELDS, *(name for name in rows if name not in HEADER_FIELDS)]
    return {
        "fields": {name: rows[name].value if name in rows else None for name in names},
        "confidence": {name: row.confidence for name, row in rows.items() if row.confidence is not None},
        "evidence": {name: evidence(row) for name, row in rows.items() if row.page and row.box},
        "changed_by": {name: row.changed_by for name, row in rows.items()},
        "lines": [line_summary(line) for line in invoice.line_items] if invoice else [],
        "findings": list(invoice.findings or []) if invoice else [],
        "review_reasons": list(invoice.review_reasons or []) if invoice else [],
        "auto_approved": bool(invoice and invoice.auto_approved),
        "decided_by": invoice.decided_by if invoice else None,
        "decided_at": iso(invoice.decided_at) if invoice else None,
        "rejection_note": invoice.rejection_note if invoice else None,
        "export_batch_id": invoice.export_batch_id if invoice else None,
    }


def evidence(row: InvoiceField) -> dict:
    return {"page": row.page, "box": list(row.box), "unit": row.box_unit}


def line_summary(line: LineItemRow) -> dict:
    return {
        "line_number": line.position,
        **{name: getattr(line, name) for name in LINE_FIELDS},
        "confidence": line.confidence,
        "evidence": {"page": line.page, "box": list(line.box)} if line.page and line.box else None,
    }


def page_summary(page: Page) -> dict:
    return {
        "number": page.number,
        "image_url": f"/documents/{page.document_id}/pages/{page.number}.png",
        "width": page.width,
        "height": page.height,
        "unit": page.unit,
        "image_scale": page.image_scale,
        "source": page.source,
    }


def event_summary(event) -> dict:
    return {
        "at": iso(event.at),
        "actor": event.actor,
        "action": event.action,
        "field": event.field,
        "old_value": event.old_value,
        "new_value": event.new_value,
        "note": event.note,
    }


def exports_context(session: Session) -> dict:
    return {
        "ready": count_ready_for_export(session),
        "batches": [batch_summary(batch) for batch in list_batches(session)],
    }


def batch_summary(batch: ExportBatch) -> dict:
    return {
        "batch_id": batch.id,
        "created_at": iso(batch.created_at),
        "created_by": batch.created_by,
        "invoices": batch.invoice_count,
        "rows": batch.row_count,
        "filename": batch.filename,
        "sha256": batch.sha256,
        "csv_url": f"/exports/{batch.id}.csv",
    }
