"""Z-Wave JS: PIN slots through Home Assistant's own zwave_js integration.

The lock is reached as Home Assistant reaches it: the entity registry entry of the
lock gives its device, the device gives the Z-Wave home and node id, and the
zwave_js config entry holds the websocket client whose driver model has the node
(`zwave_client` is the one place that knows where each release keeps that
client). Codes live in the User Code command class: slot N is Z-Wave user id N
(both 1-based). What the driver knows about a slot comes from the lock's own User
Code Reports (at interview with `queryAllUserCodes`, and whenever the lock reports
a change); a write is confirmed by Supervision where the lock supports it, and
otherwise by reading the slot back from the lock (one User Code Get). Accesses
arrive as Notification CC Access Control events on the Home Assistant bus
(`zwave_js_notification`), or, on older locks, as the vendor `alarmType` /
`alarmLevel` pair of a V1 alarm. A code added, changed or deleted at the lock itself
becomes SlotChanged (Access Control 12/13/14, V1 alarms 33/112, or the driver's value
update from an unsolicited User Code Report), so the sync engine reads that slot back at
once; the lock's reports of Housekey's own writes are recognised as echoes and dropped.

Home Assistant 2026.6 added official Z-Wave user and credential actions; where they
exist they are preferred for writes and clears (a presence check of the action).

zwave-js-server-python is only installed when Home Assistant set up zwave_js, so it
is imported lazily, never at module import time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, State, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event

from .base import (
    EMPTY_SLOT,
    AccessEvent,
    AlarmKind,
    AvailabilityCallback,
    Capabilities,
    LockAlarm,
    LockProvider,
    LockReport,
    LockUnavailable,
    Method,
    Outcome,
    OwnChanges,
    ProviderError,
    Readback,
    ReportCallback,
    SlotChanged,
    SlotRead,
    SlotState,
    WriteResult,
)

if TYPE_CHECKING:
    from zwave_js_server.client import Client as ZwaveClient
    from zwave_js_server.model.node import Node as ZwaveNode
    from zwave_js_server.model.value import Value as ZwaveValue

_LOGGER = logging.getLogger(__name__)

DOMAIN: Final = "zwave_js"
NOTIFICATION_EVENT: Final = "zwave_js_notification"

CC_SCHEDULE_ENTRY_LOCK: Final = 0x4E
CC_USER_CODE: Final = 0x63
CC_CONFIGURATION: Final = 0x70
CC_NOTIFICATION: Final = 0x71

# User Code CC user id status
STATUS_AVAILABLE: Final = 0
STATUS_NOT_AVAILABLE: Final = 0xFE

# Notification CC types
ACCESS_CONTROL: Final = 6
HOME_SECURITY: Final = 7

# Set value result statuses (zwave-js SetValueStatus)
SET_WORKING: Final = 1
SET_SUCCESS_UNSUPERVISED: Final = 254
SET_SUCCESS: Final = 255

#: zwave-js error codes that mean "the node did not answer" rather than "it refused"
NODE_UNREACHABLE_ERRORS: Final = frozenset({200, 201, 202, 204, 205})

#: User Code CC v1 has no capabilities report; the command class allows 4 to 10 digits.
USER_CODE_MIN: Final = 4
USER_CODE_MAX: Final = 10

#: Manufacturers whose locks answer User Code Get with "**********" instead of the code
#: (Allegion/Schlage, e.g. BE469). Used only until a read shows it directly.
MASKING_MANUFACTURERS: Final = frozenset({0x003B})

# Access Control events (Notification CC type 6) that are unlock attempts.
_ACCESS_CONTROL_ACCESS: Final[dict[int, tuple[Outcome, Method]]] = {
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

#: One User Code Report updates a slot's status and code as two value updates a few
#: milliseconds apart; slot changes are gathered this long so the slot is read once.
GATHER: Final = 0.1

#: Seconds after Housekey's own write or clear of a slot during which the lock's report
#: of that slot is taken as the echo of the write, not as a change made at the lock.
OWN_ECHO: Final = 2.0

#: Labels of the configuration parameters that set a keypad's own wrong-code limit and
#: lockout, as zwave-js's device database names them (Yale: "Wrong Code Limit" and
#: "Wrong Code Lockout Time"; the Yale YRL220 profile: "Wrong Code Entry Limit" and
#: "Shutdown Time") and as self-describing (Configuration v3+) locks report them.
#: Schlage's BE469 has neither parameter.
WRONG_CODE_LIMIT_LABELS: Final = frozenset({"wrong code limit", "wrong code entry limit"})
WRONG_CODE_LOCKOUT_LABELS: Final = frozenset({"wrong code lockout time", "shutdown time"})

# Official credential actions of Home Assistant's zwave_js (2026.6+).
SERVICE_SET_USER: Final = "set_user"
SERVICE_SET_CREDENTIAL: Final = "set_credential"
SERVICE_GET_USERS: Final = "get_users"
SERVICE_DELETE_USER: Final = "delete_user"
PIN_CODE: Final = "pin_code"


# ---- reaching the node -------------------------------------------------------------------


def zwave_client(hass: HomeAssistant, entry: ConfigEntry) -> ZwaveClient | None:
    """Return the websocket client a loaded zwave_js config entry holds.

    The integration keeps it in `entry.runtime_data.client`; this is the only place that
    knows.
    """
    client: ZwaveClient | None = getattr(getattr(entry, "runtime_data", None), "client", None)
    return client


@callback
def zwave_node(hass: HomeAssistant, entity_id: str) -> ZwaveNode | None:
    """Return the Z-Wave JS node behind a lock entity, or None when it is out of reach."""
    entity = er.async_get(hass).async_get(entity_id)
    if entity is None or entity.platform != DOMAIN or entity.device_id is None:
        return None
    device = dr.async_get(hass).async_get(entity.device_id)
    if device is None:
        return None
    ident = next((value for domain, value in device.identifiers if domain == DOMAIN), None)
    if ident is None:
        return None
    home_id, _, rest = ident.partition("-")
    node_id = rest.partition("-")[0]
    if not node_id.isdigit():
        return None
    # The lock entity's own config entry is the zwave_js entry that drives the node.
    entry_id = entity.config_entry_id
    entry = hass.config_entries.async_get_entry(entry_id) if entry_id else None
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    client = zwave_client(hass, entry)
    driver = getattr(client, "driver", None)
    if client is None or driver is None or not client.connected:
        return None
    if str(driver.controller.home_id) != home_id:
        return None
    node: ZwaveNode | None = driver.controller.nodes.get(int(node_id))
    return node


# ---- reading the node's User Code values ------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CodeSlot:
    """The driver's view of one slot: the status and code values (None when unknown)."""

    status: Any
    code: Any
    code_value: ZwaveValue | None


