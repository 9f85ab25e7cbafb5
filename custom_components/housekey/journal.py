"""The audit journal: every access, admin change and alert, kept beside the recorder.

The recorder purges Housekey's events after ten days, anyone with file access can
edit its database, and it says nothing of the hours nobody was listening. The audit
journal keeps one hash-chained record per event (`core/journal.py`) in the household's
own files (`journal_files.py`), and names its gaps: Home Assistant down (from the last
record before the stop to the start) and each lock unreachable (from when to when).
Where a lock keeps its own event log, what it logged during a gap is read back into
the journal, marked `recovered`.

Writing is cheap and durable: a record is appended to the open segment at once (one
`write`, no rewrite of anything), and fsync runs in the executor, batched: however
many records arrive while one fsync runs are made durable by the next. Opening a new
segment (by size or at a new month) happens in the executor too; only while it opens
do records wait in memory, in order.

`audit.py` is the one place Housekey fires its events; it hands each one to
`journal_record`, so nothing fired on the bus by anyone else reaches the journal.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .core.journal import (
    CHECKPOINT,
    EMPTY,
    GENESIS,
    Chain,
    ExportCheckpoint,
    Head,
    Record,
    Verdict,
    checkpoint_data,
    digest,
    export_checkpoint,
    verify,
)
from .core.journal_query import RecordPage, RecordQuery, page_of
from .journal_files import JournalFiles, Opened, Segment, write_all
from .providers.base import LoggedEvent, Outcome

if TYPE_CHECKING:
    from .runtime import Housekey

_LOGGER = logging.getLogger(__name__)

#: the open journal of each loaded household, by household name (what audit.py is given)
JOURNALS: HassKey[dict[str, Journal]] = HassKey(f"{DOMAIN}_journals")
#: the journals' directory, under the configuration directory's private `.storage`
JOURNAL_DIR: Final = "housekey_journal"
#: a segment is closed once it holds this many bytes (and at every new month, UTC)
SEGMENT_BYTES: Final = 1 << 20
#: how often retention is applied besides at start and at each new segment
RETENTION_CHECK = timedelta(hours=24)
#: a recovered access this close to one heard live (same lock, slot and outcome) is that one
SAME_ACCESS = timedelta(minutes=2)

# Record kinds: the three events, and what the journal says itself.
ACCESS: Final = "access"
ADMIN: Final = "admin"
ALERT: Final = "alert"
GAP: Final = "gap"
STOP: Final = "stop"
UNREACHABLE: Final = "unreachable"
RECOVERY: Final = "recovery"
LOCK_EVENT: Final = "lock_event"


def journal_dir(hass: HomeAssistant, entry_id: str) -> Path:
    """Return the directory of one household's journal."""
    return Path(hass.config.path(".storage", JOURNAL_DIR, entry_id))


def _now() -> str:
    return moment(dt_util.utcnow())


def moment(at: datetime) -> str:
    """Return an instant as the journal writes it (UTC, always with microseconds)."""
    return dt_util.as_utc(at).isoformat(timespec="microseconds")


@callback
def journal_record(hass: HomeAssistant, household: str, kind: str, data: Mapping[str, Any]) -> None:
    """Append one event of a household to its journal (audit.py calls this for each)."""
    journal = hass.data.get(JOURNALS, {}).get(household)
    if journal is not None:
        journal.write(kind, data)


@dataclass(slots=True)
class _Outage:
    """A lock unreachable since `since`, and the accesses still heard from it meanwhile."""

    since: datetime
    heard: list[tuple[datetime, int | None, str]] = field(default_factory=list)


