"""Shared fixtures: real redis-server, real SQLite file (or PostgreSQL when
TEST_DATABASE_URL is set), settings and a runtime on a temp data dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis

from capture.local_redis import local_redis
from capture.runtime import Runtime
from capture.settings import Settings, load_settings
from tests.services import fresh_database


@pytest.fixture(scope="session")
def redis_server_url(tmp_path_factory) -> Iterator[str]:
    with local_redis(tmp_path_factory.mktemp("redis"), persist=False) as url:
        yield url


@pytest.fixture
def redis_url(redis_server_url: str) -> str:
    Redis.from_url(redis_server_url).flushall()
    return redis_server_url


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as url:
        yield url


def settings_env(tmp_path: Path, database_url: str, redis_url: str | None, **extra: str) -> dict[str, str]:
    env = {
        "CAPTURE_DATA_DIR": str(tmp_path / "data"),
        "CAPTURE_INBOX_DIR": str(tmp_path / "inbox"),
        "DATABASE_URL": database_url,
        "CAPTURE_WORKERS": "1",
        "CAPTURE_POLL_SECONDS": "0.2",
        "CAPTURE_STABLE_SECONDS": "0.5",
        "PATH": os.environ.get("PATH", ""),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis_url: str) -> Settings:
    return load_settings(settings_env(tmp_path, database_url, redis_url))


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    runtime = Runtime(settings)
    runtime.prepare_storage()
    yield runtime
    runtime.engine.dispose()
