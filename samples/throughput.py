"""End to end through the real service processes: files dropped into an inbox, the
watcher, Redis and N RQ workers, until every document is routed. Measures documents
per minute and, on an idle service, the time from a drop to the review queue."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rq import Worker

from capture.local_redis import local_redis
from capture.queue import connect
from capture.runtime import Runtime
from capture.settings import load_settings
from capture.supervisor import Child
from models.db import transaction
from models.documents import count_by_status, list_documents
from models.tables import PROCESSABLE, utcnow


@dataclass(frozen=True)
class EndToEnd:
    workers: int
    documents: int
    seconds: float
    failed: int

    @property
    def per_minute(self) -> float:
        return 60 * self.documents / self.seconds


class Service:
    """A throw-away service on a temp data dir: own Redis, SQLite, watcher, N workers."""

    def __init__(self, root: Path, redis_url: str, workers: int):
        self.env = dict(
            os.environ,
            **{
                "CAPTURE_DATA_DIR": str(root / "data"),
                "CAPTURE_INBOX_DIR": str(root / "inbox"),
                "REDIS_URL": redis_url,
                "OMP_THREAD_LIMIT": "1",
            },
        )
        self.runtime = Runtime(load_settings(self.env))
        self.runtime.prepare_storage()
        command = [sys.executable, "-m", "capture.cli"]
        self.children = [Child(f"worker-{n}", [*command, "worker"]) for n in range(workers)]
        self.children.append(Child("watcher", [*command, "watch"]))
        self.workers = workers

    def __enter__(self) -> Service:
        for child in self.children:
            child.start(self.env)
        redis = connect(self.env["REDIS_URL"])
        _wait(lambda: Worker.count(connection=redis) >= self.workers, 60, "workers to start")
        return self

    def __exit__(self, *_exc) -> None:
        for child in self.children:
            child.stop(grace_seconds=30)
        self.runtime.engine.dispose()

    def drop(self, path: Path, name: str) -> None:
        target = self.runtime.settings.inbox_dir / name
        shutil.copyfile(path, target.with_name("." + name))  # hidden while copying
        target.with_name("." + name).rename(target)

    def counts(self) -> dict[str, int]:
        with transaction(self.runtime.sessions) as session:
            return count_by_status(session)

    def recorded(self) -> int:
        return sum(self.counts().values())

    def unfinished(self) -> int:
        counts = self.counts()
        return sum(counts.get(status, 0) for status in PROCESSABLE)

    def documents(self):
        with transaction(self.runtime.sessions) as session:
            return list_documents(session, limit=100_000)


def _wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


@contextmanager
def temporary_service(workers: int) -> Iterator[Service]:
    with (
        tempfile.TemporaryDirectory(prefix="e2e-") as tmp,
        local_redis(Path(tmp) / "redis", persist=False) as url,
        Service(Path(tmp), url, workers) as service,
    ):
        yield service


def run_throughput(documents: list[Path], workers: int) -> EndToEnd:
    with temporary_service(workers) as service:
        started = time.monotonic()
        for index, path in enumerate(documents):
            service.drop(path, f"{index:05d}-{path.name}")
        _wait(lambda: service.recorded() == len(documents), 600, "every file to be taken")
        _wait(lambda: service.unfinished() == 0, 3600, "every document to be routed")
        seconds = time.monotonic() - started
        failed = service.counts().get("failed", 0)
    return EndToEnd(workers, len(documents), seconds, failed)


def drop_latency(path: Path) -> float:
    """Seconds from a file landing in the inbox of an idle service (default poll and
    stability settings, one worker) to its document being in the review queue or approved."""
    with temporary_service(1) as service:
        dropped = utcnow()
        service.drop(path, path.name)
        _wait(lambda: service.recorded() == 1 and service.unfinished() == 0, 600, "the document")
        return (service.documents()[0].processed_at - dropped).total_seconds()


def throughput_report(documents: list[Path], *, max_workers: int, progress: bool = True) -> list[str]:
    rows = ["end to end: inbox → watcher → Redis → RQ workers → routed (SQLite, own redis-server)"]
    born_digital = next((p for p in documents if p.suffix.lower() == ".pdf"), None)
    scanned = next((p for p in documents if p.suffix.lower() != ".pdf"), None)
    for label, path in (("born-digital PDF", born_digital), ("one-page scan", scanned)):
        if path is not None:
            rows.append(f"  drop → review queue, {label} ({path.name}): {drop_latency(path):.2f} s")
    for workers in sorted({1, max_workers}):
        result = run_throughput(documents, workers)
        rows.append(
            f"  {workers} worker(s): {result.documents} documents in {result.seconds:.1f} s = "
            f"{result.per_minute:.1f} documents/minute ({result.failed} failed)"
        )
    return rows
