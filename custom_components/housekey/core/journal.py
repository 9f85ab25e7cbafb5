"""The audit journal's records: one canonical JSON line each, chained by SHA-256.

Every record names the hash of the one before it (`prev`), so a record altered,
removed or moved breaks the chain at that record. A record is hashed as the exact
bytes of its line, and a line must be the record's canonical encoding (sorted keys,
no spaces, UTF-8), so every byte of the file is covered: a change that still parses
is a record that no longer matches its successor's `prev`.

The chain alone cannot tell that records were cut off at its end, or that its last
record was changed: a *head* (the last record's seq and hash, kept apart from the
records) anchors it. Old records are dropped whole, by segment, and a `checkpoint`
record names what was dropped and the hash of its last record, so the records kept
still verify from their first one.

This module is plain Python with no import outside the standard library, so
`scripts/verify_export.py` can load it by path and check an export anywhere.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: the `prev` of the very first record
GENESIS = "0" * 64
#: the export file format and its version
EXPORT_FORMAT = "housekey-journal-export"
EXPORT_VERSION = 1
#: what a checkpoint's `data` says about the records it replaces
CHECKPOINT = "checkpoint"
#: the columns a CSV export shows, before the full record
CSV_COLUMNS = (
    "seq",
    "time",
    "kind",
    "recovered",
    "lock",
    "outcome",
    "method",
    "person_id",
    "person_name",
    "action",
    "alert",
    "detail",
)

type Record = dict[str, Any]


class NotCanonical(ValueError):
    """A line that is not the canonical encoding of the record it holds."""


@dataclass(frozen=True, slots=True)
class Head:
    """The last record of a chain: its sequence number and its hash."""

    seq: int
    hash: str

    def to_dict(self) -> dict[str, Any]:
        """Serialize (the head file, responses, exports)."""
        return {"seq": self.seq, "hash": self.hash}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Head:
        """Deserialize; raise ValueError on anything but a seq and a 64-digit hex hash."""
        seq, digest = data.get("seq"), data.get("hash")
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            raise ValueError("bad seq")
        if not isinstance(digest, str) or len(digest) != 64:
            raise ValueError("bad hash")
        int(digest, 16)
        return cls(seq, digest)


#: the head of a chain with no record yet
EMPTY = Head(0, GENESIS)


def encode(record: Mapping[str, Any]) -> bytes:
    """Return a record's canonical encoding (without the newline)."""
    return json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def digest(line: bytes) -> str:
    """Return the hash of a record's canonical line (without the newline)."""
    return hashlib.sha256(line).hexdigest()


def decode(line: bytes) -> Record:
    """Parse one line; raise ValueError when it is not a canonical record."""
    record = json.loads(line)
    if not isinstance(record, dict) or not isinstance(record.get("seq"), int):
        raise ValueError("not a record")
    if encode(record) != line:
        raise NotCanonical("not canonical")
    return record


class Chain:
    """Builds the next records of a chain from its head."""

    def __init__(self, head: Head = EMPTY) -> None:
        """Continue after `head` (EMPTY for a new chain)."""
        self.head = head

    def append(
        self, kind: str, data: Mapping[str, Any], time: str, *, recovered: bool = False
    ) -> tuple[Record, bytes]:
        """Return the next record and its line (newline included), and advance the head.

        `recovered` marks what a lock's own log said happened while nobody listened.
        """
        record: Record = {
            "seq": self.head.seq + 1,
            "time": time,
            "kind": kind,
            "data": dict(data),
            "prev": self.head.hash,
        }
        if recovered:
            record["recovered"] = True
        line = encode(record)
        self.head = Head(record["seq"], digest(line))
        return record, line + b"\n"


def checkpoint_data(
    first: Record, last: Record, last_hash: str, reason: str = "retention"
) -> dict[str, Any]:
    """Return what a checkpoint says of the dropped records `first`..`last`."""
    return {
        "reason": reason,
        "first_seq": first["seq"],
        "last_seq": last["seq"],
        "last_hash": last_hash,
        "first_time": first["time"],
        "last_time": last["time"],
    }


