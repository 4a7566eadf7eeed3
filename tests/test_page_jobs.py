"""Pages of one document read in parallel jobs: a scanned document with several pages is
split into one RQ job per page plus a finish job that takes over the document's claim.

The first tests run the jobs in this process with RQ's SimpleWorker on the real
redis-server, real tesseract and the real database; the last ones run two real
`invoice-capture worker` processes and show that both read pages of one document, and
that killing a worker under a page job still ends with the document complete."""

from __future__ import annotations

import dataclasses

import pytest
from rq import SimpleWorker, Worker
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from rq.serializers import JSONSerializer

from capture.intake import IncomingFile, receive
from capture.jobs import read_document_page, run_document
from capture.runtime import Runtime
from models.db import transaction
from models.documents import claim_document, get_document, save_page, set_job
from models.pagetext import PageText, Word
from models.tables import Document, DocumentStatus, Page, utcnow
from samples.generator import generate_one
from tests.conftest import settings_env
from tests.made_documents import INVOICE_LINES, pdf_with_lines
from tests.processes import kill_tree, logs, service_process, wait_for
from tests.scans import multipage_tiff_from_pdf

ROUTED = {DocumentStatus.NEEDS_REVIEW, DocumentStatus.APPROVED}


@pytest.fixture
def in_process_jobs(runtime, monkeypatch) -> Runtime:
    """Jobs run by a SimpleWorker in this process use the test's runtime."""
    monkeypatch.setattr("capture.jobs.process_runtime", lambda: runtime)
    return runtime


def _scanned_invoice(pages: int = 2) -> bytes:
    return multipage_tiff_from_pdf(pdf_with_lines(INVOICE_LINES), dpi=200, min_pages=pages)


def _receive(runtime: Runtime, data: bytes, name: str) -> int:
    incoming = IncomingFile(data, name, "upload")
    return receive(
        incoming, data_dir=runtime.settings.data_dir, sessions=runtime.sessions, enqueue=str
    ).document_id


def _fetch(runtime: Runtime, job_id: str) -> Job:
    return Job.fetch(job_id, connection=runtime.queue.connection, serializer=JSONSerializer)


def _work_until_idle(runtime: Runtime) -> None:
    worker = SimpleWorker([runtime.queue], connection=runtime.queue.connection, serializer=JSONSerializer)
    worker.work(burst=True)


def _document(runtime: Runtime, document_id: int) -> Document:
    with transaction(runtime.sessions) as session:
        document = get_document(session, document_id=document_id)
        _ = document.pages, document.invoice and document.invoice.fields  # loaded before the session ends
        return document


def _fan_out(runtime: Runtime, data: bytes, name: str) -> tuple[int, Job]:
    """Receive a file and run its document job; returns the document and its finish job."""
    document_id = _receive(runtime, data, name)
    assert run_document(runtime, document_id, job_id="document-job", retries_left=0, split_pages=True) == (
        DocumentStatus.PROCESSING
    )
    finish_job = _fetch(runtime, _document(runtime, document_id).job_id)
    return document_id, finish_job


def test_a_scanned_document_is_read_in_page_jobs_then_finished(in_process_jobs):
    runtime = in_process_jobs
    document_id, finish_job = _fan_out(runtime, _scanned_invoice(pages=3), "scan.tiff")
    assert finish_job.func_name == "capture.jobs.finish_document"
    assert finish_job.get_status() == JobStatus.DEFERRED  # it waits for the page jobs
    page_jobs = finish_job.fetch_dependencies()
    assert sorted(job.args[1] for job in page_jobs) == [1, 2, 3]
    assert all(job.args[2] == finish_job.id for job in page_jobs)  # only ids travel through Redis
    document = _document(runtime, document_id)
    assert document.status == DocumentStatus.PROCESSING and document.pages == []

    _work_until_idle(runtime)

    assert {_fetch(runtime, job.id).get_status() for job in page_jobs} == {JobStatus.FINISHED}
    assert {_fetch(runtime, job.id).return_value() for job in page_jobs} == {"stored"}
    assert finish_job.get_status(refresh=True) == JobStatus.FINISHED
    document = _document(runtime, document_id)
    assert document.status in ROUTED
    assert document.attempts == 1  # the finish job continued the document job's attempt
    assert [(page.number, page.source) for page in document.pages] == [(1, "ocr"), (2, "ocr"), (3, "ocr")]
    assert document.invoice.field_map()["invoice_number"].value == "NW-2026-0815"


