"""RQ job adapters: load inputs by document id, call the pipeline's stages, store results.

A document job reads every page itself, unless several pages need OCR and another worker
is idle: then it queues one job per such page and a finish job that waits for all of them,
and hands the document's claim to the finish job. The idle workers OCR pages at the same
time; the finish job reads any page a page job did not store, then extracts, validates
and routes.

A job can die anywhere (SIGKILL, power cut): pages already read stay stored and are not
read again, and the final write happens only while this job still holds the document."""

from __future__ import annotations

import logging
import threading
import uuid

from rq import get_current_job

from capture.document_file import SourceDocument
from capture.errors import CaptureError
from capture.pipeline import PipelineOptions, TimedPage, decide, open_source, read_pages
from capture.queue import RETRY_INTERVALS, enqueue_page_reads, idle_workers, new_document_job_id
from capture.reading import ReadPage, encode_png
from capture.runtime import Runtime, process_runtime
from capture.storage import write_atomically
from models.db import transaction
from models.documents import (
    claim_document,
    get_document,
    hand_over_claim,
    holds_claim,
    load_page_texts,
    mark_failed,
    release_for_retry,
    renew_lease,
    save_page,
    set_source_info,
    stored_page_numbers,
)
from models.invoices import save_outcome
from models.memory import StoredMemory
from models.tables import DocumentStatus

log = logging.getLogger(__name__)

UNEXPECTED_ERROR = (
    "processing stopped on an unexpected error ({name}) after {attempts} attempts; "
    "the details are in the worker log"
)


def process_document(document_id: int) -> str:
    """The RQ job: the whole pipeline for one document, or its pages handed to page jobs.
    Returns the status it left."""
    runtime = process_runtime()
    job = get_current_job()
    job_id = job.id if job else f"inline-{uuid.uuid4().hex[:8]}"
    return run_document(
        runtime,
        document_id,
        job_id=job_id,
        retries_left=(job.retries_left or 0) if job else 0,
        # Page jobs pay off only when another worker is free to read pages beside this one; with
        # a backlog every worker is busy anyway, and one job per document has the least overhead.
        split_pages=job is not None and idle_workers(runtime.queue) > 0,
    )


def finish_document(document_id: int) -> str:
    """The RQ job that runs once the page jobs of a document ended: it takes over the claim
    they read under, reads any page they did not store, then extracts, validates, routes, saves."""
    runtime = process_runtime()
    job = get_current_job()
    job_id = job.id if job else f"inline-{uuid.uuid4().hex[:8]}"
    retries_left = (job.retries_left or 0) if job else 0
    return run_document(
        runtime,
        document_id,
        job_id=job_id,
        retries_left=retries_left,
        # The document job counted the attempt this run continues; an RQ retry is a new one.
        count_attempt=retries_left < len(RETRY_INTERVALS),
    )


def read_document_page(document_id: int, page_number: int, finish_job_id: str) -> str:
    """The RQ job reading one page of a document whose claim `finish_job_id` holds. It renews
    that claim's lease while it reads, so the recovery sweep leaves the document alone."""
    runtime = process_runtime()
    lease = runtime.settings.lease_seconds
    with transaction(runtime.sessions) as session:
        # A renewal that fails means the document was taken over or finished: nothing to do.
        if not renew_lease(session, document_id=document_id, job_id=finish_job_id, lease_seconds=lease):
            log.info(
                "page %s of document #%s is no longer wanted by %s", page_number, document_id, finish_job_id
            )
            return "skipped"
        if page_number in stored_page_numbers(session, document_id=document_id):
            return "skipped"
        stored_path = get_document(session, document_id=document_id).stored_path
    options = PipelineOptions.from_settings(runtime.settings)
    with LeaseKeeper(runtime, document_id, finish_job_id):
        try:
            with open_source((runtime.settings.data_dir / stored_path).read_bytes(), options) as source:
                timed = _read_one_page(source, page_number, options)
        except CaptureError as error:
            # The finish job reads this page again and fails the document with this reason if it must.
            log.warning("page %s of document #%s not read: %s", page_number, document_id, error.message)
            return "unread"
        _store_page(runtime, document_id, timed.page, timed.seconds)
    return "stored"


def run_document(
    runtime: Runtime,
    document_id: int,
    *,
    job_id: str,
    retries_left: int,
    split_pages: bool = False,
    count_attempt: bool = True,
) -> str:
    """Claim the document and run its stages. `split_pages` lets it hand pages that need OCR
    to page jobs on the queue (only a job on RQ can); otherwise every page is read here."""
    lease = runtime.settings.lease_seconds
    with transaction(runtime.sessions) as session:
        document = claim_document(
            session, document_id=document_id, job_id=job_id, lease_seconds=lease, count_attempt=count_attempt
        )
        if document is None:
            log.info("document #%s needs no processing by %s", document_id, job_id)
            return "skipped"
        stored_path, attempts = document.stored_path, document.attempts
    with LeaseKeeper(runtime, document_id, job_id):
        try:
            return _run_stages(runtime, document_id, stored_path, job_id, split_pages=split_pages)
        except CaptureError as error:
            if error.retryable and retries_left > 0:
                _release(runtime, document_id, job_id)
                raise
            _fail(runtime, document_id, error.code, error.message)
            return "failed"
        except Exception as error:
            if retries_left > 0:
                _release(runtime, document_id, job_id)
                raise
            _fail(
                runtime,
                document_id,
                "internal_error",
                UNEXPECTED_ERROR.format(name=type(error).__name__, attempts=attempts),
            )
            raise


