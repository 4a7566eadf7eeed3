"""The RQ side: one queue, jobs that carry only a document id, retries with backoff.

RQ only orchestrates; the database holds every business fact, so a lost job costs
time, never a document (see `capture.recovery`)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from models.tables import utcnow

QUEUE_NAME = "invoice-capture"
PROCESS_JOB = "capture.jobs.process_document"
# Backoff between attempts after an unexpected error (seconds): a busy database or a
# tesseract hiccup usually clears within these.
RETRY_INTERVALS = (10, 60, 300)
PENDING_STATES = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED}


def connect(redis_url: str) -> Redis:
    return Redis.from_url(redis_url, socket_connect_timeout=5, health_check_interval=30)


def make_queue(redis: Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=redis, serializer=JSONSerializer)


def enqueue_document(queue: Queue, document_id: int, *, job_timeout: int) -> str:
    """Queue the pipeline for one document; each attempt gets its own job id."""
    job_id = f"document-{document_id}-{uuid.uuid4().hex[:8]}"
    queue.enqueue(
        PROCESS_JOB,
        document_id,
        job_id=job_id,
        retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
        job_timeout=job_timeout,
        result_ttl=int(timedelta(days=1).total_seconds()),
        failure_ttl=int(timedelta(days=7).total_seconds()),
        description=f"process document #{document_id}",
    )
    return job_id


def job_pending(queue: Queue, job_id: str | None, *, started_grace_seconds: float) -> bool:
    """True while the job is waiting or (recently) running, so nobody should queue it again."""
    if not job_id:
        return False
    try:
        job = Job.fetch(job_id, connection=queue.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return False
    status = job.get_status()
    if status not in PENDING_STATES:
        return False
    if status == JobStatus.STARTED and job.started_at is not None:
        return (utcnow() - job.started_at.replace(tzinfo=None)).total_seconds() < started_grace_seconds
    return True