class Journal:
    """One household's audit journal while the household is loaded."""

    def __init__(self, runtime: Housekey, retention_days: int) -> None:
        """Prepare the journal; nothing is opened until async_open."""
        self._rt = runtime
        self.hass = runtime.hass
        self.files = JournalFiles(journal_dir(runtime.hass, runtime.entry.entry_id))
        self.retention = timedelta(days=retention_days)
        self.segment_bytes = SEGMENT_BYTES
        self._chain = Chain()
        self._fd: int | None = None
        self._segment: Segment | None = None
        self._size = 0
        self._month: str | None = None
        #: lines waiting for a new segment, in order, each with the head it reaches
        self._waiting: list[tuple[Head, bytes, str]] = []
        #: the head of the last line written to a segment (what fsync makes durable)
        self._written = self._chain.head
        self._dirty = False
        self._io: asyncio.Task[None] | None = None
        self._open = False
        self._unsubs: list[CALLBACK_TYPE] = []
        self._outages: dict[str, _Outage] = {}
        #: Home Assistant's own outage before this start, to read back from each lock
        self._downtime: tuple[datetime, datetime] | None = None
        self._unread: set[str] = set()
        self._watching = False
        self._final_unsub: CALLBACK_TYPE | None = None
        self._retention_lock = asyncio.Lock()

    # ---- life cycle --------------------------------------------------------------------

    async def async_open(self) -> None:
        """Open the journal, record the gap since its last record, and apply retention."""
        opened: Opened = await self.hass.async_add_executor_job(self.files.open)
        self._chain = Chain(opened.head)
        self._written = opened.head
        self._segment, self._size, self._month = opened.segment, opened.size, opened.month
        if opened.segment is not None:
            self._fd = await self.hass.async_add_executor_job(self.files.reopen, opened.segment)
        else:  # ready before the first record, which then needs no wait
            self._segment, self._fd = await self.hass.async_add_executor_job(
                self.files.create, opened.head.seq + 1
            )
            self._month = _now()[:7]
        if opened.behind:
            _LOGGER.warning(
                "The audit journal of %s holds less than it had synced: records were "
                "removed or changed; verification will name the first one",
                self._rt.name,
            )
        self._open = True
        self.hass.data.setdefault(JOURNALS, {})[self._rt.name] = self
        if opened.last is not None:
            self._record_downtime(opened.last)
        self._final_unsub = self.hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_FINAL_WRITE, self._on_final_write
        )
        self._unsubs.append(
            async_track_time_interval(self.hass, self._retention_due, RETENTION_CHECK)
        )
        await self.async_apply_retention()

    def _record_downtime(self, last: Record) -> None:
        """Name the gap from the last record before the stop to now."""
        stopped = last.get("kind") == STOP
        reload = stopped and (last.get("data") or {}).get("reason") == "reload"
        now = dt_util.utcnow()
        self.write(
            GAP,
            {
                "cause": "reload" if reload else "home_assistant_down",
                "from": last["time"],
                "to": moment(now),
                "stop_recorded": stopped,
            },
        )
        began = dt_util.parse_datetime(str(last["time"]))
        if began is not None and not reload:
            # A reload is over in moments: not worth a lock's radio reading its whole log.
            self._downtime = (began, now)

    @callback
    def _on_final_write(self, _event: Event) -> None:
        self._final_unsub = None  # a listener that fired is gone already
        self.hass.async_create_task(self.async_close(reason="shutdown"), eager_start=True)

    async def async_close(self, reason: str = "reload") -> None:
        """Close open outages, record the stop, and make everything durable."""
        if not self._open:
            return
        for lock_id, outage in list(self._outages.items()):
            self._close_outage(lock_id, outage, ended="home_assistant_stopped")
        self.write(STOP, {"reason": reason})
        self._open = False
        journals = self.hass.data.get(JOURNALS, {})
        if journals.get(self._rt.name) is self:
            del journals[self._rt.name]
        while self._unsubs:
            self._unsubs.pop()()
        if self._final_unsub is not None:
            self._final_unsub()
            self._final_unsub = None
        await self.async_flush()
        fd, self._fd = self._fd, None
        await self.hass.async_add_executor_job(self.files.close, fd)

    @property
    def head(self) -> Head:
        """Return the journal's head: the last record's seq and hash."""
        return self._chain.head

    # ---- writing -----------------------------------------------------------------------

    @callback
    def write(
        self,
        kind: str,
        data: Mapping[str, Any],
        *,
        recovered: bool = False,
    ) -> Record | None:
        """Append one record; it is in the segment (or queued for the next) on return."""
        if not self._open:
            _LOGGER.debug("Audit journal closed: %s record not written", kind)
            return None
        time = _now()
        record, line = self._chain.append(kind, data, time, recovered=recovered)
        if kind == ACCESS and not recovered:
            self._heard(record)
        if self._waiting or self._needs_segment(time):
            self._waiting.append((self._chain.head, line, time[:7]))
        else:
            self._put(self._chain.head, line)
        self._dirty = True
        if self._io is None:
            # Not started eagerly: the task must be `_io` before it can end and reset it.
            self._io = self.hass.async_create_task(
                self._run_io(), "housekey audit journal", eager_start=False
            )
        return record

    def _needs_segment(self, time: str) -> bool:
        return self._fd is None or self._size >= self.segment_bytes or time[:7] != self._month

    def _put(self, head: Head, line: bytes) -> None:
        assert self._fd is not None
        write_all(self._fd, line)
        self._size += len(line)
        self._written = head

    async def _run_io(self) -> None:
        """Open new segments and fsync, in the executor, until nothing is left to do."""
        try:
            while self._waiting or self._dirty:
                if self._waiting:
                    await self._start_segment()
                    continue
                self._dirty = False
                await self.hass.async_add_executor_job(self.files.sync, self._fd, self._written)
        finally:
            self._io = None

    async def _start_segment(self) -> None:
        """Close the current segment and start one with the first waiting record."""
        old, self._fd = self._fd, None
        first = self._waiting[0][0].seq
        await self.hass.async_add_executor_job(self.files.close, old)
        self._segment, self._fd = await self.hass.async_add_executor_job(self.files.create, first)
        self._size, self._month = 0, self._waiting[0][2]
        waiting, self._waiting = self._waiting, []
        for head, line, _month in waiting:
            self._put(head, line)
        if old is not None and self._open:
            self.hass.async_create_task(self.async_apply_retention(), eager_start=False)

    async def async_flush(self) -> None:
        """Return once every record written so far is synced."""
        while self._io is not None:
            await asyncio.shield(self._io)

    # ---- retention ---------------------------------------------------------------------

    @callback
    def _retention_due(self, _now: datetime) -> None:
        self.hass.async_create_task(self.async_apply_retention(), eager_start=False)

    async def async_apply_retention(self) -> None:
        """Drop segments older than the retention, behind a checkpoint that names them.

        The checkpoint is synced before anything is deleted, so a crash in between
        leaves records that a checkpoint names, never records gone without one.
        """
        async with self._retention_lock:  # one at a time: each sees what the last dropped
            await self.async_flush()
            cutoff = moment(dt_util.utcnow() - self.retention)
            expired = await self.hass.async_add_executor_job(self.files.expired, cutoff)
            if expired is None or not self._open:
                return
            point = checkpoint_data(expired.first, expired.last, expired.last_hash)
            self.write(CHECKPOINT, point)
            await self.async_flush()
            await self.hass.async_add_executor_job(self.files.drop, expired.segments)
        _LOGGER.debug(
            "Audit journal of %s: records %s to %s dropped after %s days",
            self._rt.name,
            expired.first["seq"],
            expired.last["seq"],
            self.retention.days,
        )

    # ---- reading -----------------------------------------------------------------------

    async def async_verify(self) -> Verdict:
        """Check the whole chain against the head this journal wrote last."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(
            partial(verify, self.files.lines(), anchor=self._written)
        )

    async def async_export(self, start: datetime, end: datetime) -> Export:
        """Return the records of a period with their checkpoint."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(
            export_period, self.files, moment(start), moment(end), self._written
        )

    async def async_page(self, query: RecordQuery) -> RecordPage:
        """Return one page of records, newest first, for the panel's Audit view."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(
            page_of, _newest_first(self.files, query.before), query
        )

    async def async_matches(self, point: ExportCheckpoint) -> bool | None:
        """Return whether an export's checkpoint is the journal's own (None: records dropped)."""
        await self.async_flush()
        return await self.hass.async_add_executor_job(matches_journal, self.files, point)

    # ---- gaps: locks out of reach ------------------------------------------------------

    @callback
    def watch(self, locks: Mapping[str, bool]) -> None:
        """Start following the locks' reachability (lock -> unreachable now), once they run.

        Each lock is read back once for Home Assistant's own outage, as soon as it
        can be reached.
        """
        self._watching = True
        if self._downtime is not None:
            self._unread = set(locks)
        for lock_id, unreachable in locks.items():
            self.note_lock(lock_id, unreachable=unreachable)

    @callback
    def note_lock(self, lock_id: str, *, unreachable: bool) -> None:
        """Follow one lock's sync state: an outage begins, or ends as a gap."""
        if not self._watching or not self._open:
            return
        outage = self._outages.get(lock_id)
        if unreachable and outage is None:
            self._outages[lock_id] = _Outage(dt_util.utcnow())
            self.write(UNREACHABLE, {"household": self._rt.name, "lock": lock_id})
        elif not unreachable and outage is not None:
            self._close_outage(lock_id, outage)
            self._read_back(lock_id, outage.since, outage)
        elif not unreachable and lock_id in self._unread and self._downtime is not None:
            self._read_back(lock_id, self._downtime[0], None)

    def _close_outage(self, lock_id: str, outage: _Outage, ended: str = "reachable") -> None:
        del self._outages[lock_id]
        self.write(
            GAP,
            {
                "cause": "lock_unreachable",
                "household": self._rt.name,
                "lock": lock_id,
                "from": moment(outage.since),
                "to": _now(),
                "ended": ended,
            },
        )

    def _heard(self, record: Record) -> None:
        """Remember an access heard live from a lock that is out of reach for commands."""
        data = record["data"]
        outage = self._outages.get(str(data.get("lock")))
        if outage is not None:
            outage.heard.append((dt_util.utcnow(), data.get("slot"), str(data.get("outcome"))))

    # ---- reading back what the lock logged ---------------------------------------------

    def _read_back(self, lock_id: str, since: datetime, outage: _Outage | None) -> None:
        """Read what the lock logged from `since` to now, in the background."""
        if lock_id in self._unread and self._downtime is not None:
            since = min(since, self._downtime[0])  # Home Assistant's outage too, once
        self._unread.discard(lock_id)
        heard = outage.heard if outage is not None else []
        self.hass.async_create_background_task(
            self._async_read_back(lock_id, since, dt_util.utcnow(), heard),
            f"housekey audit journal read-back {lock_id}",
        )

    async def _async_read_back(
        self,
        lock_id: str,
        start: datetime,
        end: datetime,
        heard: list[tuple[datetime, int | None, str]],
    ) -> None:
        sync = self._rt.locks.get(lock_id)
        if sync is None:
            return
        window = {"household": self._rt.name, "lock": lock_id}
        window |= {"from": moment(start), "to": moment(end)}
        try:
            logged = await sync.provider.async_read_log(start, end)
        except Exception as err:  # any failure: the gap stays named, only not filled
            # The type only: a stack's message may quote what the lock answered.
            _LOGGER.debug("Reading the log of %s failed: %s", lock_id, type(err).__name__)
            if self._open:
                self.write(RECOVERY, {**window, "ok": False, "records": 0})
            return
        if logged is None or not self._open:
            return
        recovered = 0
        for event in logged:
            if event.outcome is not None and _heard_live(event, heard):
                continue
            self.write(*self._recovered(lock_id, event), recovered=True)
            recovered += 1
        self.write(RECOVERY, {**window, "ok": True, "records": recovered})

    def _recovered(self, lock_id: str, event: LoggedEvent) -> tuple[str, dict[str, Any]]:
        """Return the kind and data of a record for one logged event, slot made a person."""
        person, slot = self._rt.reports.person_in_slot(lock_id, event.slot)
        data: dict[str, Any] = {
            "household": self._rt.name,
            "lock": lock_id,
            "at": moment(event.at),
            "event": event.event,
            "slot": slot,
            "person_id": person.person_id if person else None,
            "person_name": person.name if person else None,
        }
        if event.outcome is None:
            return LOCK_EVENT, data
        return ACCESS, {
            **data,
            "entity_id": lock_id,
            "outcome": event.outcome.value,
            "method": event.method.value,
            "role": person.role.value if person else None,
            "user_id": None,
        }