def _run_stages(
    runtime: Runtime, document_id: int, stored_path: str, job_id: str, *, split_pages: bool = False
) -> str:
    settings = runtime.settings
    options = PipelineOptions.from_settings(settings)
    data = (settings.data_dir / stored_path).read_bytes()
    with open_source(data, options) as source:
        with transaction(runtime.sessions) as session:
            set_source_info(
                session, document_id=document_id, media_type=source.media_type, page_count=source.page_count
            )
            done = frozenset(stored_page_numbers(session, document_id=document_id))
        if split_pages and source.page_count - len(done) > 1:
            ocr_pages = _pages_needing_ocr(source, done)
            if len(ocr_pages) > 1:
                return _read_in_page_jobs(runtime, document_id, job_id, ocr_pages)
        for timed in read_pages(source, options, skip=done):
            _store_page(runtime, document_id, timed.page, timed.seconds)
    with transaction(runtime.sessions) as session:
        pages = load_page_texts(session, document_id=document_id)
    outcome = decide(pages, options, memory=StoredMemory(runtime.sessions))
    with transaction(runtime.sessions) as session:
        if not holds_claim(session, document_id=document_id, job_id=job_id):
            log.warning("document #%s was taken over by another job; dropping this run's result", document_id)
            return "superseded"
        invoice = save_outcome(
            session,
            document_id=document_id,
            extraction=outcome.extraction,
            findings=outcome.findings,
            decision=outcome.decision,
        )
        status = invoice.document.status
    log.info(
        "document #%s: %s (%s)",
        document_id,
        status,
        "; ".join(outcome.decision.reasons) or "all checks passed",
    )
    return status


def _pages_needing_ocr(source: SourceDocument, done: frozenset[int]) -> list[int]:
    """Pages not stored yet that have no real text layer: a text-layer page reads in about
    0.1 s, not worth a job of its own, so the finish job reads those."""
    return [
        number
        for number in range(1, source.page_count + 1)
        if number not in done and not source.has_text_layer(number)
    ]


def _read_in_page_jobs(runtime: Runtime, document_id: int, job_id: str, pages: list[int]) -> str:
    """Queue a job per page and the finish job, which gets the claim first: a page job reads
    only while the finish job holds the document, and the finish job may run at once."""
    lease = runtime.settings.lease_seconds
    finish_job_id = f"{new_document_job_id(document_id)}-finish"
    with transaction(runtime.sessions) as session:
        if not hand_over_claim(
            session, document_id=document_id, from_job_id=job_id, to_job_id=finish_job_id, lease_seconds=lease
        ):
            return "superseded"
    try:
        enqueue_page_reads(
            runtime.queue,
            document_id,
            pages,
            finish_job_id=finish_job_id,
            job_timeout=runtime.settings.job_timeout_seconds,
        )
    except Exception:
        # Take the claim back so this job's retry (or failure) handles the document.
        with transaction(runtime.sessions) as session:
            hand_over_claim(
                session,
                document_id=document_id,
                from_job_id=finish_job_id,
                to_job_id=job_id,
                lease_seconds=lease,
            )
        raise
    log.info("document #%s: pages %s read in page jobs, then %s", document_id, pages, finish_job_id)
    return DocumentStatus.PROCESSING


def _read_one_page(source: SourceDocument, number: int, options: PipelineOptions) -> TimedPage:
    # Through read_pages, so a page job reads exactly as a document job would.
    others = frozenset(range(1, source.page_count + 1)) - {number}
    return next(read_pages(source, options, skip=others))


def _store_page(runtime: Runtime, document_id: int, page: ReadPage, seconds: float) -> None:
    relpath = f"pages/{document_id}/page-{page.text.page}.png"
    write_atomically(runtime.settings.data_dir / relpath, encode_png(page.display_image))
    with transaction(runtime.sessions) as session:
        save_page(
            session,
            document_id=document_id,
            page_text=page.text,
            image_path=relpath,
            image_scale=page.display_scale,
            read_seconds=seconds,
        )


def _fail(runtime: Runtime, document_id: int, code: str, reason: str) -> None:
    log.warning("document #%s failed: %s", document_id, reason)
    with transaction(runtime.sessions) as session:
        mark_failed(session, document_id=document_id, code=code, reason=reason)


def _release(runtime: Runtime, document_id: int, job_id: str) -> None:
    with transaction(runtime.sessions) as session:
        release_for_retry(session, document_id=document_id, job_id=job_id)


class LeaseKeeper:
    """Renews the document's lease while the job runs. If the process dies, renewals stop
    and the recovery sweep sees the lapsed lease and queues the document again."""

    def __init__(self, runtime: Runtime, document_id: int, job_id: str):
        self._runtime, self._document_id, self._job_id = runtime, document_id, job_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{document_id}", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _renew(self) -> None:
        lease = self._runtime.settings.lease_seconds
        while not self._stop.wait(lease / 3):
            try:
                with transaction(self._runtime.sessions) as session:
                    renew_lease(
                        session, document_id=self._document_id, job_id=self._job_id, lease_seconds=lease
                    )
            except Exception as error:  # a missed renewal only risks a harmless re-run
                log.warning("could not renew the lease of document #%s: %s", self._document_id, error)
