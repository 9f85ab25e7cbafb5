"""Z-Wave JS: PIN slots through Home Assistant's own zwave_js integration.

The lock is reached as Home Assistant reaches it: the entity registry entry of the
lock gives its device, the device gives the Z-Wave home and node id, and the
zwave_js config entry holds the websocket client whose driver model has the node
(`zwave_client` is the one place that knows where it keeps that client). Codes
live in the User Code command class: slot N is Z-Wave user id N (both 1-based).
What the driver knows about a slot comes from the lock's own User Code Reports (at
interview with `queryAllUserCodes`, and whenever the lock reports a change); a write
is confirmed by Supervision where the lock supports it, and otherwise sent for the
sync engine to read back. Accesses arrive as Notification CC events on the Home
Assistant bus, or as vendor V1 alarms (zwave_js_events.py normalizes both). A code
added, changed or deleted at the lock itself becomes SlotChanged (Access Control
12/13/14, V1 alarms 33/112, or the driver's value update from an unsolicited User
Code Report), so the sync engine reads that slot back at once; the lock's reports of
Housekey's own writes are recognised as echoes and dropped.

On locks with Schedule Entry Lock CC (0x4E) a person's windows go on the lock through
zwave-js's command-class API (zwave_js_schedules.py converts): week-day, year-day and, on
v3, daily-repeating entries of the user id, slot ids 1..n; setting one enables the
user's schedule. An unrestricted person's user gets scheduling switched off (Enable Set)
and the entries it held erased. The CC cannot be asked whether a user's scheduling is on,
nor which kind it follows: zwave-js keeps both in its value cache as Housekey's commands
leave them, and that cache, with the entries it remembers, spares every command that
would change nothing. Read-back asks the lock for every entry of the kind the user
follows, so a lock that lost a schedule is written again.

Locks with User Credential CC instead of User Code are written through Home
Assistant's own zwave_js user and credential actions; where the lock offers disposable
users, a single-use guest is one (the lock deletes it after one opening). The lock's
clock is set and read with the command class it has for it (zwave_js_clock.py).

zwave-js-server-python is only installed when Home Assistant set up zwave_js, so it
is imported lazily, never at module import time.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, Final

from homeassistant.config_entries import ConfigEntry, ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from ..core.clock import ClockSet, LockTime
from ..core.lock_schedule import (
    NO_SCHEDULES,
    UNRESTRICTED,
    Enforcement,
    LockSchedule,
    ScheduleSupport,
)
from . import zwave_js_clock
from .base import (
    Capabilities,
    LockProvider,
    LockUnavailable,
    LoggedEvent,
    Method,
    Outcome,
    ProviderError,
    Readback,
    ReportCallback,
    SlotRead,
    SlotState,
    WriteResult,
)
from .zwave_js_events import (
    ACCESS_CONTROL,
    ACCESS_CONTROL_ACCESS,
    CC_NOTIFICATION,
    CC_USER_CODE,
    STATUS_AVAILABLE,
    STATUS_ENABLED,
    CodeSlot,
    NodeReports,
    code_slots,
    code_text,
    is_masked,
    reports_access_control,
    slot_read,
    uses_v1_alarm,
)
from .zwave_js_logging import CC_DOOR_LOCK_LOGGING, read_door_lock_log
from .zwave_js_schedules import (
    ENTRY_TYPES,
    Kind,
    ScheduleEntry,
    ScheduleWire,
    Slots,
    decode,
    encode,
)

if TYPE_CHECKING:
    from zwave_js_server.client import Client as ZwaveClient
    from zwave_js_server.model.node import Node as ZwaveNode
    from zwave_js_server.model.value import Value as ZwaveValue

DOMAIN: Final = "zwave_js"

CC_SCHEDULE_ENTRY_LOCK: Final = 0x4E
CC_USER_CREDENTIAL: Final = 0x83
CC_CONFIGURATION: Final = 0x70

#: Schedule Entry Lock CC numbers users in one byte
SCHEDULE_MAX_USER: Final = 255
#: Daily Repeating entries came with Schedule Entry Lock CC v3
DAILY_REPEATING_VERSION: Final = 3
#: the zwave-js command-class API methods that set and get one entry of each kind
SET_METHODS: Final = {
    Kind.WEEK_DAY: "setWeekDaySchedule",
    Kind.YEAR_DAY: "setYearDaySchedule",
    Kind.DAILY_REPEATING: "setDailyRepeatingSchedule",
}
GET_METHODS: Final = {
    Kind.WEEK_DAY: "getWeekDaySchedule",
    Kind.YEAR_DAY: "getYearDaySchedule",
    Kind.DAILY_REPEATING: "getDailyRepeatingSchedule",
}
#: Supervision statuses of a refusal (zwave-js SupervisionStatus NoSupport, Fail)
SUPERVISION_REFUSED: Final = frozenset({0, 2})

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
USER_TYPE_GENERAL: Final = "general"
USER_TYPE_DISPOSABLE: Final = "disposable"


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
    # The lock entity's own config entry is the zwave_js entry that drives the node.
    return zwave_device_node(hass, entity.device_id, entity.config_entry_id)


@callback
def zwave_device_node(
    hass: HomeAssistant, device_id: str, entry_id: str | None = None
) -> ZwaveNode | None:
    """Return the Z-Wave JS node of a device, or None when it is out of reach.

    The node is looked up in the zwave_js entry `entry_id`, or else in the device's own
    zwave_js entry (a device without an entity Housekey manages, such as a keypad).
    """
    device = dr.async_get(hass).async_get(device_id)
    if device is None:
        return None
    ident = next((value for domain, value in device.identifiers if domain == DOMAIN), None)
    if ident is None:
        return None
    home_id, _, rest = ident.partition("-")
    node_id = rest.partition("-")[0]
    if not node_id.isdigit():
        return None
    entry_id = entry_id or device.config_entry_id
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


def _pin_range(slots: dict[int, CodeSlot]) -> tuple[int, int]:
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


def _cc_version(node: ZwaveNode, cc: int) -> int:
    """Return the version of a command class the node's root endpoint supports (0: none)."""
    try:
        return next((info.version for info in node.command_classes if info.id == cc), 0)
    except KeyError:
        return 0


