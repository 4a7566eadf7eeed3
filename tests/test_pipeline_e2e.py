"""The whole path on real components: files dropped into an inbox, a real watcher and
real RQ workers on a real redis-server, real tesseract, the database; then approval
through the API and a CSV export. And a worker SIGKILLed mid-job loses nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from rq.registry import StartedJobRegistry

from models.db import transaction
from models.documents import get_document, list_documents
from models.tables import DocumentStatus
from review_ui.app import create_app
from samples.generator import generate_one
from tests.conftest import settings_env
from tests.processes import kill_tree, logs, service_process, wait_for
from tests.scans import multipage_tiff_from_pdf

pytestmark = pytest.mark.slow

ROUTED = {DocumentStatus.NEEDS_REVIEW, DocumentStatus.APPROVED}


def _statuses(runtime) -> dict[str, str]:
    with transaction(runtime.sessions) as session:
        return {doc.filename: doc.status for doc in list_documents(session)}


def _all_routed(runtime, names: set[str]):
    statuses = _statuses(runtime)
    failed = {n: s for n, s in statuses.items() if s == DocumentStatus.FAILED}
    assert not failed, f"documents failed: {failed}"
    return set(statuses) == names and all(s in ROUTED for s in statuses.values())


def test_inbox_to_csv_export(runtime, tmp_path, database_url, redis_url):
    born_digital = generate_one(11, kind="pdf")
    scan = generate_one(12, kind="scan")
    truths = {"acme.pdf": born_digital.truth, f"scan{scan.suffix}": scan.truth}
    env = settings_env(tmp_path, database_url, redis_url)
    log_dir = tmp_path / "logs"
    with service_process("worker", env, log_dir), service_process("watch", env, log_dir):
        inbox = runtime.settings.inbox_dir
        (inbox / "acme.pdf").write_bytes(born_digital.data)
        (inbox / f"scan{scan.suffix}").write_bytes(scan.data)
        try:
            wait_for(
                lambda: _all_routed(runtime, set(truths)), timeout=180, what="both documents to be routed"
            )
        except AssertionError:
            print(logs(log_dir))
            raise
    assert not any(inbox.iterdir()), "taken files must leave the inbox"

    client = TestClient(create_app(runtime))
    documents = {d["filename"]: d for d in client.get("/api/documents").json()["documents"]}
    assert Decimal(documents["acme.pdf"]["total"]) == Decimal(truths["acme.pdf"]["fields"]["total"])
    for name, document in documents.items():
        _review_like_a_clerk(client, document, truths[name]["fields"])
    export = client.post("/api/exports").json()
    assert export["invoices"] == 2
    rows = list(csv.DictReader(io.StringIO(client.get(export["csv_url"]).text)))
    for name, truth in truths.items():
        number, total = truth["fields"]["invoice_number"], Decimal(truth["fields"]["total"])
        matching = [row for row in rows if row["invoice_number"] == number]
        assert matching, f"{name}: invoice number {number} not in the export"
        assert {Decimal(row["total"]) for row in matching} == {total}, name
    assert _statuses(runtime) == dict.fromkeys(truths, DocumentStatus.EXPORTED)


def test_worker_killed_mid_job_document_still_completes(runtime, tmp_path, database_url, redis_url):
    invoice = generate_one(21, kind="pdf")
    tiff = multipage_tiff_from_pdf(invoice.data, dpi=200, min_pages=3)
    env = settings_env(tmp_path, database_url, redis_url, CAPTURE_LEASE_SECONDS="3")
    log_dir = tmp_path / "logs"
    with service_process("watch", env, log_dir):
        with service_process("worker", env, log_dir) as doomed:
            (runtime.settings.inbox_dir / "three-pages.tiff").write_bytes(tiff)
            document_id = wait_for(lambda: _processing_id(runtime), timeout=60, what="processing to start")
            wait_for(
                lambda: _pages_read(runtime, document_id) >= 1 and _job_running(runtime),
                timeout=60,
                what="the first page to be read and the next job to run",
            )
            kill_tree(doomed)  # the worker and its work horse, mid-job
        with transaction(runtime.sessions) as session:
            assert get_document(session, document_id=document_id).status == DocumentStatus.PROCESSING
        with service_process("worker", env, log_dir):
            try:
                wait_for(lambda: _routed(runtime, document_id), timeout=180, what="the document to complete")
            except AssertionError:
                print(logs(log_dir))
                raise
    with transaction(runtime.sessions) as session:
        document = get_document(session, document_id=document_id)
        assert document.attempts >= 2
        assert sorted(page.number for page in document.pages) == [1, 2, 3]
        assert (
            document.invoice.field_map()["invoice_number"].value == invoice.truth["fields"]["invoice_number"]
        )


def _review_like_a_clerk(client: TestClient, document: dict, truth: dict) -> None:
    """Correct what the extractor got wrong in the fields the ERP needs, then approve."""
    if document["status"] != DocumentStatus.NEEDS_REVIEW:
        return
    url, reviewer = f"/api/documents/{document['document_id']}", {"X-Reviewer": "e2e"}
    extracted = client.get(url).json()["fields"]
    fixes = {k: truth[k] for k in ("invoice_number", "total") if str(extracted.get(k)) != truth[k]}
    if fixes:
        assert client.post(f"{url}/fields", json=fixes, headers=reviewer).status_code == 200
    response = client.post(f"{url}/approve", headers=reviewer)
    assert response.status_code == 200, response.text


def _processing_id(runtime) -> int | None:
    with transaction(runtime.sessions) as session:
        docs = list_documents(session, statuses=(DocumentStatus.PROCESSING,))
        return docs[0].id if docs else None


def _pages_read(runtime, document_id: int) -> int:
    with transaction(runtime.sessions) as session:
        return len(get_document(session, document_id=document_id).pages)


def _job_running(runtime) -> bool:
    """A job is under way (pages are read in jobs of their own, so between two of them the
    worker is idle and a kill there would hit no job)."""
    return StartedJobRegistry(queue=runtime.queue).count > 0


def _routed(runtime, document_id: int) -> bool:
    with transaction(runtime.sessions) as session:
        status = get_document(session, document_id=document_id).status
    assert status != DocumentStatus.FAILED
    return status in ROUTED
