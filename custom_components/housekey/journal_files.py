"""The audit journal on disk: segment files of JSON lines and a head file, all private.

Blocking file work, called from the executor only. A directory per household
(mode 0700) holds segments named by the sequence number of their first record
(`000000000001.jsonl`, mode 0600) and `head.json`, the last record's seq and hash,
rewritten atomically after each fsync. Records are appended, never rewritten; old
segments are deleted whole. A line torn by a crash in the middle of a write (no
newline yet) was never synced and is cut off when the journal is opened again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .core.journal import EMPTY, Head, Record, decode, digest

_LOGGER = logging.getLogger(__name__)

SUFFIX = ".jsonl"
HEAD_FILE = "head.json"
DIR_MODE = 0o700
FILE_MODE = 0o600
#: how much of a segment's end is read to find its last line (read whole when longer)
TAIL = 64 * 1024


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment file and the seq of its first record."""

    path: Path
    first_seq: int


@dataclass(slots=True)
class Opened:
    """What opening the journal found."""

    #: where the chain continues
    head: Head
    #: the last record found, if any (for the gap since it)
    last: Record | None
    #: the segment new records go to (append), or None before the first
    segment: Segment | None
    size: int
    #: the month (YYYY-MM) of the current segment's first record
    month: str | None
    #: the head file says more records were synced than are there, or others
    behind: bool


@dataclass(frozen=True, slots=True)
class Expired:
    """Segments old enough to drop, with the first and last record they hold."""

    segments: list[Segment]
    first: Record
    last: Record
    last_hash: str


