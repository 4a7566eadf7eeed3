"""The job adapter in process: bad input is kept and marked failed with a reason a clerk
understands; a re-run after an interruption reaches the same state."""

from __future__ import annotations

import pytest

from capture.intake import IncomingFile, receive
from capture.jobs import run_document
from models.db import transaction
from models.documents import get_document
from models.tables import DocumentStatus
from tests.made_documents import INVOICE_LINES, blank_png, pdf_with_lines


def _process(runtime, data: bytes, name: str) -> tuple[str, int]:
    result = receive(
        IncomingFile(data, name, "upload"),
        data_dir=runtime.settings.data_dir,
        sessions=runtime.sessions,
        enqueue=str,
    )
    return run_document(runtime, result.document_id, job_id="test-job", retries_left=0), result.document_id


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.pdf", "the file is empty"),
        (b"Dear supplier, thanks.\n", "note.pdf", "not an image or PDF"),
        (pdf_with_lines(INVOICE_LINES, password="secret"), "locked.pdf", "PDF is password-protected"),
        (pdf_with_lines(INVOICE_LINES)[:700], "truncated.pdf", "damaged"),
        (blank_png(20000, 300), "huge.png", "20000"),
    ],
    ids=["empty", "not-a-pdf", "encrypted", "corrupt", "20000-pixels"],
)
def test_bad_input_is_kept_and_failed_with_a_clear_reason(runtime, data, name, reason):
    status, document_id = _process(runtime, data, name)
    assert status == "failed"
    with transaction(runtime.sessions) as session:
        document = get_document(session, document_id=document_id)
        assert document.status == DocumentStatus.FAILED
        assert reason in document.status_reason
        assert (runtime.settings.data_dir / document.stored_path).read_bytes() == data  # the original is kept


def test_a_born_digital_invoice_is_read_extracted_and_routed(runtime):
    status, document_id = _process(runtime, pdf_with_lines(INVOICE_LINES), "northwind.pdf")
    assert status in (DocumentStatus.NEEDS_REVIEW, DocumentStatus.APPROVED)
    with transaction(runtime.sessions) as session:
        _assert_read_and_extracted(runtime, get_document(session, document_id=document_id))


def _assert_read_and_extracted(runtime, document) -> None:
    fields = document.invoice.field_map()
    assert fields["invoice_number"].value == "NW-2026-0815"
    assert fields["total"].value == "119.00"
    assert fields["invoice_number"].page == 1 and len(fields["invoice_number"].box) == 4
    page = document.pages[0]
    assert page.source == "text-layer" and (runtime.settings.data_dir / page.image_path).exists()


def test_running_a_finished_document_again_changes_nothing(runtime):
    status, document_id = _process(runtime, pdf_with_lines(INVOICE_LINES), "northwind.pdf")
    again = run_document(runtime, document_id, job_id="late-retry", retries_left=0)
    assert again == "skipped"
    with transaction(runtime.sessions) as session:
        assert get_document(session, document_id=document_id).status == status


def _exploding_stage(*_args, **_kwargs):
    raise RuntimeError("database went away")


def _received_invoice(runtime) -> int:
    incoming = IncomingFile(pdf_with_lines(INVOICE_LINES), "a.pdf", "upload")
    return receive(
        incoming, data_dir=runtime.settings.data_dir, sessions=runtime.sessions, enqueue=str
    ).document_id


def test_an_unexpected_error_leaves_the_document_waiting_for_the_retry(runtime, monkeypatch):
    monkeypatch.setattr("capture.jobs.decide", _exploding_stage)
    document_id = _received_invoice(runtime)
    with pytest.raises(RuntimeError):
        run_document(runtime, document_id, job_id="attempt-1", retries_left=2)
    with transaction(runtime.sessions) as session:
        document = get_document(session, document_id=document_id)
        assert document.status == DocumentStatus.RECEIVED  # RQ will run it again after its backoff
        assert [page.number for page in document.pages] == [1]  # the read page is kept for the retry


def test_the_last_attempt_fails_the_document_with_a_reason(runtime, monkeypatch):
    monkeypatch.setattr("capture.jobs.decide", _exploding_stage)
    document_id = _received_invoice(runtime)
    with pytest.raises(RuntimeError):
        run_document(runtime, document_id, job_id="last-attempt", retries_left=0)
    with transaction(runtime.sessions) as session:
        document = get_document(session, document_id=document_id)
        assert document.status == DocumentStatus.FAILED
        assert document.status_reason.startswith("processing stopped on an unexpected error (RuntimeError)")