# ---- verification --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of checking a chain: the first record that does not match, and why.

    Reasons: `altered` (the record is not what its successor, or the head, says),
    `missing` (a record is not there), `out_of_order` (a record is not in its place),
    `unreadable` (a line is no record), `not_canonical` (a line holds a record in another
    encoding than its own).
    """

    ok: bool
    records: int
    first_bad_seq: int | None = None
    reason: str | None = None
    head: Head | None = None

    def to_dict(self) -> dict[str, Any]:
        """Serialize, as the verify action responds."""
        return {
            "ok": self.ok,
            "records": self.records,
            "first_bad_seq": self.first_bad_seq,
            "reason": self.reason,
            "head": self.head.to_dict() if self.head else None,
        }


@dataclass(slots=True)
class _Item:
    """One line, parsed where it could be."""

    line: bytes
    record: Record | None
    problem: str | None

    @property
    def seq(self) -> int | None:
        return self.record["seq"] if self.record is not None else None

    @property
    def prev(self) -> Any:
        return self.record.get("prev") if self.record is not None else None


def _items(lines: Iterable[bytes]) -> Iterator[_Item]:
    for raw in lines:
        line = raw.removesuffix(b"\n")
        try:
            yield _Item(line, decode(line), None)
        except NotCanonical:
            yield _Item(line, json.loads(line), "not_canonical")
        except ValueError:  # json's errors (and UnicodeDecodeError) are ValueErrors
            yield _Item(line, None, "unreadable")


class _Check:
    """The state of one pass over a chain."""

    def __init__(self, start: Head | None) -> None:
        self.start = start
        self.count = 0
        self.expected: int | None = None if start is None else start.seq + 1
        self.prev_hash: str | None = None if start is None else start.hash
        self.last: Head | None = start
        self.bad: tuple[int, str] | None = None
        #: the first record kept after dropped ones, until a checkpoint names them
        self.unexplained: _Item | None = None

    def fail(self, seq: int, reason: str) -> None:
        if self.bad is None:
            self.bad = (seq, reason)

    def begin(self, item: _Item) -> None:
        """Take the first record: a chain starts at 1, or after a checkpoint's range."""
        seq = item.seq if item.seq is not None else 1
        self.expected = seq
        if seq == 1:
            self.prev_hash = GENESIS
        else:
            self.prev_hash = item.prev if isinstance(item.prev, str) else GENESIS
            self.unexplained = item

    def explain(self, record: Record) -> None:
        """Let a checkpoint account for the records before the first one kept."""
        first = self.unexplained
        data = record.get("data")
        if first is None or record.get("kind") != CHECKPOINT or not isinstance(data, dict):
            return
        if data.get("last_seq") == (first.seq or 0) - 1 and data.get("last_hash") == first.prev:
            self.unexplained = None

    def step(self, item: _Item, after: _Item | None, anchor: Head | None) -> None:
        """Check one record against its predecessor; `after` is the next one, if any."""
        if self.expected is None:
            self.begin(item)
        expected = self.expected
        assert expected is not None
        if item.record is None or item.problem is not None:
            self.fail(expected, item.problem or "unreadable")
            return
        self.explain(item.record)
        seq = item.seq
        if seq != expected:
            follows = after.seq if after is not None else None
            if follows == expected and seq == expected + 1:
                self.fail(expected, "out_of_order")
            elif follows == expected + 1:
                self.fail(expected, "altered")  # its seq was changed
            elif isinstance(seq, int) and seq > expected:
                self.fail(expected, "missing")
            else:
                self.fail(expected, "out_of_order")
            return
        line_hash = digest(item.line)
        if item.prev != self.prev_hash:
            # Either this record's `prev` or the record before it changed. A changed
            # `prev` changes this record's hash too, so its successor disagrees as well.
            if _successor_disagrees(line_hash, seq, after, anchor):
                self.fail(seq, "altered")
            else:
                self.fail(max(seq - 1, 1), "altered")
            return
        if anchor is not None and anchor.seq == seq and anchor.hash != line_hash:
            self.fail(seq, "altered")
            return
        self.expected = seq + 1
        self.prev_hash = line_hash
        self.last = Head(seq, line_hash)


