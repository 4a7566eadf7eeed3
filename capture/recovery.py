"""The recovery sweep: the database says which documents the pipeline owes work on;
queue again each one whose job died with its worker or vanished with Redis."""

from __future__ import annotations

import logging

from capture.queue import job_pending
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
        lapsed_lease = status == DocumentStatus.PROCESSING  # its worker stopped renewing it
        if not lapsed_lease and job_pending(runtime.queue, job_id, started_grace_seconds=lease):
            continue
        new_job = runtime.enqueue(document_id)
        log.warning("re-queued document #%s (%s, job %s) as %s", document_id, status, job_id, new_job)
        requeued.append(document_id)
    return requeued
