"""Invoices as extracted and as reviewed: saving pipeline results, corrections,
approval and rejection, each leaving a review event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from extraction.memory import Place, printed_box
from models.documents import load_page_texts
from models.extraction import (
    LINE_FIELDS,
    Evidence,
    Extraction,
    FieldValue,
    Finding,
    LineItem,
    RoutingDecision,
)
from models.memory import remember_correction
from models.pagetext import PageText
from models.tables import (
    Document,
    DocumentStatus,
    Invoice,
    InvoiceField,
    LineItemRow,
    ReviewEvent,
    utcnow,
)

EXTRACTOR = "extractor"


class ReviewError(ValueError):
    """A review action that cannot be done now; the message says why."""


def findings_to_json(findings: Iterable[Finding]) -> list[dict]:
    return [
        {"code": f.code, "message": f.message, "fields": list(f.fields), "severity": f.severity}
        for f in findings
    ]


def save_outcome(
    session: Session,
    *,
    document_id: int,
    extraction: Extraction,
    findings: tuple[Finding, ...],
    decision: RoutingDecision,
) -> Invoice:
    """Store what the pipeline found and route the document; a re-run replaces an earlier run's result."""
    document = session.get(Document, document_id)
    invoice = document.invoice or Invoice(document_id=document_id)
    invoice.fields.clear()
    invoice.line_items.clear()
    session.add(invoice)
    session.flush()
    for name, found in extraction.fields.items():
        invoice.fields.append(_field_row(name, found))
    for position, line in enumerate(extraction.lines, start=1):
        invoice.line_items.append(_line_row(position, line))
    invoice.findings = findings_to_json(findings)
    invoice.review_reasons = list(decision.reasons)
    invoice.auto_approved = decision.auto_approve
    invoice.language = extraction.language
    document.status = DocumentStatus.APPROVED if decision.auto_approve else DocumentStatus.NEEDS_REVIEW
    document.status_code = None
    document.status_reason = None
    document.lease_expires_at = None
    document.processed_at = utcnow()
    if decision.auto_approve:
        invoice.decided_by, invoice.decided_at = "pipeline", utcnow()
        session.add(ReviewEvent(document_id=document_id, actor="pipeline", action="auto_approve"))
    return invoice


def _field_row(name: str, found: FieldValue) -> InvoiceField:
    evidence = found.evidence
    return InvoiceField(
        name=name,
        value=found.value,
        confidence=found.confidence,
        page=evidence.page if evidence else None,
        box=list(evidence.box) if evidence else None,
        box_unit=evidence.unit if evidence else None,
        changed_by=EXTRACTOR,
    )


def _line_row(position: int, line: LineItem) -> LineItemRow:
    row = LineItemRow(position=position, confidence=line.confidence)
    for name in LINE_FIELDS:
        setattr(row, name, line.values.get(name))
    if line.evidence:
        row.page, row.box = line.evidence.page, list(line.evidence.box)
    return row


def get_invoice(session: Session, *, document_id: int) -> Invoice | None:
    return session.scalars(
        select(Invoice)
        .where(Invoice.document_id == document_id)
        .options(selectinload(Invoice.fields), selectinload(Invoice.line_items))
    ).first()


def invoice_as_extraction(invoice: Invoice) -> Extraction:
    """The invoice's current values (after corrections) in the extractor's shape, to validate again."""
    fields = {}
    for row in invoice.fields:
        if row.value is None or row.value == "":
            continue
        evidence = None
        if row.page is not None and row.box:
            evidence = Evidence(page=row.page, box=tuple(row.box), unit=row.box_unit or "pt")
        fields[row.name] = FieldValue(value=row.value, confidence=row.confidence or 0.0, evidence=evidence)
    lines = tuple(
        LineItem(
            values={name: getattr(row, name) for name in LINE_FIELDS if getattr(row, name) not in (None, "")},
            confidence=row.confidence or 0.0,
        )
        for row in invoice.line_items
    )
    return Extraction(fields=fields, lines=lines, language=invoice.language)


EDITABLE = (DocumentStatus.NEEDS_REVIEW, DocumentStatus.APPROVED)


def _editable(document: Document) -> None:
    if document.status not in EDITABLE:
        raise ReviewError(f"document #{document.id} is {document.status}; only invoices in review can change")


