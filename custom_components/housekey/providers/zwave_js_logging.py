"""Z-Wave Door Lock Logging (command class 0x4C): what the lock itself logged, read back.

A lock with this command class keeps its last N events (N from Records Supported
Report) in numbered records 1..N, each with the lock's own date and time, an event
type and the user id (the slot) that was used. The audit journal reads them after a
gap, when Home Assistant or the radio heard nothing, and keeps those that fall into it.

zwave-js answers `getRecord(n)` with the record's content but not with its number,
so the newest record cannot be found from record 0: every record 1..N is read, one
Door Lock Logging Record Get each (N round trips per gap, paced by zwave-js's queue).
A record also carries the user code that was typed; it is dropped here, unread.

The lock's clock has no time zone: zwave-js reads it in the Z-Wave JS server's local
time, which must be the lock's. A record outside the gap by the lock's clock is left out.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from homeassistant.util import dt as dt_util

from .base import LoggedEvent, Method, Outcome

if TYPE_CHECKING:
    from zwave_js_server.model.node import Node as ZwaveNode

CC_DOOR_LOCK_LOGGING: Final = 0x4C

#: Door Lock Logging event types that are unlock attempts (Z-Wave CC specification,
#: zwave-js DoorLockLoggingEventType); the user id of these is the slot whose code was used
ACCESS_EVENTS: Final[dict[int, tuple[Outcome, Method]]] = {
    2: (Outcome.GRANTED, Method.KEYPAD),  # unlocked via access code
    4: (Outcome.GRANTED, Method.MANUAL),  # unlocked via unlock button
    6: (Outcome.DENIED, Method.KEYPAD),  # out-of-schedule unlock attempt via access code
    7: (Outcome.DENIED, Method.KEYPAD),  # illegal access code entered
    9: (Outcome.GRANTED, Method.MANUAL),  # manually unlocked
    11: (Outcome.GRANTED, Method.AUTO),  # auto unlocked
    13: (Outcome.GRANTED, Method.REMOTE),  # unlocked via remote access code
    15: (Outcome.GRANTED, Method.REMOTE),  # unlocked via remote
    17: (Outcome.DENIED, Method.REMOTE),  # out-of-schedule unlock via remote access code
    18: (Outcome.DENIED, Method.REMOTE),  # illegal remote access code
    20: (Outcome.GRANTED, Method.MANUAL),  # manually unlocked (2)
}
#: what the other event types are called in the journal
OTHER_EVENTS: Final[dict[int, str]] = {
    1: "locked_code",
    3: "locked_button",
    5: "lock_out_of_schedule",
    8: "locked_manual",
    10: "locked_auto",
    12: "locked_remote_code",
    14: "locked_remote",
    16: "lock_remote_out_of_schedule",
    19: "locked_manual",
    21: "secured",
    22: "unsecured",
    23: "user_code_added",
    24: "user_code_deleted",
    25: "all_user_codes_deleted",
    26: "admin_code_changed",
    27: "user_code_changed",
    28: "lock_reset",
    29: "configuration_changed",
    30: "low_battery",
    31: "new_battery",
}
#: event types whose user id names a slot
_SLOT_EVENTS: Final = frozenset({*ACCESS_EVENTS, 1, 5, 12, 16, 23, 24, 27})

type Run = Callable[[Coroutine[Any, Any, Any]], Coroutine[Any, Any, Any]]


def logged_event(record: Mapping[str, Any]) -> LoggedEvent | None:
    """Normalize one record as zwave-js returns it; None when it has no usable time.

    Only the event type, the user id and the time are read: never `userCode`.
    """
    event_type = record.get("eventType")
    at = dt_util.parse_datetime(str(record.get("timestamp") or ""))
    if not isinstance(event_type, int) or at is None:
        return None
    user = record.get("userId")
    slot = user if isinstance(user, int) and user > 0 and event_type in _SLOT_EVENTS else None
    if event_type in ACCESS_EVENTS:
        outcome, method = ACCESS_EVENTS[event_type]
        name = f"{'unlock' if outcome is Outcome.GRANTED else 'refused'}_{method.value}"
        return LoggedEvent(dt_util.as_utc(at), name, outcome, method, slot)
    return LoggedEvent(dt_util.as_utc(at), OTHER_EVENTS.get(event_type, "unknown"), slot=slot)


async def read_door_lock_log(
    node: ZwaveNode, run: Run, start: datetime, end: datetime
) -> list[LoggedEvent]:
    """Read every Door Lock Logging record and return those from `start` to `end`."""
    from zwave_js_server.const import CommandClass

    cc = CommandClass.DOOR_LOCK_LOGGING
    count = await run(node.async_invoke_cc_api(cc, "getRecordsCount", wait_for_result=True))
    found: list[LoggedEvent] = []
    for number in range(1, count + 1 if isinstance(count, int) else 1):
        record = await run(node.async_invoke_cc_api(cc, "getRecord", number, wait_for_result=True))
        event = logged_event(record) if isinstance(record, Mapping) else None
        if event is not None and start <= event.at <= end:
            found.append(event)
    return sorted(found, key=lambda e: e.at)
