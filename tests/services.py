"""Real services for tests: a fresh database per test (SQLite file or PostgreSQL).
The redis-server comes from `capture.local_redis`, the one the service itself uses."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def fresh_database(tmp_path: Path, server_url: str | None) -> Iterator[str]:
    """A SQLite file in tmp_path, or, when `server_url` (TEST_DATABASE_URL) is given, a new
    PostgreSQL database on that server, dropped afterwards."""
    if not server_url:
        yield f"sqlite:///{tmp_path / 'capture.db'}"
        return
    url = make_url(server_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"ic_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
