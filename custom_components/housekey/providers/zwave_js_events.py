"""What a Z-Wave lock reports, normalized: its User Code values, notifications and alarms.

The driver's User Code values become Housekey's three-valued slot reads. Accesses,
alarms and codes changed at the lock arrive as Notification CC Access Control / Home
Security events on the Home Assistant bus (`zwave_js_notification`) or, on older
locks, as the vendor `alarmType` / `alarmLevel` pair of a V1 alarm; `NodeReports`
follows both for one node and turns them into Housekey's reports. providers/zwave_js.py
finds the node and attaches it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import Event, callback
from homeassistant.helpers import entity_registry as er

from .base import (
    EMPTY_SLOT,
    AccessEvent,
    AlarmKind,
    LockAlarm,
    LockProvider,
    LockReport,
    Method,
    Outcome,
    ReportCallback,
    SlotChanged,
    SlotRead,
    SlotState,
)

if TYPE_CHECKING:
    from zwave_js_server.model.node import Node as ZwaveNode
    from zwave_js_server.model.value import Value as ZwaveValue

NOTIFICATION_EVENT: Final = "zwave_js_notification"
CC_USER_CODE: Final = 0x63
CC_NOTIFICATION: Final = 0x71

# User Code CC user id status
STATUS_AVAILABLE: Final = 0
STATUS_ENABLED: Final = 1
STATUS_NOT_AVAILABLE: Final = 0xFE

# Notification CC types
ACCESS_CONTROL: Final = 6
HOME_SECURITY: Final = 7

#: One User Code Report updates a slot's status and code as two value updates a few
#: milliseconds apart; slot changes are gathered this long so the slot is read once.
GATHER: Final = 0.1

# Access Control events (Notification CC type 6) that are unlock attempts.
ACCESS_CONTROL_ACCESS: Final[dict[int, tuple[Outcome, Method]]] = {
    2: (Outcome.GRANTED, Method.MANUAL),  # manual unlock operation
    4: (Outcome.GRANTED, Method.RF),  # RF (Z-Wave command) unlock operation
    6: (Outcome.GRANTED, Method.KEYPAD),  # keypad unlock operation
    20: (Outcome.DENIED, Method.RF),  # unlock by RF with invalid user code
    34: (Outcome.GRANTED, Method.KEYPAD),  # unlock operation with user code
    36: (Outcome.GRANTED, Method.UNKNOWN),  # credential unlock/open operation
    47: (Outcome.DENIED, Method.KEYPAD),  # valid credential, user disabled
    48: (Outcome.DENIED, Method.KEYPAD),  # valid credential, schedule inactive
    49: (Outcome.DENIED, Method.KEYPAD),  # valid credential, not enough credentials
    50: (Outcome.DENIED, Method.KEYPAD),  # invalid credential used
}
# Access Control events that are the lock's own lockout after too many wrong codes.
_ACCESS_CONTROL_BRUTE_FORCE: Final = frozenset({16, 19})  # keypad disabled, code limit
# Access Control events that say one user code changed; zwave-js puts the user id of the
# encapsulated User Code Report in `parameters.userId`.
_ACCESS_CONTROL_CODE_CHANGED: Final = frozenset({13, 14})  # single deleted, new code added
# Access Control event that says every user code is gone (no user id).
ACCESS_CONTROL_ALL_CODES_DELETED: Final = 12

# Vendor alarmType values of V1 alarms (Kwikset / Yale / Schlage convention), where
# alarmLevel carries the user id for keypad operations.
_ALARM_ACCESS: Final[dict[int, tuple[Outcome, Method]]] = {
    19: (Outcome.GRANTED, Method.KEYPAD),  # unlocked at the keypad by user <alarmLevel>
    22: (Outcome.GRANTED, Method.MANUAL),  # unlocked manually
    25: (Outcome.GRANTED, Method.RF),  # unlocked over Z-Wave
}
_ALARM_TAMPER: Final = 161  # level 1: keypad attempts exceeded; 2: escutcheon removed
_ALARM_CODE_CHANGED: Final = frozenset({33, 112})  # user <alarmLevel> deleted / added


def report_from_notification(data: Mapping[str, Any]) -> LockReport | None:
    """Normalize one `zwave_js_notification` event (Notification CC) to a report."""
    if data.get("command_class") != CC_NOTIFICATION:
        return None
    kind, event = data.get("type"), data.get("event")
    params = data.get("parameters")
    user = params.get("userId") if isinstance(params, Mapping) else None
    slot = user if isinstance(user, int) and user > 0 else None
    if kind == ACCESS_CONTROL:
        if event in _ACCESS_CONTROL_CODE_CHANGED:
            return SlotChanged(slot) if slot is not None else None
        if event in _ACCESS_CONTROL_BRUTE_FORCE:
            return LockAlarm(AlarmKind.BRUTE_FORCE, str(data.get("event_label") or ""))
        if event in ACCESS_CONTROL_ACCESS:
            outcome, method = ACCESS_CONTROL_ACCESS[event]
            return AccessEvent(outcome, method, slot)
    elif kind == HOME_SECURITY:
        if event == 3:  # tampering, product cover removed
            return LockAlarm(AlarmKind.TAMPER, str(data.get("event_label") or ""))
        if event == 4:  # tampering, invalid code
            return AccessEvent(Outcome.DENIED, Method.KEYPAD)
    return None


def report_from_alarm(alarm_type: Any, alarm_level: Any) -> LockReport | None:
    """Normalize a vendor V1 alarm (alarmType, alarmLevel) to a report."""
    if alarm_type in _ALARM_ACCESS:
        outcome, method = _ALARM_ACCESS[alarm_type]
        slot = alarm_level if method is Method.KEYPAD and isinstance(alarm_level, int) else None
        return AccessEvent(outcome, method, slot if slot else None)
    if alarm_type in _ALARM_CODE_CHANGED:
        return SlotChanged(alarm_level) if isinstance(alarm_level, int) and alarm_level else None
    if alarm_type == _ALARM_TAMPER:
        if alarm_level == 1:
            return LockAlarm(AlarmKind.BRUTE_FORCE, "keypad attempts exceeded")
        return LockAlarm(AlarmKind.TAMPER, f"alarm level {alarm_level}")
    return None


def all_codes_deleted(data: Mapping[str, Any]) -> bool:
    """Return whether a notification says the lock deleted every user code."""
    return (
        data.get("command_class") == CC_NOTIFICATION
        and data.get("type") == ACCESS_CONTROL
        and data.get("event") == ACCESS_CONTROL_ALL_CODES_DELETED
    )


# ---- the node's User Code values --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodeSlot:
    """The driver's view of one slot: the status and code values (None when unknown)."""

    status: Any
    code: Any
    code_value: ZwaveValue | None


