"""`invoice-capture up`: Redis (when it is ours to start), the workers, the inbox watcher
and the web server as child processes; a child that dies is restarted, Ctrl-C stops
all of them in order."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from capture.local_redis import local_redis
from capture.runtime import Runtime
from capture.settings import Settings

log = logging.getLogger(__name__)

RESTART_BACKOFF_SECONDS = (1, 2, 5, 10, 30)


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    restarts: int = 0
    started_at: float = field(default=0.0)

    def start(self, env: dict[str, str]) -> None:
        # A session of its own: Ctrl-C reaches only the supervisor, which stops children in order.
        self.process = subprocess.Popen(self.argv, env=env, start_new_session=True)
        self.started_at = time.monotonic()
        log.info("started %s (pid %s)", self.name, self.process.pid)

    def exited(self) -> int | None:
        return None if self.process is None else self.process.poll()

    def stop(self, grace_seconds: float) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop within %.0f s; killing it", self.name, grace_seconds)
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def child_processes(settings: Settings) -> list[Child]:
    command = [sys.executable, "-m", "capture.cli"]
    workers = [Child(f"worker-{n}", [*command, "worker"]) for n in range(1, settings.workers + 1)]
    return [*workers, Child("watcher", [*command, "watch"]), Child("web", [*command, "serve"])]


class Supervisor:
    def __init__(self, children: list[Child], env: dict[str, str]):
        self.children = children
        self.env = env
        self._stopping = False

    def request_stop(self, *_args) -> None:
        self._stopping = True

    def run(self) -> None:
        for child in self.children:
            child.start(self.env)
        while not self._stopping:
            for child in self.children:
                self._restart_if_dead(child)
            time.sleep(0.5)

    def _restart_if_dead(self, child: Child) -> None:
        code = child.exited()
        if code is None or self._stopping:
            return
        if time.monotonic() - child.started_at > 60:
            child.restarts = 0  # it ran fine for a while: start counting afresh
        delay = RESTART_BACKOFF_SECONDS[min(child.restarts, len(RESTART_BACKOFF_SECONDS) - 1)]
        log.error("%s exited with code %s; restarting it in %s s", child.name, code, delay)
        time.sleep(delay)
        child.restarts += 1
        child.start(self.env)

    def stop(self) -> None:
        # Intake first so nothing new arrives, workers last so they can finish their jobs.
        for child in sorted(self.children, key=lambda c: c.name.startswith("worker")):
            child.stop(grace_seconds=60 if child.name.startswith("worker") else 10)


def run_up(settings: Settings) -> int:
    Runtime(settings).prepare_storage()  # migrate once, before any child touches the database
    with ExitStack() as stack:
        redis_url = settings.redis_url
        if redis_url is None:
            redis_url = stack.enter_context(local_redis(settings.data_dir / "redis"))
            log.info("started redis-server at %s (data in %s)", redis_url, settings.data_dir / "redis")
        env = child_environment(settings, redis_url)
        supervisor = Supervisor(child_processes(settings), env)
        signal.signal(signal.SIGINT, supervisor.request_stop)
        signal.signal(signal.SIGTERM, supervisor.request_stop)
        print(banner(settings), flush=True)
        try:
            supervisor.run()
        finally:
            print(
                "stopping: watcher, web server, workers" + ("" if settings.redis_url else ", redis"),
                flush=True,
            )
            supervisor.stop()
    print("stopped", flush=True)
    return 0


def child_environment(settings: Settings, redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        REDIS_URL=redis_url,
        DATABASE_URL=settings.database_url,
        CAPTURE_DATA_DIR=str(settings.data_dir),
        CAPTURE_INBOX_DIR=str(settings.inbox_dir),
        OMP_THREAD_LIMIT="1",  # tesseract threads fight each other; parallelism comes from workers
    )
    return env


def banner(settings: Settings) -> str:
    inbox = _display_path(settings.inbox_dir)
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    return (
        f"invoice-capture is running: drop invoices into {inbox}, review at http://{host}:{settings.port}\n"
        f"  {settings.workers} worker(s), data in {_display_path(settings.data_dir)}. "
        "Ctrl-C stops everything."
    )


def _display_path(path: Path) -> str:
    try:
        return "./" + str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