def _code_slots(node: ZwaveNode) -> dict[int, _CodeSlot]:
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
        slot: _CodeSlot(status.get(slot), codes[slot].value, codes[slot]) for slot in sorted(codes)
    }


def _code_text(code: Any) -> str | None:
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


def _is_masked(text: str | None) -> bool:
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
    text = _code_text(code)
    if status == STATUS_AVAILABLE or (status is None and text == ""):
        return EMPTY_SLOT
    if not text:
        return SlotRead(SlotState.MASKED)
    if text.isascii() and text.isdigit():
        return SlotRead(SlotState.KNOWN, text)
    return SlotRead(SlotState.MASKED)


def _pin_range(slots: dict[int, _CodeSlot]) -> tuple[int, int]:
    """Read the PIN length range from the code values' metadata (4-10 when absent)."""
    for slot in slots.values():
        if slot.code_value is None:
            continue
        meta = slot.code_value.metadata.data
        low, high = meta.get("minLength"), meta.get("maxLength")
        if isinstance(low, int) and isinstance(high, int) and 0 < low <= high:
            return low, high
    return USER_CODE_MIN, USER_CODE_MAX


def _supports_cc(node: ZwaveNode, cc: int) -> bool:
    """Return whether the node's root endpoint supports a command class."""
    try:
        if any(info.id == cc for info in node.command_classes):
            return True
    except KeyError:  # older dumps list no command classes; the values still tell
        pass
    return any(v.command_class == cc for v in node.values.values())