def code_slots(node: ZwaveNode) -> dict[int, CodeSlot]:
    """Index the node's User Code values (root endpoint) by Z-Wave user id."""
    status: dict[int, Any] = {}
    codes: dict[int, ZwaveValue] = {}
    for value in node.values.values():
        if value.command_class != CC_USER_CODE or (value.endpoint or 0) != 0:
            continue
        key = value.property_key
        if not isinstance(key, int):
            continue
        if value.property_ == "userIdStatus":
            status[key] = value.value
        elif value.property_ == "userCode":
            codes[key] = value
    return {
        slot: CodeSlot(status.get(slot), codes[slot].value, codes[slot]) for slot in sorted(codes)
    }


def code_text(code: Any) -> str | None:
    """Return a code as text; buffers (raw bytes the lock sent) are decoded when ASCII."""
    raw: list[int] | None = None
    if isinstance(code, str) and code.lstrip().startswith("{"):
        text: str = code
        try:
            code = json.loads(text)
        except ValueError:
            return text
    if isinstance(code, Mapping) and code.get("type") == "Buffer":
        raw = list(code.get("data") or [])
    elif isinstance(code, bytes | bytearray):
        raw = list(code)
    if raw is not None:
        return bytes(raw).decode("ascii") if all(32 <= b < 127 for b in raw) else None
    return str(code) if isinstance(code, str) else None


def is_masked(text: str | None) -> bool:
    """Return whether a code is the lock's mask ("**********") rather than digits."""
    return bool(text) and set(str(text)) == {"*"}


def slot_read(status: Any, code: Any) -> SlotRead:
    """Turn the driver's status and code for one slot into Housekey's three-valued read.

    Locks that hide codes (Schlage: "**********") read as MASKED, and so do codes the
    lock holds as bytes that are not digits: occupied, but not comparable to a PIN.
    """
    if status is None and code is None:
        return SlotRead(SlotState.UNKNOWN)
    if status == STATUS_NOT_AVAILABLE:
        return SlotRead(SlotState.UNKNOWN)
    text = code_text(code)
    if status == STATUS_AVAILABLE or (status is None and text == ""):
        return EMPTY_SLOT
    if not text:
        return SlotRead(SlotState.MASKED)
    if text.isascii() and text.isdigit():
        return SlotRead(SlotState.KNOWN, text)
    return SlotRead(SlotState.MASKED)


def reports_access_control(node: ZwaveNode) -> bool:
    """Return whether the lock has Notification CC Access Control state values."""
    return any(
        v.command_class == CC_NOTIFICATION and v.property_ == "Access Control"
        for v in node.values.values()
    )


