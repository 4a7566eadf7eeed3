"""What a process of the service holds: settings, the database, the queue.

Built once at a process's edge (CLI command, web app, RQ work horse) and handed down."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property

from rq import Queue
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from capture.queue import connect, enqueue_document, make_queue
from capture.settings import Settings, load_settings
from models.db import make_engine, make_session_factory, migrate, transaction
from models.documents import set_job

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine = field(init=False)
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.engine = make_engine(self.settings.database_url)
        self.sessions = make_session_factory(self.engine)

    @cached_property
    def queue(self) -> Queue:
        if not self.settings.redis_url:
            raise RuntimeError(
                "REDIS_URL is not set: start the service with `invoice-capture up`, or set REDIS_URL"
            )
        return make_queue(connect(self.settings.redis_url))

    def enqueue(self, document_id: int) -> str:
        job_id = enqueue_document(self.queue, document_id, job_timeout=self.settings.job_timeout_seconds)
        with transaction(self.sessions) as session:
            set_job(session, document_id=document_id, job_id=job_id)
        return job_id

    def prepare_storage(self) -> None:
        """Create the data folders and bring the schema up to date (idempotent)."""
        for folder in (self.settings.data_dir, self.settings.inbox_dir, self.settings.exports_dir):
            folder.mkdir(parents=True, exist_ok=True)
        migrate(self.engine)


_per_process: dict[int, Runtime] = {}


def process_runtime() -> Runtime:
    """The runtime of this process, made from the environment on first use. Keyed by pid
    because RQ forks a work horse per job and a database pool must not cross a fork."""
    pid = os.getpid()
    if pid not in _per_process:
        _per_process.clear()
        _per_process[pid] = Runtime(load_settings())
    return _per_process[pid]