def _wrong_code_parameters(node: ZwaveNode) -> dict[str, ZwaveValue]:
    """Return the writable wrong-code "limit" and "lockout" configuration values found."""
    found: dict[str, ZwaveValue] = {}
    for value in node.values.values():
        if value.command_class != CC_CONFIGURATION or value.metadata.writeable is False:
            continue
        label = (value.metadata.label or "").strip().casefold()
        if label in WRONG_CODE_LIMIT_LABELS:
            found.setdefault("limit", value)
        elif label in WRONG_CODE_LOCKOUT_LABELS:
            found.setdefault("lockout", value)
    return found


def _reports_access_control(node: ZwaveNode) -> bool:
    """Return whether the lock has Notification CC Access Control state values."""
    return any(
        v.command_class == CC_NOTIFICATION and v.property_ == "Access Control"
        for v in node.values.values()
    )


def _uses_v1_alarm(node: ZwaveNode) -> bool:
    """Return whether accesses arrive only as V1 alarmType / alarmLevel values."""
    has_alarm = any(
        v.command_class == CC_NOTIFICATION and v.property_ == "alarmLevel"
        for v in node.values.values()
    )
    return has_alarm and not _reports_access_control(node)


async def _internal_value(node: ZwaveNode, cc: int, prop: str, key: int | None = None) -> Any:
    """Read a value the driver keeps but does not list (supportedUsers, supported events).

    It comes from the driver's cache; nothing is sent to the lock.
    """
    from zwave_js_server.exceptions import BaseZwaveJSServerError

    value_id: dict[str, Any] = {"commandClass": cc, "endpoint": 0, "property": prop}
    if key is not None:
        value_id["propertyKey"] = key
    try:
        result = await node.client.async_send_command(
            {"command": "node.get_value", "nodeId": node.node_id, "valueId": value_id}
        )
    except (BaseZwaveJSServerError, TypeError, AttributeError):
        return None
    return result.get("value") if isinstance(result, Mapping) else None


# ---- access events ----------------------------------------------------------------------


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
        if event in _ACCESS_CONTROL_ACCESS:
            outcome, method = _ACCESS_CONTROL_ACCESS[event]
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


# ---- the provider -----------------------------------------------------------------------