def uses_v1_alarm(node: ZwaveNode) -> bool:
    """Return whether accesses arrive only as V1 alarmType / alarmLevel values."""
    has_alarm = any(
        v.command_class == CC_NOTIFICATION and v.property_ == "alarmLevel"
        for v in node.values.values()
    )
    return has_alarm and not reports_access_control(node)


# ---- following one node -----------------------------------------------------------------


class NodeReports:
    """One subscription to a node's reports (the node object lives until its entry reloads).

    A slot changed at the lock arrives three ways, all turned into SlotChanged: an
    Access Control notification (new code added, single code deleted, all codes
    deleted), a vendor V1 alarm (Kwikset/Yale 112 / 33), or the driver's value update
    for that slot when the lock sends an unsolicited User Code Report.
    """

    def __init__(self, provider: LockProvider, node: ZwaveNode, on_report: ReportCallback) -> None:
        self._provider = provider
        self._hass = provider.hass
        self._on_report = on_report
        entity = er.async_get(self._hass).async_get(provider.entity_id)
        self._device_id = entity.device_id if entity is not None else None
        self._node = node
        self._changed: set[int] = set()
        #: slots the node's values showed occupied since the last "all user codes
        #: deleted": zwave-js 15 empties its own copy of every slot before it passes
        #: that notification on (value updates that may look like echoes of
        #: Housekey's own writes), so the slots to re-read are the ones known before.
        self._occupied = _occupied_slots(node)
        self._flushing: asyncio.TimerHandle | None = None
        self._unsubs: list[Callable[[], None]] = [
            self._hass.bus.async_listen(NOTIFICATION_EVENT, self._notification),
            node.on("value updated", self._value_updated),
        ]

    @callback
    def unsubscribe(self) -> None:
        """Undo every subscription and drop what was not delivered yet."""
        while self._unsubs:
            self._unsubs.pop()()
        if self._flushing is not None:
            self._flushing.cancel()
            self._flushing = None
        self._changed.clear()

    # ---- reports ----------------------------------------------------------------------

    @callback
    def _report(self, report: LockReport) -> None:
        if isinstance(report, SlotChanged):
            self._slot_changed(report.slot)
        else:
            self._on_report(report)

    @callback
    def _slot_changed(self, slot: int, *, echo_possible: bool = True) -> None:
        """Report a slot once for one lock report (its status and code update together).

        Housekey's own echoes, and slots the node has no User Code values for (a read
        of them would fail), are left out.
        """
        if slot not in code_slots(self._node):
            return
        if echo_possible and self._provider.is_echo(slot):
            return
        self._changed.add(slot)
        if self._flushing is None:
            self._flushing = self._hass.loop.call_later(GATHER, self._flush)

    @callback
    def _flush(self) -> None:
        self._flushing = None
        slots = sorted(self._changed)
        self._changed.clear()
        for slot in slots:
            self._on_report(SlotChanged(slot))

    @callback
    def _notification(self, event: Event[dict[str, Any]]) -> None:
        if self._device_id is None or event.data.get("device_id") != self._device_id:
            return
        report = report_from_notification(event.data)
        if report is not None:
            self._report(report)
        elif all_codes_deleted(event.data):
            # No user id: every slot known occupied may have changed.
            # Housekey never deletes every code, so this is no echo of its own.
            for slot in sorted(self._occupied | _occupied_slots(self._node)):
                self._slot_changed(slot, echo_possible=False)
            self._occupied = _occupied_slots(self._node)

    @callback
    def _value_updated(self, event: dict[str, Any]) -> None:
        value = event.get("value")
        node = self._node
        if value is None:
            return
        if value.command_class == CC_USER_CODE:
            self._occupied |= _occupied_slots(node)
            if _user_code_changed(value, event.get("args")):
                self._slot_changed(value.property_key)
            return
        if value.command_class != CC_NOTIFICATION or value.property_ != "alarmLevel":
            return
        if not uses_v1_alarm(node):
            return
        alarm_type = next(
            (
                v.value
                for v in node.values.values()
                if v.command_class == CC_NOTIFICATION and v.property_ == "alarmType"
            ),
            None,
        )
        report = report_from_alarm(alarm_type, value.value)
        if report is not None:
            self._report(report)


def _occupied_slots(node: ZwaveNode) -> set[int]:
    """Return the slots the node's User Code values show occupied."""
    return {
        slot
        for slot, entry in code_slots(node).items()
        if slot_read(entry.status, entry.code).occupied
    }


def _user_code_changed(value: ZwaveValue, args: Any) -> bool:
    """Return whether a value update changed a slot's User Code status or code.

    The driver also updates a value when a report repeats what it held (every read);
    only a different value is a change.
    """
    return (
        (value.endpoint or 0) == 0
        and value.property_ in ("userCode", "userIdStatus")
        and isinstance(value.property_key, int)
        and isinstance(args, Mapping)
        and args.get("prevValue") != args.get("newValue")
    )