def test_failed_page_jobs_do_not_strand_the_document(in_process_jobs, monkeypatch):
    runtime = in_process_jobs

    def broken_reader(*_args, **_kwargs):
        raise RuntimeError("the page job's worker ran out of memory")

    monkeypatch.setattr("capture.jobs._read_one_page", broken_reader)
    document_id, finish_job = _fan_out(runtime, _scanned_invoice(), "scan.tiff")
    _work_until_idle(runtime)

    page_jobs = finish_job.fetch_dependencies()
    assert {job.get_status() for job in page_jobs} == {JobStatus.FAILED}
    assert finish_job.get_status(refresh=True) == JobStatus.FINISHED  # RQ ran it after failed page jobs
    document = _document(runtime, document_id)
    assert document.status in ROUTED  # the finish job read both pages itself
    assert [page.number for page in document.pages] == [1, 2]


def test_an_unreadable_page_fails_the_document_with_the_reason_of_a_single_job(in_process_jobs, monkeypatch):
    # A missing language pack: every page fails to read, with a reason a clerk can pass on.
    broken = Runtime(dataclasses.replace(in_process_jobs.settings, ocr_languages="eng+zzz"))
    monkeypatch.setattr("capture.jobs.process_runtime", lambda: broken)
    split_id, _ = _fan_out(broken, _scanned_invoice(), "split.tiff")
    _work_until_idle(broken)
    whole_id = _receive(broken, _scanned_invoice(pages=3), "whole.tiff")
    assert run_document(broken, whole_id, job_id="one-job", retries_left=0) == "failed"

    split, whole = _document(broken, split_id), _document(broken, whole_id)
    assert split.status == DocumentStatus.FAILED
    assert "language pack" in split.status_reason
    assert (split.status_code, split.status_reason) == (whole.status_code, whole.status_reason)
    broken.engine.dispose()


def test_a_text_layer_pdf_and_a_single_page_keep_the_single_job_path(in_process_jobs):
    runtime = in_process_jobs
    for data, name in [(pdf_with_lines(INVOICE_LINES), "digital.pdf"), (_scanned_invoice(1), "one.tiff")]:
        document_id = _receive(runtime, data, name)
        status = run_document(runtime, document_id, job_id=f"job-{name}", retries_left=0, split_pages=True)
        assert status in ROUTED, name
    assert runtime.queue.count == 0


def test_a_lone_worker_reads_the_whole_document_in_one_job(in_process_jobs):
    runtime = in_process_jobs  # no other worker is idle to read pages beside it
    document_id = _receive(runtime, _scanned_invoice(), "scan.tiff")
    job_id = runtime.enqueue(document_id)
    _work_until_idle(runtime)
    document = _document(runtime, document_id)
    assert document.status in ROUTED and document.job_id == job_id
    assert runtime.queue.finished_job_registry.get_job_ids() == [job_id]  # no page jobs


def test_page_jobs_of_a_claim_taken_over_do_nothing(in_process_jobs):
    runtime = in_process_jobs
    document_id, finish_job = _fan_out(runtime, _scanned_invoice(), "scan.tiff")
    with transaction(runtime.sessions) as session:  # the lease lapsed and recovery's new job took over
        session.get(Document, document_id).lease_expires_at = utcnow()
        claim_document(session, document_id=document_id, job_id="recovery-job", lease_seconds=600)
    _work_until_idle(runtime)

    assert {job.return_value() for job in finish_job.fetch_dependencies()} == {"skipped"}
    assert finish_job.return_value(refresh=True) == "skipped"
    document = _document(runtime, document_id)
    assert (document.status, document.job_id, document.pages) == (
        DocumentStatus.PROCESSING,
        "recovery-job",
        [],
    )


def test_a_stored_page_is_not_read_again_and_storing_twice_is_harmless(in_process_jobs):
    runtime = in_process_jobs
    document_id, finish_job = _fan_out(runtime, _scanned_invoice(), "scan.tiff")
    assert read_document_page(document_id, 2, finish_job.id) == "stored"
    assert read_document_page(document_id, 2, finish_job.id) == "skipped"
    page = PageText(
        page=2, width=10, height=10, unit="px", source="ocr", words=(Word("x", (1, 1, 2, 2), 0.9),)
    )
    for scale in (0.5, 0.25):  # e.g. a page job and a finish job that took over, both storing page 2
        with transaction(runtime.sessions) as session:
            save_page(
                session,
                document_id=document_id,
                page_text=page,
                image_path="p.png",
                image_scale=scale,
                read_seconds=1,
            )
    with transaction(runtime.sessions) as session:
        pages = session.query(Page).filter_by(document_id=document_id).all()
        assert [(p.number, p.image_scale) for p in pages] == [(2, 0.25)]
    _work_until_idle(runtime)
    assert {job.return_value() for job in finish_job.fetch_dependencies()} == {"stored", "skipped"}
    document = _document(runtime, document_id)
    assert document.status in ROUTED
    assert [p.number for p in document.pages] == [1, 2]
    assert document.pages[1].image_scale == 0.25  # page 2 was kept, not read again


