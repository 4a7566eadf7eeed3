"""The schema from Alembic matches the tables, and the document life cycle holds."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from models.db import migrate, transaction
from models.documents import Arrival, claim_document, record_arrival, stalled_documents
from models.tables import Base, DocumentStatus


def _arrival(sha: str = "a" * 64, name: str = "acme.pdf") -> Arrival:
    return Arrival(
        sha256=sha, filename=name, source="upload", size_bytes=10, stored_path=f"originals/aa/{sha}.pdf"
    )


def test_migrations_build_exactly_the_declared_schema(runtime):
    with runtime.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(runtime):
    migrate(runtime.engine)  # the runtime fixture already migrated once
    with runtime.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_exact_duplicate_is_recorded_as_rejected_duplicate(runtime):
    with transaction(runtime.sessions) as session:
        first, _ = record_arrival(session, arrival=_arrival())
        second, original = record_arrival(session, arrival=_arrival(name="acme (copy).pdf"))
        assert original.id == first.id
        assert second.status == DocumentStatus.REJECTED
        assert second.duplicate_of_id == first.id
        assert f"duplicate of document #{first.id}" in second.status_reason


def test_a_failed_document_dropped_again_is_processed_again(runtime):
    with transaction(runtime.sessions) as session:
        first, _ = record_arrival(session, arrival=_arrival())
        first.status = DocumentStatus.FAILED
        session.flush()
        second, original = record_arrival(session, arrival=_arrival())
        assert original is None and second.status == DocumentStatus.RECEIVED


def test_a_live_claim_keeps_other_jobs_out_until_its_lease_lapses(runtime):
    from datetime import timedelta

    from models.tables import utcnow

    with transaction(runtime.sessions) as session:
        document, _ = record_arrival(session, arrival=_arrival())
        document_id = document.id
    with transaction(runtime.sessions) as session:
        assert claim_document(session, document_id=document_id, job_id="job-a", lease_seconds=60) is not None
    with transaction(runtime.sessions) as session:
        assert claim_document(session, document_id=document_id, job_id="job-b", lease_seconds=60) is None
        assert stalled_documents(session) == []
    later = utcnow() + timedelta(seconds=61)
    with transaction(runtime.sessions) as session:
        assert [d.id for d in stalled_documents(session, now=later)] == [document_id]
        claimed = claim_document(
            session, document_id=document_id, job_id="job-b", lease_seconds=60, now=later
        )
        assert claimed is not None and claimed.attempts == 2