class ZwaveJsProvider(LockProvider):
    """PIN slots of a Z-Wave lock, through Home Assistant's zwave_js integration."""

    backend = "zwave_js"
    #: a battery lock's radio is the bottleneck; zwave-js queues, this only spaces commands
    pacing = 0.25

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind to a zwave_js lock entity."""
        super().__init__(hass, entity_id)
        self._seen_masked = False
        #: slot -> loop time until which a report of it is Housekey's own echo
        self._own = OwnChanges()

    # ---- what Home Assistant knows ----------------------------------------------------

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Refuse Z-Wave locks without user codes (a node out of reach is not refused)."""
        node = zwave_node(hass, entity_id)
        if node is None or _code_slots(node) or _credential_actions(hass):
            return None
        return "no_user_codes"

    @property
    def available(self) -> bool:
        """The node is known to a connected driver and interviewed.

        A node the driver presumed dead still counts: the next command pings it
        first, which is how a dead lock is found alive again.
        """
        node = zwave_node(self.hass, self.entity_id)
        return node is not None and bool(node.ready)

    def _node(self) -> ZwaveNode:
        node = zwave_node(self.hass, self.entity_id)
        if node is None or not node.ready:
            raise LockUnavailable(f"{self.entity_id}: Z-Wave node not reachable")
        return node

    async def _reachable_node(self) -> ZwaveNode:
        """Return the node, pinging it first when the driver presumes it dead."""
        from zwave_js_server.const import NodeStatus

        node = self._node()
        if node.status == NodeStatus.DEAD and not await self._run(node.async_ping()):
            raise LockUnavailable(f"{self.entity_id}: the lock does not answer")
        return node

    def is_echo(self, slot: int) -> bool:
        """Return whether a report of this slot is the echo of Housekey's own command.

        The lock reports what Housekey writes or reads like any other change (the
        driver's value updates, and some locks send "New user code added" for a code
        set over Z-Wave too); those echoes must not come back as SlotChanged.
        """
        return self._own.recent(slot)

    async def _run[T](self, command: Coroutine[Any, Any, T]) -> T:
        """Run one command, translating zwave-js failures to the provider's errors."""
        from zwave_js_server.exceptions import (
            BaseZwaveJSServerError,
            FailedZWaveCommand,
            NotFoundError,
        )

        try:
            return await command
        except NotFoundError as err:
            raise ProviderError(f"{self.entity_id}: {err}") from err
        except FailedZWaveCommand as err:
            if err.zwave_error_code in NODE_UNREACHABLE_ERRORS:
                raise LockUnavailable(f"{self.entity_id}: {err.zwave_error_message}") from err
            raise ProviderError(f"{self.entity_id}: {err.zwave_error_message}") from err
        except BaseZwaveJSServerError as err:
            raise LockUnavailable(f"{self.entity_id}: {type(err).__name__}") from err

    # ---- capabilities -----------------------------------------------------------------

    async def async_capabilities(self) -> Capabilities:
        """Read slots, PIN lengths, readback, schedules and reported methods from the node."""
        node = self._node()
        slots = _code_slots(node)
        count = await _internal_value(node, CC_USER_CODE, "supportedUsers")
        if not isinstance(count, int) or count <= 0:
            count = len(slots)
        if count <= 0 and _credential_actions(self.hass):
            return await self._credential_capabilities()
        if count <= 0:
            raise ProviderError(f"{self.entity_id}: the lock reports no user code slots")
        pin_min, pin_max = _pin_range(slots)
        masked = self._seen_masked or any(_is_masked(_code_text(s.code)) for s in slots.values())
        self._seen_masked = masked
        readback = (
            Readback.MASKED
            if masked or node.manufacturer_id in MASKING_MANUFACTURERS
            else Readback.FULL
        )
        return Capabilities(
            slots=count,
            pin_min=pin_min,
            pin_max=pin_max,
            readback=readback,
            schedules=_supports_cc(node, CC_SCHEDULE_ENTRY_LOCK),
            methods=await self._methods(node),
        )

    async def _methods(self, node: ZwaveNode) -> frozenset[Method]:
        """Return the unlock methods the lock reports, from its supported notifications."""
        if _uses_v1_alarm(node):
            return frozenset({Method.KEYPAD})  # the one vendor alarm every keypad lock sends
        events = await _internal_value(
            node, CC_NOTIFICATION, "supportedNotificationEvents", ACCESS_CONTROL
        )
        if isinstance(events, list):
            return frozenset(
                method
                for event, (outcome, method) in _ACCESS_CONTROL_ACCESS.items()
                if event in events and outcome is Outcome.GRANTED and method is not Method.UNKNOWN
            )
        if _reports_access_control(node):
            return frozenset({Method.KEYPAD})
        return frozenset()

    # ---- reads ------------------------------------------------------------------------

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot from the lock itself (one User Code Get)."""
        node = await self._reachable_node()
        return await self._read_from_lock(node, slot)

    async def _read_from_lock(self, node: ZwaveNode, slot: int) -> SlotRead:
        """Ask the lock for one slot (User Code Get) and use its answer.

        The answer is taken from the command's response, not from the driver's value
        cache: the value-updated event may reach us after the response does.
        """
        from zwave_js_server.const import CommandClass

        if slot not in _code_slots(node):
            raise ProviderError(f"{self.entity_id}: no user code slot {slot}")
        with self._own.during(slot, 0.0):
            response = await self._run(
                node.async_invoke_cc_api(CommandClass.USER_CODE, "get", slot, wait_for_result=True)
            )
        if isinstance(response, Mapping) and "userIdStatus" in response:
            read = slot_read(response.get("userIdStatus"), response.get("userCode"))
        elif response is None:
            raise LockUnavailable(f"{self.entity_id}: no answer for slot {slot}")
        else:
            current = _code_slots(node)[slot]
            read = slot_read(current.status, current.code)
        return self._note(read)

    async def async_read_slots(self, slots: range) -> dict[int, SlotRead]:
        """Read many slots from the driver's copy, asking the lock only for unknown ones.

        The driver read every code at interview and updates a slot whenever the lock
        reports it, so this costs no radio traffic in the common case.
        """
        node = await self._reachable_node()
        known = _code_slots(node)
        reads: dict[int, SlotRead] = {}
        for slot in slots:
            entry = known.get(slot)
            read = slot_read(entry.status, entry.code) if entry else SlotRead(SlotState.UNKNOWN)
            if read.state is SlotState.UNKNOWN and entry is not None:
                read = await self._read_from_lock(node, slot)
            reads[slot] = self._note(read)
        return reads

    def _note(self, read: SlotRead) -> SlotRead:
        if read.state is SlotState.MASKED:
            self._seen_masked = True
        return read

    # ---- writes -----------------------------------------------------------------------

    async def async_write_code(self, slot: int, code: str) -> WriteResult:
        """Store a code in slot `slot` (Z-Wave user id `slot`) and confirm it."""
        node = await self._reachable_node()
        if not _code_slots(node) and _credential_actions(self.hass):
            # A User Credential lock: only the official action reaches it. Housekey's
            # recorder filter redacts the code from the recorded call_service event.
            return await self._credential_write(slot, code)
        value = self._code_value(node, slot)
        with self._own.during(slot, OWN_ECHO):
            result = await self._run(node.async_set_value(value, code, wait_for_result=True))
            return await self._confirm(node, slot, code, result)

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty slot `slot` (user id status Available) and confirm it."""
        node = await self._reachable_node()
        if not _code_slots(node) and _credential_actions(self.hass):
            return await self._credential_clear(slot)
        status = next(
            (
                v
                for v in node.values.values()
                if v.command_class == CC_USER_CODE
                and (v.endpoint or 0) == 0
                and v.property_ == "userIdStatus"
                and v.property_key == slot
            ),
            None,
        )
        if status is None:
            raise ProviderError(f"{self.entity_id}: no user code slot {slot}")
        with self._own.during(slot, OWN_ECHO):
            result = await self._run(
                node.async_set_value(status, STATUS_AVAILABLE, wait_for_result=True)
            )
            return await self._confirm(node, slot, None, result)

    def _code_value(self, node: ZwaveNode, slot: int) -> ZwaveValue:
        entry = _code_slots(node).get(slot)
        if entry is None or entry.code_value is None:
            raise ProviderError(f"{self.entity_id}: no user code slot {slot}")
        return entry.code_value

    async def _confirm(
        self, node: ZwaveNode, slot: int, code: str | None, result: Any
    ) -> WriteResult:
        """Decide whether the lock holds what was written.

        Supervision success is the lock's own confirmation. Without it, the slot is
        read back from the lock; a lock that silently refused (a duplicate code, a
        length it does not take) shows the old content and the write fails.
        """
        if result is None:
            # the driver gave up on the node while the command was under way
            raise LockUnavailable(f"{self.entity_id}: the lock stopped answering")
        status = getattr(result, "status", None)
        if status == SET_SUCCESS:
            return WriteResult.CONFIRMED
        if status not in (SET_WORKING, SET_SUCCESS_UNSUPERVISED):
            raise ProviderError(
                f"{self.entity_id}: the lock refused the change to slot {slot} ({result!r})"
            )
        read = await self._read_from_lock(node, slot)
        if code is None:
            if read.state is SlotState.EMPTY:
                return WriteResult.CONFIRMED
        elif read.state is SlotState.KNOWN and read.code == code:
            return WriteResult.CONFIRMED
        elif read.state is SlotState.MASKED:
            return WriteResult.SENT  # occupied, digits hidden: the engine knows masked
        raise ProviderError(f"{self.entity_id}: slot {slot} does not hold what was written")

    # ---- the keypad's own wrong-code limit --------------------------------------------

    async def async_harden_keypad(self, limit: int, lockout_s: int) -> bool:
        """Set the lock's wrong-code limit and lockout configuration parameters, if it has them.

        The parameters are found by label (their numbers differ between models) and
        written with the node's `async_set_value` on the Configuration CC value, within
        the range the parameter declares; values already in place cost nothing.
        """
        node = await self._reachable_node()
        found = _wrong_code_parameters(node)
        for value, wanted in ((found.get("limit"), limit), (found.get("lockout"), lockout_s)):
            if value is None:
                continue
            meta = value.metadata
            target = max(wanted, meta.min) if meta.min is not None else wanted
            target = min(target, meta.max) if meta.max is not None else target
            if value.value == target:
                continue
            result = await self._run(node.async_set_value(value, target, wait_for_result=True))
            if result is None:
                raise LockUnavailable(f"{self.entity_id}: the lock stopped answering")
            if getattr(result, "status", None) not in (
                SET_WORKING,
                SET_SUCCESS_UNSUPERVISED,
                SET_SUCCESS,
            ):
                raise ProviderError(f"{self.entity_id}: the lock refused {meta.label}")
        return bool(found)

    # ---- Home Assistant 2026.6+ credential actions ------------------------------------

    async def _call(self, service: str, data: dict[str, Any], response: bool) -> Any:
        try:
            return await self.hass.services.async_call(
                DOMAIN,
                service,
                {"entity_id": self.entity_id, **data},
                blocking=True,
                return_response=response,
            )
        except HomeAssistantError as err:
            raise ProviderError(f"{self.entity_id}: zwave_js.{service} failed") from err

    async def _credential_write(self, slot: int, code: str) -> WriteResult:
        """Write PIN credential `slot` of user `slot` through the official zwave_js actions.

        An existing user gets its PIN from set_credential. A user that does not exist yet
        is made by set_user without a user id, with the PIN in the same call (zwave-js
        addUser: many locks store a user and its code only together), and the lock takes
        the first free user id. A new user that did not land in `slot` is deleted again:
        Housekey's slots and the lock's user ids stay the same numbers.
        """
        credential = {"credential_type": PIN_CODE, "credential_data": code}
        if slot in await self._credential_users():
            await self._call(
                SERVICE_SET_CREDENTIAL,
                {"user_id": slot, "credential_slot": slot, **credential},
                response=True,
            )
            return WriteResult.SENT
        created = self._own_response(await self._call(SERVICE_SET_USER, credential, response=True))
        user_id = created.get("user_id")
        if user_id != slot:
            if isinstance(user_id, int):
                await self._call(SERVICE_DELETE_USER, {"user_id": user_id}, response=False)
            raise ProviderError(
                f"{self.entity_id}: the lock put the new user elsewhere than {slot}"
            )
        return WriteResult.SENT

    async def _credential_users(self) -> set[int]:
        """Return the user ids the lock holds (zwave_js.get_users)."""
        users = self._own_response(await self._call(SERVICE_GET_USERS, {}, response=True))
        return {
            int(user["user_id"])
            for user in users.get("users") or []
            if isinstance(user, Mapping) and isinstance(user.get("user_id"), int)
        }

    def _own_response(self, response: Any) -> Mapping[str, Any]:
        """Return this entity's part of an entity action's response."""
        if not isinstance(response, Mapping):
            return {}
        mine = response.get(self.entity_id, response)
        return mine if isinstance(mine, Mapping) else {}

    async def _credential_clear(self, slot: int) -> WriteResult:
        await self._call(SERVICE_DELETE_USER, {"user_id": slot}, response=False)
        return WriteResult.SENT

    async def _credential_capabilities(self) -> Capabilities:
        """Capabilities from zwave_js.get_credential_capabilities (User Credential locks)."""
        mine = self._own_response(
            await self._call("get_credential_capabilities", {}, response=True)
        )
        pin = (mine.get("supported_credential_types") or {}).get(PIN_CODE) or {}
        return Capabilities(
            slots=int(mine.get("max_users") or 0),
            pin_min=int(pin.get("min_length") or USER_CODE_MIN),
            pin_max=int(pin.get("max_length") or USER_CODE_MAX),
            readback=Readback.NONE,
            methods=frozenset({Method.KEYPAD}),
        )

    # ---- reports ----------------------------------------------------------------------

    def async_listen(
        self, on_report: ReportCallback, on_availability: AvailabilityCallback
    ) -> Callable[[], None]:
        """Deliver accesses, alarms, slot changes and availability changes of this lock."""
        return _Listener(self, on_report, on_availability).unsubscribe