def _successor_disagrees(
    line_hash: str, seq: int, after: _Item | None, anchor: Head | None
) -> bool:
    if after is not None:
        return bool(after.prev != line_hash)
    return anchor is not None and anchor.seq == seq and anchor.hash != line_hash


def verify(
    lines: Iterable[bytes], *, start: Head | None = None, anchor: Head | None = None
) -> Verdict:
    """Check a chain of lines, oldest first, and return the first record that does not match.

    `start` is the head the first line must follow (an export's checkpoint); without
    it the chain starts at seq 1, or after the range the newest checkpoint dropped.
    `anchor` is a head kept apart from the lines: the chain must reach it and agree with it.
    """
    check = _Check(start)
    items = _items(lines)
    item = next(items, None)
    while item is not None:
        after = next(items, None)
        check.count += 1
        if check.bad is None:
            check.step(item, after, anchor)
        elif item.record is not None:
            check.explain(item.record)  # a later checkpoint may still explain the start
        item = after
    if check.unexplained is not None:
        # Records before the first one kept are gone and no checkpoint names them.
        check.bad = ((check.unexplained.seq or 1) - 1, "missing")
    if check.bad is None and anchor is not None and (check.last or EMPTY).seq < anchor.seq:
        check.fail((check.last or EMPTY).seq + 1, "missing")  # cut off at the end
    if check.bad is not None:
        return Verdict(False, check.count, check.bad[0], check.bad[1], check.last)
    return Verdict(True, check.count, head=check.last)


