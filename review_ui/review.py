"""What a reviewer does, independent of HTTP: receive files, correct fields and line items,
approve, reject. Each action is one transaction; corrections are validated again."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from capture.intake import IncomingFile, IntakeResult, receive
from capture.runtime import Runtime
from extraction import validate
from models.db import transaction
from models.documents import get_document
from models.extraction import HEADER_FIELDS, LINE_FIELDS
from models.invoices import (
    ReviewError,
    approve,
    correct_field,
    correct_line_value,
    get_invoice,
    invoice_as_extraction,
    reject,
    set_findings,
)
from models.tables import Invoice
from review_ui.field_input import FieldInputError, clean_text, normalise_field, normalise_line_value

LineKey = tuple[int, str]  # (line position, line field)


class NotFound(LookupError):
    """No such document (or page, or batch); the message says which."""


class InvalidInput(ValueError):
    """Typed values that cannot be stored, by input name; nothing was saved."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


@dataclass
class Changes:
    fields: dict[str, str | None] = field(default_factory=dict)
    lines: dict[LineKey, str | None] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.fields) + len(self.lines)


def line_input_name(position: int, name: str) -> str:
    return f"line-{position}-{name}"


def receive_files(runtime: Runtime, files: Iterable[tuple[str, bytes]], *, source: str) -> list[IntakeResult]:
    """Every file goes through the one intake path, empty ones too (the pipeline fails them)."""
    return [
        receive(
            IncomingFile(data=data, filename=filename, source=source),
            data_dir=runtime.settings.data_dir,
            sessions=runtime.sessions,
            enqueue=runtime.enqueue,
        )
        for filename, data in files
    ]


def save_review(
    runtime: Runtime,
    *,
    document_id: int,
    actor: str,
    fields: Mapping[str, str | None],
    lines: Mapping[LineKey, str | None] | None = None,
    then_approve: bool = False,
) -> int:
    """Store what the reviewer changed (values equal to the stored ones are left alone, so an
    untouched field is never 'corrected'), validate again, and approve when asked. Returns
    how many values changed; raises InvalidInput with every bad value and saves nothing then."""
    with transaction(runtime.sessions) as session:
        invoice = _invoice(session, document_id)
        changes = changed_values(invoice, fields, lines or {})
        for name, value in changes.fields.items():
            correct_field(session, document_id=document_id, name=name, value=value, actor=actor)
        for (position, name), value in changes.lines.items():
            correct_line_value(
                session, document_id=document_id, position=position, name=name, value=value, actor=actor
            )
        if changes:
            set_findings(session, document_id=document_id, findings=validate(invoice_as_extraction(invoice)))
        if then_approve:
            approve(session, document_id=document_id, actor=actor)
    return len(changes)


def reject_document(runtime: Runtime, *, document_id: int, actor: str, note: str) -> None:
    with transaction(runtime.sessions) as session:
        _invoice(session, document_id)
        reject(session, document_id=document_id, actor=actor, note=" ".join(note.split()))


def changed_values(
    invoice: Invoice, fields: Mapping[str, str | None], lines: Mapping[LineKey, str | None]
) -> Changes:
    """The typed values that differ from the stored ones, normalised; InvalidInput lists every bad one."""
    changes, errors = Changes(), {}
    _field_changes(invoice, fields, changes, errors)
    _line_changes(invoice, lines, changes, errors)
    if errors:
        raise InvalidInput(errors)
    return changes


def _field_changes(
    invoice: Invoice, fields: Mapping[str, str | None], changes: Changes, errors: dict
) -> None:
    stored = {row.name: row.value for row in invoice.fields}
    for name, raw in fields.items():
        if name not in HEADER_FIELDS:
            errors[name] = f"unknown field {name!r}"
        elif not _unchanged(raw, stored.get(name), multiline=name == "vendor_address"):
            try:
                changes.fields[name] = normalise_field(name, raw)
            except FieldInputError as error:
                errors[name] = str(error)


def _line_changes(
    invoice: Invoice, lines: Mapping[LineKey, str | None], changes: Changes, errors: dict
) -> None:
    rows = {row.position: row for row in invoice.line_items}
    for (position, name), raw in lines.items():
        key, row = line_input_name(position, name), rows.get(position)
        if row is None or name not in LINE_FIELDS:
            errors[key] = f"there is no line {position}" if row is None else f"unknown line field {name!r}"
        elif not _unchanged(raw, getattr(row, name)):
            try:
                changes.lines[(position, name)] = normalise_line_value(name, raw)
            except FieldInputError as error:
                errors[key] = str(error)


def _unchanged(raw: str | None, stored: str | None, *, multiline: bool = False) -> bool:
    return clean_text(raw, multiline=multiline) == clean_text(stored, multiline=multiline)


def _invoice(session: Session, document_id: int) -> Invoice:
    if get_document(session, document_id=document_id) is None:
        raise NotFound(f"document #{document_id} does not exist")
    invoice = get_invoice(session, document_id=document_id)
    if invoice is None:
        raise ReviewError(f"document #{document_id} has no extracted invoice to review")
    return invoice
