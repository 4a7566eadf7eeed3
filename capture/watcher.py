"""The inbox watcher: takes a file only once it is completely written, records it,
then removes it from the inbox. Polls, so it works on network shares too; a bad
file never stops it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from capture.filetypes import SUPPORTED_SUFFIXES
from capture.intake import IncomingFile, IntakeResult

log = logging.getLogger(__name__)

# Names that editors, browsers and copy tools use while a file is still being written.
PARTIAL_MARKERS = (".part", ".crdownload", ".tmp", ".partial", ".download")


@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int


@dataclass
class Sighting:
    state: FileState
    unchanged_since: float


class InboxWatcher:
    def __init__(
        self, inbox: Path, *, stable_seconds: float, receive: Callable[[IncomingFile], IntakeResult]
    ):
        self.inbox = inbox
        self.stable_seconds = stable_seconds
        self._receive = receive
        self._sightings: dict[Path, Sighting] = {}
        self._ignored: set[Path] = set()

    def poll(self, now: float | None = None) -> list[IntakeResult]:
        """Look once; take every file that has been unchanged for `stable_seconds`."""
        now = time.monotonic() if now is None else now
        present = set()
        taken = []
        for path in self._candidates():
            present.add(path)
            state = _state(path)
            if state is None:
                continue
            seen = self._sightings.get(path)
            if seen is None or seen.state != state:
                self._sightings[path] = Sighting(state, now)
                continue
            if self._ready(seen, now):
                result = self._take(path)
                if result is not None:
                    taken.append(result)
        for gone in set(self._sightings) - present:
            del self._sightings[gone]
        return taken

    def _ready(self, seen: Sighting, now: float) -> bool:
        quiet_for = now - seen.unchanged_since
        if seen.state.size == 0:
            # An empty file may still be filling; after a longer quiet spell it is a bad file to record.
            return quiet_for >= max(10.0, 5 * self.stable_seconds)
        return quiet_for >= self.stable_seconds

    def _candidates(self) -> list[Path]:
        try:
            entries = sorted(self.inbox.rglob("*"))
        except OSError as error:
            log.error("cannot list the inbox %s: %s", self.inbox, error)
            return []
        found = []
        for path in entries:
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(self.inbox).parts):
                continue
            if path.name.lower().endswith(PARTIAL_MARKERS):
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                if path not in self._ignored:
                    log.warning("ignoring %s: only PDF, PNG, JPEG and TIFF files are taken", path.name)
                    self._ignored.add(path)
                continue
            found.append(path)
        return found

    def _take(self, path: Path) -> IntakeResult | None:
        try:
            data = path.read_bytes()
        except OSError as error:
            log.error("cannot read %s (%s); will try again", path, error)
            return None
        if _state(path) != self._sightings[path].state:
            return None  # changed while we read it: not finished after all
        result = self._receive(IncomingFile(data=data, filename=path.name, source="folder"))
        # Recorded and stored: only now may it leave the inbox.
        path.unlink(missing_ok=True)
        del self._sightings[path]
        return result


def _state(path: Path) -> FileState | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return FileState(stat.st_size, stat.st_mtime_ns)


def watch_forever(
    watcher: InboxWatcher,
    *,
    poll_seconds: float,
    sweep: Callable[[], object],
    sweep_every_seconds: float = 5.0,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Poll the inbox and run the recovery sweep until told to stop; errors are logged, not fatal."""
    last_sweep = 0.0
    while not should_stop():
        try:
            for result in watcher.poll():
                log.info("inbox: document #%s %s", result.document_id, result.status)
        except Exception:
            log.exception("inbox poll failed; continuing")
        if time.monotonic() - last_sweep >= sweep_every_seconds:
            last_sweep = time.monotonic()
            try:
                sweep()
            except Exception as error:
                log.warning("recovery sweep failed (%s); continuing", error)
        time.sleep(poll_seconds)
