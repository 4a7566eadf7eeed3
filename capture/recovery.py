"""The recovery sweep: the database says which documents the pipeline owes work on;
queue again each one whose job died with its worker or vanished with Redis.

A document read in page jobs is held by its finish job, which waits (deferred) until the
page jobs end; the page jobs renew the lease while they read. A lapsed lease therefore
means nobody is working on the document, but it is only stalled when its job will not
run either: not queued, not scheduled for a retry, and not deferred on a page job that
still waits for a worker."""

from __future__ import annotations

import logging

from capture.queue import job_pending, job_waiting
from capture.runtime import Runtime
from models.db import transaction
from models.documents import stalled_documents
from models.tables import DocumentStatus

log = logging.getLogger(__name__)


def requeue_stalled(runtime: Runtime) -> list[int]:
    """Queue documents whose processing lease lapsed, or that wait without a live job."""
    lease = runtime.settings.lease_seconds
    with transaction(runtime.sessions) as session:
        candidates = [
            (doc.id, doc.status, doc.job_id)
            for doc in stalled_documents(session, received_grace_seconds=min(lease, 30))
        ]
    requeued = []
    for document_id, status, job_id in candidates:
        if status == DocumentStatus.PROCESSING:
            # Its worker stopped renewing the lease: stalled, unless its job has yet to run.
            if job_waiting(runtime.queue, job_id, started_grace_seconds=lease):
                continue
        elif job_pending(runtime.queue, job_id, started_grace_seconds=lease):
            continue
        new_job = runtime.enqueue(document_id)
        log.warning("re-queued document #%s (%s, job %s) as %s", document_id, status, job_id, new_job)
        requeued.append(document_id)
    return requeued