def correct_field(session: Session, *, document_id: int, name: str, value: str | None, actor: str) -> bool:
    """Set a header field to what the reviewer typed; returns False when nothing changed."""
    invoice = _invoice_or_raise(session, document_id)
    _editable(invoice.document)
    value = (value or "").strip() or None
    row = invoice.field_map().get(name)
    old = row.value if row else None
    if old == value:
        return False
    if row is None:
        row = InvoiceField(name=name, changed_by=actor)
        invoice.fields.append(row)
    row.value, row.confidence, row.changed_by, row.changed_at = value, 1.0 if value else None, actor, utcnow()
    session.add(
        ReviewEvent(
            document_id=document_id, actor=actor, action="correct", field=name, old_value=old, new_value=value
        )
    )
    # The vendor's next invoice of this layout should get the field right without the reviewer.
    final_values = {field.name: field.value for field in invoice.fields}
    pages = load_page_texts(session, document_id=document_id)
    lesson = remember_correction(
        session,
        document_id=document_id,
        name=name,
        value=value,
        final_values=final_values,
        actor=actor,
        pages=pages,
    )
    _point_at_printed_value(row, lesson.place if lesson else None, pages)
    return True


def _point_at_printed_value(row: InvoiceField, place: Place | None, pages: Sequence[PageText]) -> None:
    """The evidence box follows the correction: onto the words that print the new value, or nowhere
    (the old box shows the words that were misread, which would now mislead the next reviewer)."""
    found = printed_box(place, pages) if place else None
    if found is None:
        row.page, row.box, row.box_unit = None, None, None
        return
    page, box = found
    row.page, row.box, row.box_unit = page.page, [round(v, 2) for v in box], page.unit


def correct_line_value(
    session: Session, *, document_id: int, position: int, name: str, value: str | None, actor: str
) -> bool:
    """Set one cell of a line item to what the reviewer typed; False when nothing changed."""
    if name not in LINE_FIELDS:
        raise ValueError(f"unknown line-item field {name!r}")
    invoice = _invoice_or_raise(session, document_id)
    _editable(invoice.document)
    row = next((line for line in invoice.line_items if line.position == position), None)
    if row is None:
        raise ReviewError(f"document #{document_id} has no line {position}")
    old = getattr(row, name)
    if old == value:
        return False
    setattr(row, name, value)
    session.add(
        ReviewEvent(
            document_id=document_id,
            actor=actor,
            action="correct",
            field=f"line {position} {name}",
            old_value=old,
            new_value=value,
        )
    )
    return True


def set_findings(session: Session, *, document_id: int, findings: tuple[Finding, ...]) -> None:
    invoice = _invoice_or_raise(session, document_id)
    invoice.findings = findings_to_json(findings)


def approve(session: Session, *, document_id: int, actor: str) -> None:
    invoice = _invoice_or_raise(session, document_id)
    document = invoice.document
    if document.status != DocumentStatus.NEEDS_REVIEW:
        raise ReviewError(f"document #{document_id} is {document.status}, not waiting for review")
    document.status = DocumentStatus.APPROVED
    invoice.decided_by, invoice.decided_at = actor, utcnow()
    session.add(ReviewEvent(document_id=document_id, actor=actor, action="approve"))


def reject(session: Session, *, document_id: int, actor: str, note: str) -> None:
    invoice = _invoice_or_raise(session, document_id)
    document = invoice.document
    if document.status not in (DocumentStatus.NEEDS_REVIEW, DocumentStatus.APPROVED):
        raise ReviewError(f"document #{document_id} is {document.status} and cannot be rejected")
    document.status = DocumentStatus.REJECTED
    document.status_code = "rejected_by_reviewer"
    document.status_reason = note or f"rejected by {actor}"
    invoice.decided_by, invoice.decided_at, invoice.rejection_note = actor, utcnow(), note
    session.add(ReviewEvent(document_id=document_id, actor=actor, action="reject", note=note))


def review_events(session: Session, *, document_id: int) -> list[ReviewEvent]:
    return list(
        session.scalars(
            select(ReviewEvent).where(ReviewEvent.document_id == document_id).order_by(ReviewEvent.id)
        )
    )


def _invoice_or_raise(session: Session, document_id: int) -> Invoice:
    invoice = get_invoice(session, document_id=document_id)
    if invoice is None:
        raise ReviewError(f"document #{document_id} has no extracted invoice")
    return invoice