class JournalFiles:
    """One household's journal directory."""

    def __init__(self, directory: Path) -> None:
        """Use `directory` (created on open)."""
        self.directory = directory

    # ---- opening -----------------------------------------------------------------------

    def open(self) -> Opened:
        """Create the directory if needed, repair a torn tail, and find where to continue."""
        self.directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(self.directory, DIR_MODE)
        os.chmod(self.directory.parent, DIR_MODE)
        segments = self.segments()
        last: Record | None = None
        found = EMPTY
        for segment in reversed(segments):
            line = self._repair_tail(segment.path)
            if line is not None:
                last, found = decode(line), Head(decode(line)["seq"], digest(line))
                break
        head, behind = found, False
        kept = self._read_head()
        if kept is not None and (
            kept.seq > found.seq or (kept.seq == found.seq and kept.hash != found.hash)
        ):
            # Synced records are gone or changed: the chain goes on from what was synced,
            # so every later verification still finds the break.
            head, behind = kept, True
        current = segments[-1] if segments else None
        size = current.path.stat().st_size if current else 0
        return Opened(head, last, current, size, self._month(current), behind)

    def segments(self) -> list[Segment]:
        """Return the segment files, oldest first."""
        found = []
        for path in self.directory.glob(f"*{SUFFIX}"):
            stem = path.name.removesuffix(SUFFIX)
            if stem.isdigit():
                found.append(Segment(path, int(stem)))
        return sorted(found, key=lambda s: s.first_seq)

    def _repair_tail(self, path: Path) -> bytes | None:
        """Return a segment's last complete line; cut off a line torn by a crash."""
        with path.open("rb+") as file:
            size = file.seek(0, os.SEEK_END)
            if size == 0:
                return None
            start = max(0, size - TAIL)
            file.seek(start)
            tail = file.read()
            if start and tail.count(b"\n") < 2:
                file.seek(0)
                tail, start = file.read(), 0
            if not tail.endswith(b"\n"):
                cut = tail.rfind(b"\n") + 1
                _LOGGER.warning("Audit journal: cut off a record torn by a crash in %s", path.name)
                file.truncate(start + cut)
                tail = tail[:cut]
        lines = tail.splitlines()
        return lines[-1] if lines else None

    def _month(self, segment: Segment | None) -> str | None:
        if segment is None:
            return None
        with segment.path.open("rb") as file:
            first = file.readline()
        try:
            return str(json.loads(first)["time"])[:7]
        except (ValueError, KeyError, TypeError):
            return None

    def _read_head(self) -> Head | None:
        path = self.directory / HEAD_FILE
        try:
            return Head.from_dict(json.loads(path.read_bytes()))
        except FileNotFoundError:
            return None
        except (ValueError, TypeError, AttributeError) as err:
            _LOGGER.warning("Audit journal: %s is unreadable (%s)", HEAD_FILE, type(err).__name__)
            return None

    # ---- writing -----------------------------------------------------------------------

    def create(self, first_seq: int) -> tuple[Segment, int]:
        """Create the segment whose first record is `first_seq`; return it and its fd."""
        path = self.directory / f"{first_seq:012d}{SUFFIX}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        return Segment(path, first_seq), fd

    def reopen(self, segment: Segment) -> int:
        """Open an existing segment for appending; return its fd."""
        fd = os.open(segment.path, os.O_WRONLY | os.O_APPEND)
        os.fchmod(fd, FILE_MODE)
        return fd

    def sync(self, fd: int | None, head: Head) -> None:
        """Make what was written durable, then record the head it reached."""
        if fd is not None:
            os.fsync(fd)
        if head.seq == 0:
            return
        tmp = self.directory / f"{HEAD_FILE}.tmp"
        data = json.dumps(head.to_dict()).encode()
        out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            write_all(out, data)
            os.fsync(out)
        finally:
            os.close(out)
        os.replace(tmp, self.directory / HEAD_FILE)

    def close(self, fd: int | None) -> None:
        """Sync and close a segment."""
        if fd is not None:
            os.fsync(fd)
            os.close(fd)

    # ---- reading -----------------------------------------------------------------------

    def lines(self) -> Iterator[bytes]:
        """Yield every complete line, oldest first (a line still being written is left out)."""
        for segment in self.segments():
            with segment.path.open("rb") as file:
                for line in file:
                    if line.endswith(b"\n"):
                        yield line

    def lines_newest_first(self, before: int | None = None) -> Iterator[bytes]:
        """Yield the complete lines newest first, from the newest segment with seqs below `before`.

        A segment (1 MiB) is read whole, then its lines given back to front: a page of
        the Audit view reads the newest segment or two, not the year before them.
        """
        for segment in reversed(self.segments()):
            if before is not None and segment.first_seq >= before:
                continue
            with segment.path.open("rb") as file:
                lines = file.readlines()
            for line in reversed(lines):
                if line.endswith(b"\n"):
                    yield line

    # ---- retention ---------------------------------------------------------------------

    def expired(self, cutoff: str) -> Expired | None:
        """Return the oldest segments whose every record is older than `cutoff` (ISO time).

        The newest segment is never among them: it is the one being written.
        """
        segments = self.segments()[:-1]
        dropped: list[Segment] = []
        last: tuple[Record, str] | None = None
        for segment in segments:
            line = self._repair_tail(segment.path)
            if line is None:
                dropped.append(segment)
                continue
            record = decode(line)
            if str(record["time"]) >= cutoff:
                break
            dropped.append(segment)
            last = (record, digest(line))
        if last is None:
            return None
        first = self._first_record(dropped)
        return Expired(dropped, first or last[0], last[0], last[1])

    def _first_record(self, segments: list[Segment]) -> Record | None:
        for segment in segments:
            with segment.path.open("rb") as file:
                line = file.readline()
            if line.endswith(b"\n"):
                return decode(line.removesuffix(b"\n"))
        return None

    def drop(self, segments: list[Segment]) -> None:
        """Delete segments (their checkpoint is synced already)."""
        for segment in segments:
            with contextlib.suppress(FileNotFoundError):
                segment.path.unlink()

    def remove(self) -> None:
        """Delete the whole journal (the household is being deleted)."""
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            path.unlink()
        self.directory.rmdir()


def read_bytes(path: Path, limit: int) -> bytes:
    """Read at most `limit` bytes of a file (an export to verify)."""
    with path.open("rb") as file:
        return file.read(limit)


def write_new(path: Path, content: bytes) -> None:
    """Write a new private file; refuse to replace anything already there (a symlink too)."""
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
    try:
        write_all(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` (os.write may take less at once)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