# ---- exports ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExportCheckpoint:
    """What an export carries to be verified later: where it sits in the chain.

    `before` is the hash of the record before the first one exported (GENESIS at the
    start of the chain), `last` the head of the last one exported.
    """

    before: Head
    last: Head
    records: int

    def to_dict(self) -> dict[str, Any]:
        """Serialize, as exports carry it."""
        return {
            "before_seq": self.before.seq,
            "before_hash": self.before.hash,
            "last_seq": self.last.seq,
            "last_hash": self.last.hash,
            "records": self.records,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExportCheckpoint:
        """Deserialize; raise ValueError when it is malformed."""
        before = Head.from_dict({"seq": data.get("before_seq"), "hash": data.get("before_hash")})
        last = Head.from_dict({"seq": data.get("last_seq"), "hash": data.get("last_hash")})
        records = data.get("records")
        if not isinstance(records, int) or isinstance(records, bool) or records < 0:
            raise ValueError("bad record count")
        return cls(before, last, records)


def export_checkpoint(records: list[Record], lines: list[bytes], before: Head) -> ExportCheckpoint:
    """Return the checkpoint of exported records (their lines, newline included)."""
    if not records:
        return ExportCheckpoint(before, before, 0)
    last = Head(records[-1]["seq"], digest(lines[-1].removesuffix(b"\n")))
    return ExportCheckpoint(before, last, len(records))


def export_json(header: Mapping[str, Any], point: ExportCheckpoint, records: list[Record]) -> bytes:
    """Return a JSON export: the header, the checkpoint and the records as they are."""
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        **header,
        "checkpoint": point.to_dict(),
        "records": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode() + b"\n"


def csv_row(record: Mapping[str, Any]) -> list[str]:
    """Return the readable columns of one record, the full record last (what is verified)."""
    data = record.get("data")
    data = data if isinstance(data, dict) else {}
    alert = data.get("kind") if record.get("kind") == "alert" else None
    values = {
        "seq": record.get("seq"),
        "time": record.get("time"),
        "kind": record.get("kind"),
        "recovered": "yes" if record.get("recovered") else "",
        "lock": data.get("lock"),
        "outcome": data.get("outcome"),
        "method": data.get("method"),
        "person_id": data.get("person_id"),
        "person_name": data.get("person_name"),
        "action": data.get("action"),
        "alert": alert,
        "detail": data.get("detail") or data.get("cause"),
    }
    return [_cell(values[c]) for c in CSV_COLUMNS] + [encode(record).decode()]


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def export_csv(header: Mapping[str, Any], point: ExportCheckpoint, records: list[Record]) -> bytes:
    """Return a CSV export: one row per record, after one `export` row with the checkpoint.

    The readable columns are for people; the last column is the record itself, which
    the verification checks, together with the columns shown beside it.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "record"])
    about = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, **header}
    about["checkpoint"] = point.to_dict()
    writer.writerow(["", "", "export", *[""] * (len(CSV_COLUMNS) - 3), encode(about).decode()])
    for record in records:
        writer.writerow(csv_row(record))
    return out.getvalue().encode()


@dataclass(frozen=True, slots=True)
class ExportVerdict:
    """The outcome of checking an export file."""

    verdict: Verdict
    checkpoint: ExportCheckpoint | None
    header: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Serialize, as the verify action responds."""
        return {
            **self.verdict.to_dict(),
            "checkpoint": self.checkpoint.to_dict() if self.checkpoint else None,
            "start": self.header.get("start"),
            "end": self.header.get("end"),
        }


class _AlteredRow(ValueError):
    """A CSV row whose record is unreadable, or whose columns say something else."""

    def __init__(self, seq: int, count: int) -> None:
        super().__init__("altered row")
        self.seq = seq
        self.count = count


def verify_export(content: bytes) -> ExportVerdict:
    """Check an export (JSON or CSV, told apart by its first byte) against its checkpoint."""
    header: dict[str, Any] = {}
    try:
        if content.lstrip()[:1] == b"{":
            header, records = _read_json(content)
        else:
            header, records = _read_csv(content)
        point = ExportCheckpoint.from_dict(header.get("checkpoint") or {})
    except _AlteredRow as err:
        return ExportVerdict(Verdict(False, err.count, err.seq, "altered"), None, header)
    except (ValueError, TypeError, KeyError, AttributeError, csv.Error):
        return ExportVerdict(Verdict(False, 0, None, "unreadable"), None, {})
    lines = [encode(r) if isinstance(r, dict) else b"" for r in records]
    verdict = verify(lines, start=point.before, anchor=point.last)
    if verdict.ok and verdict.records != point.records:
        verdict = Verdict(False, verdict.records, point.last.seq, "missing", verdict.head)
    return ExportVerdict(verdict, point, header)


def _read_json(content: bytes) -> tuple[dict[str, Any], list[Any]]:
    document = json.loads(content)
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ValueError("not an export")
    records = document.pop("records")
    if not isinstance(records, list):
        raise ValueError("no records")
    return document, records


def _read_csv(content: bytes) -> tuple[dict[str, Any], list[Any]]:
    rows = list(csv.reader(io.StringIO(content.decode())))
    if len(rows) < 2 or rows[0] != [*CSV_COLUMNS, "record"]:
        raise ValueError("not an export")
    header = json.loads(rows[1][-1])
    if not isinstance(header, dict) or header.get("format") != EXPORT_FORMAT:
        raise ValueError("not an export")
    first = header["checkpoint"]["before_seq"] + 1
    records: list[Any] = []
    for row in rows[2:]:
        try:
            record = decode(row[-1].encode())
        except (ValueError, IndexError):
            record = None
        if record is None or csv_row(record) != row:
            # A readable column that says something else than its record is altered too.
            raise _AlteredRow(first + len(records), len(records))
        records.append(record)
    return header, records