def test_queueing_a_job_does_not_take_a_claim_from_the_job_holding_it(in_process_jobs):
    runtime = in_process_jobs
    document_id, finish_job = _fan_out(runtime, _scanned_invoice(), "scan.tiff")
    with transaction(runtime.sessions) as session:  # the enqueuer records its job after a fast worker ran
        set_job(session, document_id=document_id, job_id="document-job")
    assert _document(runtime, document_id).job_id == finish_job.id


# --- real worker processes --------------------------------------------------------------------------


def _registered_workers(runtime: Runtime) -> list[Worker]:
    return Worker.all(connection=runtime.queue.connection)


def _routed(runtime: Runtime, document_id: int) -> bool:
    status = _document(runtime, document_id).status
    assert status != DocumentStatus.FAILED
    return status in ROUTED


def _page_jobs_of(runtime: Runtime, document_id: int) -> list[Job]:
    """The page jobs of the document's read in page jobs, found through its finish job."""
    job_id = _document(runtime, document_id).job_id or ""
    if not job_id.endswith("-finish"):
        return []
    return _fetch(runtime, job_id).fetch_dependencies()


@pytest.mark.slow
def test_two_workers_read_pages_of_one_document_at_once(runtime, tmp_path, database_url, redis_url):
    invoice = generate_one(21, kind="pdf")
    tiff = multipage_tiff_from_pdf(invoice.data, dpi=200, min_pages=3)
    env = settings_env(tmp_path, database_url, redis_url)
    log_dir = tmp_path / "logs"
    with service_process("worker", env, log_dir), service_process("worker", env, log_dir):
        wait_for(lambda: len(_registered_workers(runtime)) == 2, timeout=60, what="both workers to start")
        document_id = receive(
            IncomingFile(tiff, "three-pages.tiff", "upload"),
            data_dir=runtime.settings.data_dir,
            sessions=runtime.sessions,
            enqueue=runtime.enqueue,
        ).document_id
        try:
            wait_for(lambda: _routed(runtime, document_id), timeout=300, what="the document to be routed")
        except AssertionError:
            print(logs(log_dir))
            raise
        workers = {worker.name for worker in _registered_workers(runtime)}
    # Each worker loaded the stages' tables before forking its job processes (capture/warmup.py).
    assert logs(log_dir).count("worker warmed up in") == 2
    page_jobs = _page_jobs_of(runtime, document_id)
    assert sorted(job.args[1] for job in page_jobs) == [1, 2, 3]
    assert {job.get_status() for job in page_jobs} == {JobStatus.FINISHED}
    assert {job.worker_name for job in page_jobs} == workers  # both workers read pages of this document
    document = _document(runtime, document_id)
    assert document.attempts == 1
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert document.invoice.field_map()["invoice_number"].value == invoice.truth["fields"]["invoice_number"]


def _started_page_job(runtime: Runtime, worker_name: str) -> str | None:
    registry = StartedJobRegistry(queue=runtime.queue)
    for job_id in registry.get_job_ids():
        job = _fetch(runtime, job_id)
        if job.func_name == "capture.jobs.read_document_page" and job.worker_name == worker_name:
            return job_id
    return None


@pytest.mark.slow
def test_a_worker_killed_under_a_page_job_still_ends_with_the_document_complete(
    runtime, tmp_path, database_url, redis_url
):
    invoice = generate_one(22, kind="pdf")
    tiff = multipage_tiff_from_pdf(invoice.data, dpi=200, min_pages=3)
    env = settings_env(tmp_path, database_url, redis_url, CAPTURE_LEASE_SECONDS="3")
    log_dir = tmp_path / "logs"
    with service_process("watch", env, log_dir), service_process("worker", env, log_dir):
        with service_process("worker", env, log_dir) as doomed:
            wait_for(lambda: len(_registered_workers(runtime)) == 2, timeout=60, what="both workers to start")
            doomed_name = next(w.name for w in _registered_workers(runtime) if w.pid == doomed.pid)
            (runtime.settings.inbox_dir / "three-pages.tiff").write_bytes(tiff)
            killed_job = wait_for(
                lambda: _started_page_job(runtime, doomed_name),
                timeout=120,
                what="a page job on the doomed worker",
            )
            kill_tree(doomed)  # the worker and its work horse, mid-page
        document_id = _fetch(runtime, killed_job).args[0]
        try:
            wait_for(lambda: _routed(runtime, document_id), timeout=300, what="the document to complete")
        except AssertionError:
            print(logs(log_dir))
            raise
    assert _fetch(runtime, killed_job).get_status() != JobStatus.FINISHED  # its page was read by another job
    document = _document(runtime, document_id)
    assert [page.number for page in document.pages] == [1, 2, 3]
    assert document.invoice.field_map()["invoice_number"].value == invoice.truth["fields"]["invoice_number"]
