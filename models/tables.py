"""The tables: documents and their pages, invoices with fields and line items,
the review trail, and export batches. Times are naive UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class DocumentStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPORTED = "exported"
    FAILED = "failed"


# Statuses from which the pipeline may (re)process a document.
PROCESSABLE = (DocumentStatus.RECEIVED, DocumentStatus.PROCESSING)


class Base(DeclarativeBase):
    pass


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    source: Mapped[str] = mapped_column(String(16))  # folder | upload | api | cli
    size_bytes: Mapped[int] = mapped_column(Integer)
    stored_path: Mapped[str] = mapped_column(String(255))  # relative to the data dir
    media_type: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True, default=DocumentStatus.RECEIVED)
    # Why the document is failed or rejected, in a clerk's words, and a stable code for it.
    status_code: Mapped[str | None] = mapped_column(String(32))
    status_reason: Mapped[str | None] = mapped_column(Text)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    page_count: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    job_id: Mapped[str | None] = mapped_column(String(64))  # the RQ job now responsible for it
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)

    pages: Mapped[list[Page]] = relationship(
        back_populates="document", order_by="Page.number", cascade="all, delete-orphan"
    )
    invoice: Mapped[Invoice | None] = relationship(back_populates="document", cascade="all, delete-orphan")


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))  # text-layer | ocr
    width: Mapped[float] = mapped_column(Float)
    height: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(4))  # pt | px
    dpi: Mapped[float | None] = mapped_column(Float)
    page_text: Mapped[dict] = mapped_column(JSON)  # PageText.to_json()
    image_path: Mapped[str] = mapped_column(String(255))  # display image, relative to the data dir
    image_scale: Mapped[float] = mapped_column(Float)  # display-image pixels per page unit
    read_seconds: Mapped[float] = mapped_column(Float, default=0.0)

    document: Mapped[Document] = relationship(back_populates="pages")


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    auto_approved: Mapped[bool] = mapped_column(Boolean, default=False)
    review_reasons: Mapped[list] = mapped_column(JSON, default=list)
    findings: Mapped[list] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(8))
    decided_by: Mapped[str | None] = mapped_column(String(64))  # who approved or rejected
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    rejection_note: Mapped[str | None] = mapped_column(Text)
    export_batch_id: Mapped[int | None] = mapped_column(ForeignKey("export_batches.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    document: Mapped[Document] = relationship(back_populates="invoice")
    fields: Mapped[list[InvoiceField]] = relationship(
        back_populates="invoice", order_by="InvoiceField.id", cascade="all, delete-orphan"
    )
    line_items: Mapped[list[LineItemRow]] = relationship(
        back_populates="invoice", order_by="LineItemRow.position", cascade="all, delete-orphan"
    )

    def field_map(self) -> dict[str, InvoiceField]:
        return {f.name: f for f in self.fields}


class InvoiceField(Base):
    __tablename__ = "invoice_fields"
    __table_args__ = (UniqueConstraint("invoice_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    box: Mapped[list | None] = mapped_column(JSON)
    box_unit: Mapped[str | None] = mapped_column(String(4))
    changed_by: Mapped[str] = mapped_column(String(64))  # "extractor" or the reviewer's name
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    invoice: Mapped[Invoice] = relationship(back_populates="fields")


class LineItemRow(Base):
    __tablename__ = "line_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    sku: Mapped[str | None] = mapped_column(String(64))
    quantity: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(16))
    unit_price: Mapped[str | None] = mapped_column(String(32))
    tax_rate: Mapped[str | None] = mapped_column(String(16))
    amount: Mapped[str | None] = mapped_column(String(32))
    po_line: Mapped[str | None] = mapped_column(String(32))
    confidence: Mapped[float | None] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    box: Mapped[list | None] = mapped_column(JSON)

    invoice: Mapped[Invoice] = relationship(back_populates="line_items")


class ReviewEvent(Base):
    """Who changed what from what to what, and when: the invoice's audit trail."""

    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # correct | approve | reject | auto_approve | export ...
    field: Mapped[str | None] = mapped_column(String(32))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ExportBatch(Base):
    __tablename__ = "export_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(255))  # relative to the data dir
    sha256: Mapped[str] = mapped_column(String(64))
    invoice_count: Mapped[int] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(Integer)


class VendorLesson(Base):
    """A reviewer's correction remembered for the vendor's next invoices of the same layout
    (see extraction/memory.py): the vendor's keys, page 1's fingerprint, and where or what the value was."""

    __tablename__ = "vendor_lessons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vat_key: Mapped[str | None] = mapped_column(String(64), index=True)
    iban_key: Mapped[str | None] = mapped_column(String(64), index=True)
    name_key: Mapped[str | None] = mapped_column(String(255), index=True)
    field: Mapped[str] = mapped_column(String(32))
    layout: Mapped[list] = mapped_column(JSON)  # [[word, x, y], ...] in shares of the page size
    place: Mapped[dict | None] = mapped_column(JSON)  # Place.to_json()
    value: Mapped[str | None] = mapped_column(Text)  # only for fields a vendor prints the same every time
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
