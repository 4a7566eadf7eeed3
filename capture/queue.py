"""The RQ side: one queue, jobs that carry only ids, retries with backoff.

A document is one job, or, when several of its pages need OCR, one job per such page
plus a finish job that waits for all of them. RQ only orchestrates; the database holds
every business fact, so a lost job costs time, never a document (see `capture.recovery`)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from redis import Redis
from rq import Queue, Retry, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Dependency, Job, JobStatus
from rq.serializers import JSONSerializer
from rq.worker import WorkerStatus

from models.tables import utcnow

QUEUE_NAME = "invoice-capture"
PROCESS_JOB = "capture.jobs.process_document"
READ_PAGE_JOB = "capture.jobs.read_document_page"
FINISH_JOB = "capture.jobs.finish_document"
# Backoff between attempts after an unexpected error (seconds): a busy database or a
# tesseract hiccup usually clears within these.
RETRY_INTERVALS = (10, 60, 300)
PENDING_STATES = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED, JobStatus.STARTED}
RESULT_TTL = int(timedelta(days=1).total_seconds())
FAILURE_TTL = int(timedelta(days=7).total_seconds())


def connect(redis_url: str) -> Redis:
    return Redis.from_url(redis_url, socket_connect_timeout=5, health_check_interval=30)


def make_queue(redis: Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=redis, serializer=JSONSerializer)


def new_document_job_id(document_id: int) -> str:
    return f"document-{document_id}-{uuid.uuid4().hex[:8]}"


def enqueue_document(queue: Queue, document_id: int, *, job_timeout: int) -> str:
    """Queue the pipeline for one document; each attempt gets its own job id."""
    job_id = new_document_job_id(document_id)
    queue.enqueue(
        PROCESS_JOB,
        document_id,
        job_id=job_id,
        retry=_retry(),
        job_timeout=job_timeout,
        result_ttl=RESULT_TTL,
        failure_ttl=FAILURE_TTL,
        description=f"process document #{document_id}",
    )
    return job_id


def enqueue_page_reads(
    queue: Queue, document_id: int, pages: Sequence[int], *, finish_job_id: str, job_timeout: int
) -> list[str]:
    """One job per page, then the finish job `finish_job_id`, run once every page job ended.

    Page jobs are not retried: the finish job reads any page they did not store, so a
    failed page costs one more read, and a page that cannot be read fails the document
    there with the same reasons as a document read in one job. `allow_failure` makes RQ
    run the finish job after a failed page job too."""
    page_job_ids = [f"{finish_job_id}-page-{number}" for number in pages]
    for number, page_job_id in zip(pages, page_job_ids, strict=True):
        queue.enqueue(
            READ_PAGE_JOB,
            document_id,
            number,
            finish_job_id,
            job_id=page_job_id,
            job_timeout=job_timeout,
            result_ttl=RESULT_TTL,
            failure_ttl=FAILURE_TTL,
            description=f"read page {number} of document #{document_id}",
        )
    queue.enqueue(
        FINISH_JOB,
        document_id,
        job_id=finish_job_id,
        depends_on=Dependency(jobs=page_job_ids, allow_failure=True),
        retry=_retry(),
        job_timeout=job_timeout,
        result_ttl=RESULT_TTL,
        failure_ttl=FAILURE_TTL,
        description=f"finish document #{document_id}",
    )
    return page_job_ids


def idle_workers(queue: Queue) -> int:
    """Workers of the queue waiting for work right now (one killed while idle counts until
    its registration expires; splitting pages for it costs only the jobs' overhead)."""
    return sum(worker.get_state() == WorkerStatus.IDLE for worker in Worker.all(queue=queue))


def job_pending(queue: Queue, job_id: str | None, *, started_grace_seconds: float) -> bool:
    """True while the job is waiting or (recently) running, so nobody should queue it again.
    A job deferred until its page jobs end is pending while one of those is."""
    job = _fetch(queue, job_id)
    return job is not None and _pending(job, started_grace_seconds)


def job_waiting(queue: Queue, job_id: str | None, *, started_grace_seconds: float) -> bool:
    """True when the job has not started yet but will: queued, scheduled for a retry, or
    deferred on page jobs of which one is still pending."""
    job = _fetch(queue, job_id)
    return job is not None and job.get_status() != JobStatus.STARTED and _pending(job, started_grace_seconds)


def _fetch(queue: Queue, job_id: str | None) -> Job | None:
    if not job_id:
        return None
    try:
        return Job.fetch(job_id, connection=queue.connection, serializer=JSONSerializer)
    except NoSuchJobError:
        return None


def _pending(job: Job, started_grace_seconds: float) -> bool:
    status = job.get_status()
    if status not in PENDING_STATES:
        return False
    if status == JobStatus.STARTED and job.started_at is not None:
        return (utcnow() - job.started_at.replace(tzinfo=None)).total_seconds() < started_grace_seconds
    if status == JobStatus.DEFERRED:
        # RQ queues a deferred job only when a page job ends; if every one is gone (Redis lost
        # them, or a worker died under one), nothing will ever queue it.
        return any(_pending(page_job, started_grace_seconds) for page_job in job.fetch_dependencies())
    return True


def _retry() -> Retry:
    return Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS))
