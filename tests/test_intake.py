"""Intake: files are stored by SHA-256 and recorded before they leave the inbox;
the watcher takes a file only once it stopped changing."""

from __future__ import annotations

from pathlib import Path

import pytest

from capture.intake import IncomingFile, clean_filename, receive
from capture.watcher import InboxWatcher
from models.db import transaction
from models.documents import get_document, list_documents
from models.tables import DocumentStatus


def _receiver(runtime, queued: list[int]):
    def enqueue(document_id: int) -> str:
        queued.append(document_id)
        return f"job-{document_id}"

    return lambda incoming: receive(
        incoming, data_dir=runtime.settings.data_dir, sessions=runtime.sessions, enqueue=enqueue
    )


def test_received_file_is_stored_by_sha256_and_queued(runtime):
    queued: list[int] = []
    result = _receiver(runtime, queued)(IncomingFile(b"%PDF-1.4 test", "acme.pdf", "upload"))
    with transaction(runtime.sessions) as session:
        document = get_document(session, document_id=result.document_id)
        stored = runtime.settings.data_dir / document.stored_path
        assert stored.read_bytes() == b"%PDF-1.4 test"
        assert document.sha256 in stored.name and document.status == DocumentStatus.RECEIVED
    assert queued == [result.document_id]


def test_exact_duplicate_is_recorded_but_not_queued(runtime):
    queued: list[int] = []
    take = _receiver(runtime, queued)
    first = take(IncomingFile(b"same bytes", "a.pdf", "folder"))
    second = take(IncomingFile(b"same bytes", "b.pdf", "upload"))
    assert second.duplicate_of == first.document_id and second.status == DocumentStatus.REJECTED
    assert queued == [first.document_id]


def test_queue_outage_loses_nothing(runtime):
    def broken_enqueue(_document_id: int) -> str:
        raise ConnectionError("redis is down")

    result = receive(
        IncomingFile(b"bytes", "x.png", "folder"),
        data_dir=runtime.settings.data_dir,
        sessions=runtime.sessions,
        enqueue=broken_enqueue,
    )
    assert not result.queued
    with transaction(runtime.sessions) as session:
        assert [d.id for d in list_documents(session)] == [result.document_id]


def test_upload_names_cannot_reach_outside_the_store():
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("C:\\scans\\inv 1.pdf") == "inv 1.pdf"
    assert clean_filename("") == "unnamed"


def _watcher(runtime, inbox: Path, queued: list[int]) -> InboxWatcher:
    inbox.mkdir(parents=True, exist_ok=True)
    return InboxWatcher(inbox, stable_seconds=1.0, receive=_receiver(runtime, queued))


def test_watcher_waits_until_a_file_stops_changing(runtime, tmp_path):
    inbox, queued = tmp_path / "in", []
    watcher = _watcher(runtime, inbox, queued)
    growing = inbox / "scan.pdf"
    growing.write_bytes(b"%PDF-1.4 part")
    assert watcher.poll(now=0.0) == []
    growing.write_bytes(b"%PDF-1.4 part and more")  # still being written
    assert watcher.poll(now=0.8) == []
    assert watcher.poll(now=1.5) == []  # unchanged for only 0.7 s
    taken = watcher.poll(now=2.0)
    assert len(taken) == 1 and not growing.exists()
    with transaction(runtime.sessions) as session:
        stored = (
            runtime.settings.data_dir / get_document(session, document_id=taken[0].document_id).stored_path
        )
        assert stored.read_bytes() == b"%PDF-1.4 part and more"


def test_watcher_takes_only_supported_complete_files(runtime, tmp_path):
    inbox, queued = tmp_path / "in", []
    watcher = _watcher(runtime, inbox, queued)
    for name in ("a.PDF", "b.png", "c.jpeg", "d.tiff", "notes.txt", "e.pdf.part", ".hidden.pdf"):
        (inbox / name).write_bytes(b"x" * 10)
    (inbox / "sub").mkdir()
    (inbox / "sub" / "f.jpg").write_bytes(b"y" * 10)
    watcher.poll(now=0.0)
    taken = watcher.poll(now=5.0)
    assert len(taken) == 5
    assert sorted(p.name for p in inbox.rglob("*") if p.is_file()) == [
        ".hidden.pdf",
        "e.pdf.part",
        "notes.txt",
    ]


def test_an_empty_file_is_taken_after_a_longer_quiet_spell(runtime, tmp_path):
    inbox, queued = tmp_path / "in", []
    watcher = _watcher(runtime, inbox, queued)
    (inbox / "empty.pdf").write_bytes(b"")
    watcher.poll(now=0.0)
    assert watcher.poll(now=2.0) == []  # may still be filling
    assert len(watcher.poll(now=11.0)) == 1


def test_a_failing_intake_leaves_the_file_in_the_inbox(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a.pdf").write_bytes(b"%PDF")

    def failing_receive(_incoming):
        raise OSError("disk full")

    watcher = InboxWatcher(inbox, stable_seconds=0.5, receive=failing_receive)
    watcher.poll(now=0.0)
    with pytest.raises(OSError):
        watcher.poll(now=1.0)  # the service loop logs it and polls again
    assert (inbox / "a.pdf").exists()
