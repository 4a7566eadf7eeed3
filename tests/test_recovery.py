"""The recovery sweep queues again what the pipeline owes: a document whose worker died
(lapsed lease) and a received document whose job vanished; never one whose job waits,
including a finish job deferred until page jobs that still wait for a worker."""

from __future__ import annotations

from datetime import timedelta

from redis import Redis
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from capture.queue import enqueue_page_reads
from capture.recovery import requeue_stalled
from models.db import transaction
from models.documents import Arrival, claim_document, get_document, hand_over_claim, record_arrival
from models.tables import Document, DocumentStatus, utcnow


def _received(runtime, sha: str, *, minutes_ago: float = 5) -> int:
    arrival = Arrival(sha256=sha * 64, filename=f"{sha}.pdf", source="folder", size_bytes=1, stored_path="x")
    with transaction(runtime.sessions) as session:
        document, _ = record_arrival(session, arrival=arrival)
        document.received_at = utcnow() - timedelta(minutes=minutes_ago)
        return document.id


def _queued_document_ids(runtime) -> list[int]:
    return sorted(job.args[0] for job in runtime.queue.get_jobs())


def test_a_document_whose_worker_died_is_queued_again(runtime):
    document_id = _received(runtime, "a")
    with transaction(runtime.sessions) as session:
        claim_document(session, document_id=document_id, job_id="dead-worker-job", lease_seconds=60)
        session.get(Document, document_id).lease_expires_at = utcnow() - timedelta(seconds=1)
    assert requeue_stalled(runtime) == [document_id]
    assert _queued_document_ids(runtime) == [document_id]


def test_a_live_lease_is_left_alone(runtime):
    document_id = _received(runtime, "b")
    with transaction(runtime.sessions) as session:
        claim_document(session, document_id=document_id, job_id="live-job", lease_seconds=60)
    assert requeue_stalled(runtime) == []


def test_a_received_document_waiting_in_the_queue_is_not_queued_twice(runtime):
    document_id = _received(runtime, "c")
    runtime.enqueue(document_id)
    assert requeue_stalled(runtime) == []
    assert _queued_document_ids(runtime) == [document_id]


def test_received_documents_are_queued_again_after_redis_lost_its_data(runtime):
    document_id = _received(runtime, "d")
    runtime.enqueue(document_id)
    Redis.from_url(runtime.settings.redis_url).flushall()  # a Redis restart without persistence
    assert requeue_stalled(runtime) == [document_id]
    assert _queued_document_ids(runtime) == [document_id]
    with transaction(runtime.sessions) as session:
        assert get_document(session, document_id=document_id).status == DocumentStatus.RECEIVED


def test_a_just_received_document_gets_time_to_be_queued(runtime):
    _received(runtime, "e", minutes_ago=0)
    assert requeue_stalled(runtime) == []


# A document read in page jobs: its finish job holds the claim and waits (deferred) for the
# page jobs; no worker runs here, so the page jobs stay queued unless a test changes them.


def _read_in_page_jobs(runtime, sha: str) -> tuple[int, list[Job]]:
    """A document handed to page jobs whose lease has lapsed; returns it and its page jobs."""
    document_id = _received(runtime, sha)
    finish_job_id = f"document-{document_id}-0123abcd-finish"
    with transaction(runtime.sessions) as session:
        claim_document(session, document_id=document_id, job_id="document-job", lease_seconds=60)
        hand_over_claim(
            session,
            document_id=document_id,
            from_job_id="document-job",
            to_job_id=finish_job_id,
            lease_seconds=60,
        )
        session.get(Document, document_id).lease_expires_at = utcnow() - timedelta(seconds=1)
    page_job_ids = enqueue_page_reads(
        runtime.queue, document_id, [1, 2, 3], finish_job_id=finish_job_id, job_timeout=60
    )
    return document_id, [_job(runtime, job_id) for job_id in page_job_ids]


def _job(runtime, job_id: str) -> Job:
    return Job.fetch(job_id, connection=runtime.queue.connection, serializer=JSONSerializer)


def test_a_finish_job_waiting_for_queued_page_jobs_is_left_alone(runtime):
    _, page_jobs = _read_in_page_jobs(runtime, "f")
    page_jobs[0].set_status(JobStatus.FINISHED)  # one read, two wait for a free worker
    assert requeue_stalled(runtime) == []


def test_a_claim_holder_queued_for_its_retry_is_left_alone(runtime):
    document_id = _received(runtime, "g")
    job_id = runtime.enqueue(document_id)
    with transaction(runtime.sessions) as session:  # its worker died; RQ queued the job again
        claim_document(session, document_id=document_id, job_id=job_id, lease_seconds=60)
        session.get(Document, document_id).lease_expires_at = utcnow() - timedelta(seconds=1)
    assert requeue_stalled(runtime) == []


def test_a_finish_job_whose_page_jobs_vanished_is_queued_again(runtime):
    document_id, page_jobs = _read_in_page_jobs(runtime, "h")
    for job in page_jobs:
        job.delete()
    assert requeue_stalled(runtime) == [document_id]
    with transaction(runtime.sessions) as session:  # the new job is recorded as the one to run
        assert get_document(session, document_id=document_id).job_id.startswith(f"document-{document_id}-")
        assert not get_document(session, document_id=document_id).job_id.endswith("-finish")


def test_a_finish_job_stuck_behind_a_page_job_whose_worker_died_is_queued_again(runtime):
    document_id, page_jobs = _read_in_page_jobs(runtime, "i")
    for job in page_jobs[1:]:
        job.set_status(JobStatus.FINISHED)
    dead = page_jobs[0]  # started long ago, and nobody renews the lease any more
    dead.started_at = utcnow() - timedelta(minutes=5)
    dead.save()
    dead.set_status(JobStatus.STARTED)
    assert requeue_stalled(runtime) == [document_id]


def test_a_finish_job_gone_with_redis_is_queued_again(runtime):
    document_id, _ = _read_in_page_jobs(runtime, "j")
    Redis.from_url(runtime.settings.redis_url).flushall()
    assert requeue_stalled(runtime) == [document_id]
    assert _queued_document_ids(runtime) == [document_id]