def _heard_live(event: LoggedEvent, heard: list[tuple[datetime, int | None, str]]) -> bool:
    """Return (and take) an access heard live that this logged one repeats."""
    outcome = event.outcome.value if isinstance(event.outcome, Outcome) else None
    for item in heard:
        at, slot, was = item
        if was == outcome and slot == event.slot and abs(at - event.at) <= SAME_ACCESS:
            heard.remove(item)
            return True
    return False


# ---- verification and export (blocking: run in the executor) ---------------------------------


def _line_hash(line: bytes) -> str:
    return digest(line.removesuffix(b"\n"))


def _parsed(lines: Iterable[bytes]) -> Iterator[tuple[Record, bytes]]:
    """Yield the records that parse, with their lines (the verification judges the rest)."""
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("seq"), int):
            yield record, line


def _newest_first(files: JournalFiles, before: int | None) -> Iterator[Record]:
    """Yield the records that parse, newest first (verification judges the others)."""
    for record, _line in _parsed(files.lines_newest_first(before)):
        yield record


@dataclass(frozen=True, slots=True)
class Export:
    """The records of a period with their checkpoint, and the journal's own verdict."""

    records: list[Record]
    checkpoint: ExportCheckpoint
    verdict: Verdict


def export_period(files: JournalFiles, start: str, end: str, anchor: Head) -> Export:
    """Select the records from `start` to `end` (ISO times), as one run of the chain.

    A period is the records from the first written at or after `start` to the last
    written before `end`, and everything between: the export is a contiguous piece of
    the chain even where the clock went backwards.
    """
    verdict = verify(files.lines(), anchor=anchor)
    every = list(_parsed(files.lines()))
    times = [str(record.get("time")) for record, _line in every]
    first = next((i for i, t in enumerate(times) if t >= start), len(every))
    last = max((i for i, t in enumerate(times) if t < end), default=-1)
    chosen = every[first : last + 1] if last >= first else []
    if chosen:
        record = chosen[0][0]
        before = Head(record["seq"] - 1, str(record.get("prev")))
    elif first > 0:
        record, line = every[first - 1]
        before = Head(record["seq"], _line_hash(line))
    else:
        before = EMPTY
    records = [record for record, _line in chosen]
    point = export_checkpoint(records, [line for _record, line in chosen], before)
    return Export(records, point, verdict)


def matches_journal(files: JournalFiles, point: ExportCheckpoint) -> bool | None:
    """Return whether the journal holds the export's ends as they are (None: not any more)."""
    wanted = {h.seq: h.hash for h in (point.before, point.last) if h.seq > 0}
    found = {
        record["seq"]: _line_hash(line)
        for record, line in _parsed(files.lines())
        if record["seq"] in wanted
    }
    if point.before.seq == 0 and point.before.hash != GENESIS:
        return False
    if found.keys() != wanted.keys():
        return None
    return found == wanted