def _entry_key(kind: Kind, user_id: int, slot_id: int) -> int:
    """Return the property key under which zwave-js caches one schedule entry."""
    return (kind << 16) | (user_id << 8) | slot_id


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


# ---- the provider -----------------------------------------------------------------------


class ZwaveJsProvider(LockProvider):
    """PIN slots of a Z-Wave lock, through Home Assistant's zwave_js integration."""

    backend = "zwave_js"
    integration = DOMAIN
    #: a battery lock's radio is the bottleneck; zwave-js queues, this only spaces commands
    pacing = 0.25
    echo_window = 2.0
    #: the driver keeps a copy of every slot it read at interview
    bulk_read = True

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind to a zwave_js lock entity."""
        super().__init__(hass, entity_id)
        self._seen_masked = False
        #: the lock's Schedule Entry Lock slots per user, once known
        self._slots: Slots | None = None
        #: the schedule last written to each slot, for reading it back (see _read_schedule)
        self._written: dict[int, LockSchedule] = {}
        #: the user types a User Credential lock offers, once known
        self._user_types: frozenset[str] | None = None

    # ---- what Home Assistant knows ----------------------------------------------------

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Refuse Z-Wave locks without user codes (a node out of reach is not refused).

        A lock takes PINs through User Code CC, or through User Credential CC where Home
        Assistant's credential actions reach it. A node with neither is refused whatever
        actions Home Assistant offers: accepted, it would stay pending for ever.
        """
        node = zwave_node(hass, entity_id)
        if node is None or code_slots(node) or _supports_cc(node, CC_USER_CODE):
            return None
        if _credential_actions(hass) and _supports_cc(node, CC_USER_CREDENTIAL):
            return None
        return "no_user_codes"

    def keeps_log(self) -> bool:
        """Return whether the lock keeps its own event log (Door Lock Logging CC)."""
        node = zwave_node(self.hass, self.entity_id)
        return node is not None and _supports_cc(node, CC_DOOR_LOCK_LOGGING)

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
        slots = code_slots(node)
        count = await _internal_value(node, CC_USER_CODE, "supportedUsers")
        if not isinstance(count, int) or count <= 0:
            count = len(slots)
        if count <= 0 and _credential_actions(self.hass):
            return await self._credential_capabilities()
        if count <= 0:
            raise ProviderError(f"{self.entity_id}: the lock reports no user code slots")
        pin_min, pin_max = _pin_range(slots)
        support = (await self._schedule_slots(node)).support
        masked = self._seen_masked or any(is_masked(code_text(s.code)) for s in slots.values())
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
            methods=await self._methods(node),
            week_day_schedules=support.week_days,
            year_day_schedules=support.year_days,
            single_day_schedules=support.single_days,
        )

    async def _schedule_slots(self, node: ZwaveNode) -> Slots:
        """Return how many entries of each kind the lock holds per user (none without 0x4E).

        The driver asked at interview; its cache answers, else the lock is asked once.
        """
        if self._slots is not None:
            return self._slots
        version = _cc_version(node, CC_SCHEDULE_ENTRY_LOCK)
        if not version:
            self._slots = Slots()
            return self._slots
        names = ("numWeekDaySlots", "numYearDaySlots", "numDailyRepeatingSlots")
        counts = [await _internal_value(node, CC_SCHEDULE_ENTRY_LOCK, name) for name in names]
        if counts[0] is None and counts[1] is None:
            from zwave_js_server.const import CommandClass

            answer = await self._run(
                node.async_invoke_cc_api(
                    CommandClass.SCHEDULE_ENTRY_LOCK, "getNumSlots", wait_for_result=True
                )
            )
            counts = [answer.get(n) if isinstance(answer, Mapping) else None for n in names]
        week_day, year_day, daily = (c if isinstance(c, int) else 0 for c in counts)
        self._slots = Slots(week_day, year_day, daily if version >= DAILY_REPEATING_VERSION else 0)
        return self._slots

    async def _methods(self, node: ZwaveNode) -> frozenset[Method]:
        """Return the unlock methods the lock reports, from its supported notifications."""
        if uses_v1_alarm(node):
            return frozenset({Method.KEYPAD})  # the one vendor alarm every keypad lock sends
        events = await _internal_value(
            node, CC_NOTIFICATION, "supportedNotificationEvents", ACCESS_CONTROL
        )
        if isinstance(events, list):
            return frozenset(
                method
                for event, (outcome, method) in ACCESS_CONTROL_ACCESS.items()
                if event in events and outcome is Outcome.GRANTED and method is not Method.UNKNOWN
            )
        if reports_access_control(node):
            return frozenset({Method.KEYPAD})
        return frozenset()

    # ---- reads ------------------------------------------------------------------------

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot from the lock itself (one User Code Get)."""
        node = await self._reachable_node()
        return await self._with_schedule(node, slot, await self._read_from_lock(node, slot))

    async def _read_from_lock(self, node: ZwaveNode, slot: int) -> SlotRead:
        """Ask the lock for one slot (User Code Get) and use its answer.

        The answer is taken from the command's response, not from the driver's value
        cache: the value-updated event may reach us after the response does.
        """
        from zwave_js_server.const import CommandClass

        if slot not in code_slots(node):
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
            current = code_slots(node)[slot]
            read = slot_read(current.status, current.code)
        return self._note(read)

    async def async_read_slots(self, slots: range) -> dict[int, SlotRead]:
        """Read many slots from the driver's copy, asking the lock only for unknown ones.

        The driver read every code at interview and updates a slot whenever the lock
        reports it, so this costs no radio traffic in the common case.
        """
        node = await self._reachable_node()
        known = code_slots(node)
        reads: dict[int, SlotRead] = {}
        for slot in slots:
            entry = known.get(slot)
            read = slot_read(entry.status, entry.code) if entry else SlotRead(SlotState.UNKNOWN)
            if read.state is SlotState.UNKNOWN and entry is not None:
                read = await self._read_from_lock(node, slot)
            reads[slot] = await self._with_schedule(node, slot, self._note(read))
        return reads

    def _note(self, read: SlotRead) -> SlotRead:
        if read.state is SlotState.MASKED:
            self._seen_masked = True
        return read

    # ---- writes -----------------------------------------------------------------------

    async def async_write_code(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Store a code in slot `slot` (Z-Wave user id `slot`), then the user's schedule.

        The code goes first: Schedule Entry Lock entries are for a user that holds a code.
        Between the two commands the new code follows the slot's previous schedule. A
        change of the schedule alone (the driver's copy shows the slot holding this very
        code) sends no User Code Set; the read-back still asks the lock for the code.
        """
        node = await self._reachable_node()
        if not code_slots(node) and _credential_actions(self.hass):
            # A User Credential lock: only the official action reaches it. Housekey's
            # recorder filter redacts the code from the recorded call_service event.
            self.refuse_schedule(schedule, await self._credential_support())
            return await self._credential_write(slot, code, schedule)
        slots = await self._schedule_slots(node)
        self.refuse_schedule(schedule, NO_SCHEDULES if schedule is None else slots.support)
        wire = None if schedule is None else self._encode(slot, schedule, slots)
        value = self._code_value(node, slot)
        held = code_slots(node)[slot]
        self._written.pop(slot, None)
        with self.own_change(slot):
            if wire is not None and held.status == STATUS_ENABLED and code_text(held.code) == code:
                result = WriteResult.SENT
            else:
                result = self._outcome(
                    slot, await self._run(node.async_set_value(value, code, wait_for_result=True))
                )
            if wire is not None:
                confirmed = await self._put_schedule(node, slot, wire, slots)
                result = result if confirmed else WriteResult.SENT
        if schedule is not None:
            self._written[slot] = schedule
        return result

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty slot `slot` (user id status Available)."""
        node = await self._reachable_node()
        if not code_slots(node) and _credential_actions(self.hass):
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
        slots = await self._schedule_slots(node)
        self._written.pop(slot, None)
        with self.own_change(slot):
            result = self._outcome(
                slot,
                await self._run(
                    node.async_set_value(status, STATUS_AVAILABLE, wait_for_result=True)
                ),
            )
            if (
                slots.support.enforcement is Enforcement.LOCK
                and slot <= SCHEDULE_MAX_USER
                and await self._cached(node, "userEnabled", slot) is not False
            ):
                # The lock keeps a cleared user's schedule: a code programmed there at the
                # keypad later would follow it. Switched off, it opens at all hours; the
                # entries left are inert, and zwave-js remembers them for the next write.
                off = await self._send_schedule_command(node, "setEnabled", False, slot)
                result = result if off else WriteResult.SENT
        return result

    def _code_value(self, node: ZwaveNode, slot: int) -> ZwaveValue:
        entry = code_slots(node).get(slot)
        if entry is None or entry.code_value is None:
            raise ProviderError(f"{self.entity_id}: no user code slot {slot}")
        return entry.code_value

    def _outcome(self, slot: int, result: Any) -> WriteResult:
        """Tell the lock's answer to a set value: confirmed by Supervision, or only sent.

        Supervision success is the lock's own confirmation. Without it the command
        was sent and the sync engine reads the slot back: a lock that silently
        refused (a duplicate code, a length it does not take) is found there.
        """
        if result is None:
            # the driver gave up on the node while the command was under way
            raise LockUnavailable(f"{self.entity_id}: the lock stopped answering")
        status = getattr(result, "status", None)
        if status == SET_SUCCESS:
            return WriteResult.CONFIRMED
        if status not in (SET_WORKING, SET_SUCCESS_UNSUPERVISED):
            raise ProviderError(
                f"{self.entity_id}: the lock refused the change to slot {slot} ({status!s})"
            )
        return WriteResult.SENT

    # ---- Schedule Entry Lock ------------------------------------------------------------

    def _encode(self, slot: int, schedule: LockSchedule, slots: Slots) -> ScheduleWire:
        """Return the entries of a schedule on this lock; ProviderError where it holds none."""
        try:
            wire = encode(schedule, dt_util.get_default_time_zone(), slots)
        except ValueError as err:
            raise ProviderError(f"{self.entity_id} cannot hold this schedule") from err
        if wire.kind is not None and slot > SCHEDULE_MAX_USER:
            raise ProviderError(f"{self.entity_id}: no schedules for user ids above 255")
        return wire

    async def _cached(self, node: ZwaveNode, prop: str, key: int) -> Any:
        """Read what zwave-js remembers of a user's schedule (its cache; nothing is sent)."""
        return await _internal_value(node, CC_SCHEDULE_ENTRY_LOCK, prop, key)

    async def _put_schedule(
        self, node: ZwaveNode, slot: int, wire: ScheduleWire, slots: Slots
    ) -> bool:
        """Give user `slot` exactly the wire's entries; return whether the lock confirmed all.

        Entries go to slot ids 1..n of the wire's kind, and the kind's other ids that
        hold an entry are erased, so the user follows exactly these entries. Without a
        kind the user's scheduling is switched off and the entries it holds are erased.
        What zwave-js remembers as already so (an entry in place while the user follows
        that kind, an id it knows empty, scheduling already off) is not sent again. An
        id nothing is known of (never set or read through this driver) is left alone and
        the write counts as unconfirmed: the sync engine's read-back then asks the lock
        for every id of the kind, and what it finds there is erased on the rewrite.
        """
        enabled = await self._cached(node, "userEnabled", slot)
        following = await self._cached(node, "scheduleKind", slot)
        confirmed = True
        if wire.kind is None:
            for kind in Kind:
                for slot_id in range(1, slots.of(kind) + 1):
                    if await self._cached(node, "schedule", _entry_key(kind, slot, slot_id)):
                        confirmed &= await self._send_entry(node, kind, slot, slot_id, None)
            if enabled is not False:
                confirmed &= await self._send_schedule_command(node, "setEnabled", False, slot)
            return confirmed
        kind = wire.kind
        same_kind = enabled is True and following == kind
        for slot_id in range(1, slots.of(kind) + 1):
            entry = wire.entries[slot_id - 1] if slot_id <= len(wire.entries) else None
            held = await self._cached(node, "schedule", _entry_key(kind, slot, slot_id))
            if entry is None and not held:
                confirmed &= held is False  # known empty; unknown: the read-back looks
                continue
            if entry is not None and same_kind and ENTRY_TYPES[kind].of(held) == entry:
                continue
            confirmed &= await self._send_entry(node, kind, slot, slot_id, entry)
        return confirmed

    async def _send_entry(
        self, node: ZwaveNode, kind: Kind, slot: int, slot_id: int, entry: ScheduleEntry | None
    ) -> bool:
        """Set one entry of a user, or erase it (None); return whether the lock confirmed it."""
        address = {"userId": slot, "slotId": slot_id}
        args = (address,) if entry is None else (address, entry.args())
        return await self._send_schedule_command(node, SET_METHODS[kind], *args)

    async def _send_schedule_command(self, node: ZwaveNode, method: str, *args: Any) -> bool:
        """Send one Schedule Entry Lock command; return whether Supervision confirmed it.

        Without Supervision the command is sent and the sync engine's read-back tells.
        """
        from zwave_js_server.const import CommandClass

        result = await self._run(
            node.async_invoke_cc_api(
                CommandClass.SCHEDULE_ENTRY_LOCK, method, *args, wait_for_result=True
            )
        )
        status = result.get("status") if isinstance(result, Mapping) else None
        if status in SUPERVISION_REFUSED:
            raise ProviderError(f"{self.entity_id} refused {method} ({status})")
        return status == SET_SUCCESS

    async def _with_schedule(self, node: ZwaveNode, slot: int, read: SlotRead) -> SlotRead:
        """Return an occupied slot's read with its user's schedule, where the lock holds them."""
        if not read.occupied:
            return read
        schedule = await self._read_schedule(node, slot)
        return read if schedule is None else SlotRead(read.state, read.code, schedule)

    async def _read_schedule(self, node: ZwaveNode, slot: int) -> LockSchedule | None:
        """Read the user's schedule: every entry of the kind it follows, from the lock.

        Whether scheduling is on and which kind the user follows cannot be asked; they
        are zwave-js's record of Housekey's commands. None: the lock holds no schedules,
        or nothing was ever set for this user through this driver, so there is nothing
        to tell. Where the entries are exactly what the slot's last written schedule
        comes to, that schedule is returned: a wall time the autumn change repeats, an
        end beyond what the lock holds, read back as written.
        """
        slots = await self._schedule_slots(node)
        if slots.support.enforcement is not Enforcement.LOCK or slot > SCHEDULE_MAX_USER:
            return None
        enabled = await self._cached(node, "userEnabled", slot)
        following = await self._cached(node, "scheduleKind", slot)
        if enabled is False:
            return UNRESTRICTED
        if enabled is not True or not isinstance(following, int) or following not in Kind:
            return None
        from zwave_js_server.const import CommandClass

        kind = Kind(following)
        entries: list[ScheduleEntry] = []
        for slot_id in range(1, slots.of(kind) + 1):
            answer = await self._run(
                node.async_invoke_cc_api(
                    CommandClass.SCHEDULE_ENTRY_LOCK,
                    GET_METHODS[kind],
                    {"userId": slot, "slotId": slot_id},
                    wait_for_result=True,
                )
            )
            if (entry := ENTRY_TYPES[kind].of(answer)) is not None:
                entries.append(entry)
        wire = ScheduleWire(kind, tuple(entries))
        zone = dt_util.get_default_time_zone()
        written = self._written.get(slot)
        if written is not None and _encodes_to(written, wire, zone, slots):
            return written
        return decode(wire, zone)

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

    # ---- the lock's clock (zwave_js_clock.py) -------------------------------------------

    async def async_set_clock(self, now: datetime) -> ClockSet:
        """Set the lock's clock with its Time Parameters or Clock command class."""
        return await zwave_js_clock.async_set_clock(await self._reachable_node(), self._run, now)

    async def async_read_clock(self) -> LockTime | None:
        """Read the lock's clock back (Time Parameters Get or Clock Get)."""
        return await zwave_js_clock.async_read_clock(await self._reachable_node(), self._run)

    # ---- Home Assistant 2026.6+ credential actions ------------------------------------

    async def _call(
        self, service: str, data: dict[str, Any], *, response: bool = False
    ) -> Mapping[str, Any]:
        return await self.async_call_action(DOMAIN, service, data, response=response)

    async def _credential_write(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Write PIN credential `slot` of user `slot` through the official zwave_js actions.

        An existing user gets its PIN from set_credential. A user that does not exist yet
        is made by set_user without a user id, with the PIN in the same call (zwave-js
        addUser: many locks store a user and its code only together), and the lock takes
        the first free user id. A new user that did not land in `slot` is deleted again:
        Housekey's slots and the lock's user ids stay the same numbers.

        Where the lock offers disposable users, a single-use schedule makes the user one
        and any other schedule a general user; an existing user whose type changes gets
        it and its PIN in one set_user.
        """
        credential = {"credential_type": PIN_CODE, "credential_data": code}
        user_type = await self._user_type_for(schedule)
        typed = {} if user_type is None else {"user_type": user_type}
        users = await self._credential_users()
        if slot in users and users[slot] != user_type and user_type is not None:
            await self._call(
                SERVICE_SET_USER,
                {"user_id": slot, "credential_slot": slot, **typed, **credential},
                response=True,
            )
            return WriteResult.SENT
        if slot in users:
            await self._call(
                SERVICE_SET_CREDENTIAL,
                {"user_id": slot, "credential_slot": slot, **credential},
                response=True,
            )
            return WriteResult.SENT
        created = await self._call(SERVICE_SET_USER, {**typed, **credential}, response=True)
        user_id = created.get("user_id")
        if user_id != slot:
            if isinstance(user_id, int):
                await self._call(SERVICE_DELETE_USER, {"user_id": user_id})
            raise ProviderError(
                f"{self.entity_id}: the lock put the new user elsewhere than {slot}"
            )
        return WriteResult.SENT

    async def _credential_users(self) -> dict[int, str | None]:
        """Return the user ids the lock holds, with their user types (zwave_js.get_users)."""
        users = await self._call(SERVICE_GET_USERS, {}, response=True)
        return {
            int(user["user_id"]): user_type
            if isinstance(user_type := user.get("user_type"), str)
            else None
            for user in users.get("users") or []
            if isinstance(user, Mapping) and isinstance(user.get("user_id"), int)
        }

    async def _credential_clear(self, slot: int) -> WriteResult:
        """Delete user `slot`; one the lock no longer holds (a disposable user it ended) is gone."""
        if slot not in await self._credential_users():
            return WriteResult.SENT
        await self._call(SERVICE_DELETE_USER, {"user_id": slot})
        return WriteResult.SENT

    async def _credential_capabilities(self) -> Capabilities:
        """Capabilities from zwave_js.get_credential_capabilities (User Credential locks)."""
        mine = await self._call("get_credential_capabilities", {}, response=True)
        pin = (mine.get("supported_credential_types") or {}).get(PIN_CODE) or {}
        types = mine.get("supported_user_types")
        self._user_types = (
            frozenset(t for t in types if isinstance(t, str))
            if isinstance(types, list)
            else frozenset()
        )
        return Capabilities(
            slots=int(mine.get("max_users") or 0),
            pin_min=int(pin.get("min_length") or USER_CODE_MIN),
            pin_max=int(pin.get("max_length") or USER_CODE_MAX),
            readback=Readback.NONE,
            methods=await self._methods(self._node()),
            disposable_users=USER_TYPE_DISPOSABLE in self._user_types,
        )

    async def _credential_support(self) -> ScheduleSupport:
        """Return what a User Credential lock holds: disposable users, where it offers them.

        Home Assistant's set_user takes no schedule and no expiring timeout, so weekly
        hours, date ranges and expiring users are not offered through it.
        """
        if self._user_types is None:
            await self._credential_capabilities()
        return ScheduleSupport(disposable=USER_TYPE_DISPOSABLE in (self._user_types or ()))

    async def _user_type_for(self, schedule: LockSchedule | None) -> str | None:
        """Return the user type a write sets (None: the lock offers no disposable users)."""
        if not (await self._credential_support()).disposable:
            return None
        single_use = schedule is not None and schedule.single_use
        return USER_TYPE_DISPOSABLE if single_use else USER_TYPE_GENERAL

    # ---- the lock's own event log (zwave_js_logging.py) -------------------------------

    async def async_read_log(self, start: datetime, end: datetime) -> list[LoggedEvent] | None:
        """Read what the lock logged between two instants (Door Lock Logging CC), if it can."""
        if not _supports_cc(self._node(), CC_DOOR_LOCK_LOGGING):
            return None
        return await read_door_lock_log(await self._reachable_node(), self._run, start, end)

    # ---- reports ----------------------------------------------------------------------

    @callback
    def _attach(self, on_report: ReportCallback) -> Callable[[], None] | None:
        """Follow the node's value updates and the lock's notifications on the bus."""
        node = zwave_node(self.hass, self.entity_id)
        if node is None:
            return None
        return NodeReports(self, node, on_report).unsubscribe


def _encodes_to(schedule: LockSchedule, wire: ScheduleWire, zone: tzinfo, slots: Slots) -> bool:
    """Return whether a schedule comes to exactly these entries on the lock."""
    try:
        return encode(schedule, zone, slots) == wire
    except ValueError:
        return False


def _credential_actions(hass: HomeAssistant) -> bool:
    """Return whether Home Assistant offers the official Z-Wave credential actions."""
    return hass.services.has_service(DOMAIN, SERVICE_SET_USER) and hass.services.has_service(
        DOMAIN, SERVICE_DELETE_USER
    )
