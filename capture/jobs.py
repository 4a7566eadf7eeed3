"""RQ job adapters: load inputs by document id, call the pipeline's stages, store results.

A job can die anywhere (SIGKILL, power cut): pages already read stay stored and are not
read again, and the final write happens only while this job still holds the document."""

from __future__ import annotations

import logging
import threading
import uuid

from rq import get_current_job

from capture.errors import CaptureError
from capture.pipeline import PipelineOptions, decide, open_source, read_pages
from capture.reading import ReadPage, encode_png
from capture.runtime import Runtime, process_runtime
from capture.storage import write_atomically
from models.db import transaction
from models.documents import (
    claim_document,
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

log = logging.getLogger(__name__)

UNEXPECTED_ERROR = (
    "processing stopped on an unexpected error ({name}) after {attempts} attempts; "
    "the details are in the worker log"
)


def process_document(document_id: int) -> str:
    """The RQ job: the whole pipeline for one document. Returns the status it left."""
    runtime = process_runtime()
    job = get_current_job()
    job_id = job.id if job else f"inline-{uuid.uuid4().hex[:8]}"
    return run_document(
        runtime, document_id, job_id=job_id, retries_left=(job.retries_left or 0) if job else 0
    )


def run_document(runtime: Runtime, document_id: int, *, job_id: str, retries_left: int) -> str:
    lease = runtime.settings.lease_seconds
    with transaction(runtime.sessions) as session:
        document = claim_document(session, document_id=document_id, job_id=job_id, lease_seconds=lease)
        if document is None:
            log.info("document #%s needs no processing by %s", document_id, job_id)
            return "skipped"
        stored_path, attempts = document.stored_path, document.attempts
    with LeaseKeeper(runtime, document_id, job_id):
        try:
            return _run_stages(runtime, document_id, stored_path, job_id)
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


def _run_stages(runtime: Runtime, document_id: int, stored_path: str, job_id: str) -> str:
    settings = runtime.settings
    options = PipelineOptions.from_settings(settings)
    data = (settings.data_dir / stored_path).read_bytes()
    with open_source(data, options) as source:
        with transaction(runtime.sessions) as session:
            set_source_info(
                session, document_id=document_id, media_type=source.media_type, page_count=source.page_count
            )
            done = frozenset(stored_page_numbers(session, document_id=document_id))
        for timed in read_pages(source, options, skip=done):
            _store_page(runtime, document_id, timed.page, timed.seconds)
    with transaction(runtime.sessions) as session:
        pages = load_page_texts(session, document_id=document_id)
    outcome = decide(pages, options)
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