class _Listener:
    """One subscription to a lock's reports; follows the node object across reloads.

    A slot changed at the lock arrives three ways, all turned into SlotChanged: an
    Access Control notification (new code added, single code deleted, all codes
    deleted), a vendor V1 alarm (Kwikset/Yale 112 / 33), or the driver's value update
    for that slot when the lock sends an unsolicited User Code Report.
    """

    def __init__(
        self,
        provider: ZwaveJsProvider,
        on_report: ReportCallback,
        on_availability: AvailabilityCallback,
    ) -> None:
        self._provider = provider
        self._hass = provider.hass
        self._on_report = on_report
        self._on_availability = on_availability
        entity = er.async_get(self._hass).async_get(provider.entity_id)
        self._device_id = entity.device_id if entity is not None else None
        self._node: ZwaveNode | None = None
        self._node_unsub: Callable[[], None] | None = None
        self._changed: set[int] = set()
        #: slots the node's values showed occupied since the last "all user codes
        #: deleted": zwave-js 15 empties its own copy of every slot before it passes
        #: that notification on (value updates that may look like echoes of
        #: Housekey's own writes), so the slots to re-read are the ones known before.
        self._occupied: set[int] = set()
        self._flushing: asyncio.TimerHandle | None = None
        self._unsubs = [
            self._hass.bus.async_listen(NOTIFICATION_EVENT, self._notification),
            async_track_state_change_event(self._hass, provider.entity_id, self._state_changed),
        ]
        self._attach()

    @callback
    def unsubscribe(self) -> None:
        """Undo every subscription and drop what was not delivered yet."""
        while self._unsubs:
            self._unsubs.pop()()
        self._detach()
        if self._flushing is not None:
            self._flushing.cancel()
            self._flushing = None
        self._changed.clear()

    # ---- the node ---------------------------------------------------------------------

    @callback
    def _attach(self) -> None:
        """Follow the node object: the integration replaces it when it reloads."""
        node = zwave_node(self._hass, self._provider.entity_id)
        if node is not None and node is self._node:
            return
        self._detach()
        if node is not None:
            self._node = node
            self._occupied = _occupied_slots(node)
            self._node_unsub = node.on("value updated", self._value_updated)

    @callback
    def _detach(self) -> None:
        if self._node_unsub is not None:
            self._node_unsub()
            self._node_unsub = None
        self._node = None

    @callback
    def _state_changed(self, event: Event[EventStateChangedData]) -> None:
        old: State | None = event.data["old_state"]
        new: State | None = event.data["new_state"]
        was = old is not None and old.state != STATE_UNAVAILABLE
        now = new is not None and new.state != STATE_UNAVAILABLE
        self._attach()
        if was != now:
            self._on_availability(now)

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
        node = self._node
        if node is None or slot not in _code_slots(node):
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
        elif _all_codes_deleted(event.data) and self._node is not None:
            # No user id: every slot known occupied may have changed.
            # Housekey never deletes every code, so this is no echo of its own.
            for slot in sorted(self._occupied | _occupied_slots(self._node)):
                self._slot_changed(slot, echo_possible=False)
            self._occupied = _occupied_slots(self._node)

    @callback
    def _value_updated(self, event: dict[str, Any]) -> None:
        value = event.get("value")
        node = self._node
        if value is None or node is None:
            return
        if value.command_class == CC_USER_CODE:
            self._occupied |= _occupied_slots(node)
            if _user_code_changed(value, event.get("args")):
                self._slot_changed(value.property_key)
            return
        if value.command_class != CC_NOTIFICATION or value.property_ != "alarmLevel":
            return
        if not _uses_v1_alarm(node):
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
        for slot, entry in _code_slots(node).items()
        if slot_read(entry.status, entry.code).occupied
    }


def _all_codes_deleted(data: Mapping[str, Any]) -> bool:
    """Return whether a notification says the lock deleted every user code."""
    return (
        data.get("command_class") == CC_NOTIFICATION
        and data.get("type") == ACCESS_CONTROL
        and data.get("event") == ACCESS_CONTROL_ALL_CODES_DELETED
    )


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


def _credential_actions(hass: HomeAssistant) -> bool:
    """Return whether Home Assistant offers the official Z-Wave credential actions."""
    return hass.services.has_service(DOMAIN, SERVICE_SET_USER) and hass.services.has_service(
        DOMAIN, SERVICE_DELETE_USER
    )
