"""Creating an export batch, for the web app and the CLI alike: every approved invoice not yet
exported goes into exactly one batch file, written before the batch is committed."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from capture.runtime import Runtime
from capture.storage import sha256_of, write_atomically
from models.db import transaction
from models.exports import close_batch, count_ready_for_export, invoices_ready_for_export, open_batch
from models.tables import ExportBatch, Invoice, utcnow
from review_ui.export_csv import render_csv

log = logging.getLogger(__name__)


class _NothingToExport(Exception):
    """Rolls the transaction back so that no empty batch is left behind."""


def create_export(runtime: Runtime, *, actor: str) -> ExportBatch | None:
    """The new batch, or None when no approved invoice waits for export."""
    written: list[Path] = []
    try:
        with transaction(runtime.sessions) as session:
            if not count_ready_for_export(session):
                raise _NothingToExport
            # The batch row is written before the invoices are read: on SQLite that takes the
            # write lock first, so a concurrent export waits and then finds them taken. On
            # PostgreSQL the query below locks the invoice rows FOR UPDATE.
            batch = open_batch(session, actor=actor)
            invoices = invoices_ready_for_export(session)
            if not invoices:  # a concurrent export took them all
                raise _NothingToExport
            written.append(_write_batch_file(runtime, session, batch, invoices))
    except _NothingToExport:
        return None
    except BaseException:
        for path in written:  # no file for a batch that was never committed
            path.unlink(missing_ok=True)
        raise
    log.info("export batch #%s: %s invoices, %s rows", batch.id, batch.invoice_count, batch.row_count)
    return batch


def _write_batch_file(
    runtime: Runtime, session: Session, batch: ExportBatch, invoices: list[Invoice]
) -> Path:
    settings = runtime.settings
    text, row_count = render_csv(invoices, batch_id=batch.id)
    data = text.encode("utf-8")
    filename = f"export-{batch.id}-{utcnow():%Y%m%dT%H%M%S}.csv"
    target = settings.exports_dir / filename
    write_atomically(target, data)
    close_batch(
        session,
        batch=batch,
        invoices=invoices,
        filename=filename,
        path=target.relative_to(settings.data_dir).as_posix(),
        sha256=sha256_of(data),
        row_count=row_count,
    )
    return target
