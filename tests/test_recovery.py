"""The recovery sweep queues again what the pipeline owes: a document whose worker died
(lapsed lease) and a received document whose job vanished; never one whose job waits."""

from __future__ import annotations

from datetime import timedelta

from redis import Redis

from capture.recovery import requeue_stalled
from models.db import transaction
from models.documents import Arrival, claim_document, get_document, record_arrival
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
