"""A redis-server this process starts and owns: loopback only, a free port, its data
under a directory we choose. Used by `invoice-capture up` when REDIS_URL is unset, and
by the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis


class RedisStartError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def local_redis(work_dir: Path, *, persist: bool = True, timeout_s: float = 10) -> Iterator[str]:
    """Start redis-server, yield its URL, stop it on exit. With `persist`, queued jobs
    survive a restart (append-only file in work_dir); tests turn that off."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RedisStartError(
            "redis-server is not installed (Debian package redis-server); run scripts/setup.sh"
        )
    work_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    durability = (
        ["--appendonly", "yes", "--save", "60 1"] if persist else ["--appendonly", "no", "--save", ""]
    )
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes"]
    command += ["--dir", str(work_dir), "--logfile", str(work_dir / "redis.log"), *durability]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_until_ready(url, process, timeout_s)
        yield url
    finally:
        _stop(process)


def _wait_until_ready(url: str, process: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    client = Redis.from_url(url, socket_connect_timeout=0.5)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = process.stderr.read().decode(errors="replace").strip() if process.stderr else ""
            raise RedisStartError(f"redis-server exited with code {process.returncode}: {detail}")
        try:
            if client.ping():
                return
        except Exception:
            time.sleep(0.05)
    _stop(process)
    raise RedisStartError(f"redis-server did not answer within {timeout_s:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # redis saves its data and exits on SIGTERM
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
