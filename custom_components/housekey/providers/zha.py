"""ZHA provider: PIN slots of a Zigbee lock through Home Assistant's own ZHA integration.

Home Assistant's `zha.set_lock_user_code` action sends the command through ZHA's
cluster handler, which retries three times and drops the lock's answer: a full
code table or a duplicate PIN looks like success. Housekey therefore talks to
the same zigpy Door Lock cluster (0x0101) that ZHA built for the lock entity,
sends one command per change and reads the lock's own status back. Access
reports still come through ZHA's public `zha_event`. Alarms and Programming Event
Notifications (a PIN added, changed or deleted at the keypad) are not turned into
`zha_event` by ZHA, so the provider listens for them on the zigpy clusters.

On locks that hold schedules (NumberOfWeekDay/YearDaySchedulesSupportedPerUser), a
person's windows go on the same cluster: Set PIN Code carries the user type, and Set /
Clear Week Day and Year Day Schedule put exactly the person's entries on the user
(zha_schedules.py converts); read-back is Get PIN Code's user type and the Get
commands of that type's entries.

Numbering: Housekey slot N is ZHA's `code_slot` N (1-based, what ZHA's actions
and `zha_event` use) and the Zigbee `user_id` N - 1 on the wire. `slot_to_user_id`
and `user_id_to_slot` are the only places that convert.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from homeassistant.const import ATTR_DEVICE_ID
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from ..core.lock_schedule import NO_SCHEDULES, LockSchedule, ScheduleSupport
from .base import (
    AccessEvent,
    AlarmKind,
    Capabilities,
    LockAlarm,
    LockProvider,
    LockUnavailable,
    Method,
    Outcome,
    ProviderError,
    Readback,
    ReportCallback,
    SlotChanged,
    SlotRead,
    SlotState,
    WriteResult,
)
from .zha_schedules import (
    UNRESTRICTED_WIRE,
    USER_UNRESTRICTED,
    USER_WEEK_DAY,
    USER_YEAR_DAY,
    ScheduleWire,
    decode,
    encode,
)

if TYPE_CHECKING:
    from zigpy.zcl import Cluster

_LOGGER = logging.getLogger(__name__)

ZHA_DOMAIN: Final = "zha"
ZHA_EVENT: Final = "zha_event"
DOOR_LOCK_CLUSTER_ID: Final = 0x0101
ALARMS_CLUSTER_ID: Final = 0x0009
OPERATION_EVENT: Final = "operation_event_notification"

#: Highest Zigbee user id; 0xFFFF means "no user" in event notifications.
MAX_USER_ID: Final = 0xFFFE

#: Used when the lock does not publish its PIN length range (optional attributes).
DEFAULT_PIN_MIN: Final = 4
DEFAULT_PIN_MAX: Final = 8

#: Door Lock cluster attributes read once to learn what the lock can do (zigpy names).
CAPABILITY_ATTRIBUTES: Final = (
    "num_of_total_users_supported",
    "num_of_pin_users_supported",
    "num_of_rfid_users_supported",
    "num_of_week_day_schedules_supported_per_user",
    "num_of_year_day_schedules_supported_per_user",
    "max_pin_len",
    "min_pin_len",
    "send_pin_ota",
    "keypad_operation_event_mask",
    "rf_operation_event_mask",
    "manual_operation_event_mask",
    "rfid_operation_event_mask",
)

#: How many week-day and year-day schedule entries the lock holds per user (0x0014, 0x0015).
SCHEDULE_ATTRIBUTES: Final = (
    "num_of_week_day_schedules_supported_per_user",
    "num_of_year_day_schedules_supported_per_user",
)

#: The Door Lock attributes of the keypad's own wrong-code limit (0x0030, 1-255 codes)
#: and of how long it then disables code entry (0x0031, 1-255 s).
WRONG_CODE_ATTRIBUTES: Final = ("wrong_code_entry_limit", "user_code_temporary_disable_time")

#: Which operation-event mask attribute says the lock reports accesses by that method.
_EVENT_MASKS: Final = {
    "keypad_operation_event_mask": Method.KEYPAD,
    "rf_operation_event_mask": Method.RF,
    "manual_operation_event_mask": Method.MANUAL,
    "rfid_operation_event_mask": Method.NFC,
}

#: zha_event `source` (zigpy OperationEventSource names) -> how the door was worked.
_SOURCES: Final = {
    "Keypad": Method.KEYPAD,
    "RF": Method.RF,
    "Manual": Method.MANUAL,
    "RFID": Method.NFC,
    "Indeterminate": Method.UNKNOWN,
}

#: zha_event `operation` (zigpy OperationEvent names) that are unlock attempts.
#: Lock operations (Lock, AutoLock, OnTouchLock, ...) are not accesses and are dropped.
_GRANTED: Final = frozenset({"Unlock", "KeyUnlock", "Manual_Unlock", "ScheduleUnlock"})
_DENIED_BAD_CODE: Final = "UnlockFailureInvalidPINorID"
_DENIED_SCHEDULE: Final = "UnlockFailureInvalidSchedule"
#: Operations whose method is fixed whatever source the lock puts in the frame.
_METHOD_BY_OPERATION: Final = {
    "KeyUnlock": Method.MANUAL,
    "Manual_Unlock": Method.MANUAL,
    "ScheduleUnlock": Method.AUTO,
}

#: Door Lock alarm codes (ZCL 7.3.2.x, sent through the Alarms cluster).
_ALARMS: Final = {
    0x04: (AlarmKind.BRUTE_FORCE, "wrong_code_entry_limit"),
    0x05: (AlarmKind.TAMPER, "front_escutcheon_removed"),
    0x06: (AlarmKind.TAMPER, "forced_door_open"),
}

#: Programming Event Notification (Door Lock client command 0x21) and the event codes
#: that mean a PIN user's code changed (zigpy ProgrammingEvent; master code and RFID
#: changes touch no Housekey slot).
PROGRAMMING_EVENT_ID: Final = 0x21
_PIN_PROGRAMMING_EVENTS: Final = frozenset({0x02, 0x03, 0x04})  # added, deleted, changed
#: OperationEventSource RF: the change came over Zigbee, i.e. through ZHA.
_SOURCE_RF: Final = 0x01

#: set/clear PIN response status values with a meaning of their own (ZCL 7.3.2.17).
_WRITE_STATUS: Final = {1: "general failure", 2: "memory full", 3: "duplicate code"}

_STATUS_SUCCESS: Final = 0x00
_STATUS_NOT_FOUND: Final = 0x8B
_STATUS_UNSUP_COMMAND: Final = 0x81  # UNSUP_CLUSTER_COMMAND
#: zigpy UserStatus values
_USER_AVAILABLE: Final = 0x00
_USER_ENABLED: Final = 0x01
_USER_DISABLED: Final = 0x03


def slot_to_user_id(slot: int) -> int:
    """Map a Housekey/ZHA slot (1-based) to the Zigbee user id on the wire (0-based)."""
    if not 1 <= slot <= MAX_USER_ID + 1:
        raise ProviderError(f"slot {slot} is outside the Zigbee user range")
    return slot - 1


#: the translation key (config.error) of a lock that holds no PIN users
REFUSAL_NO_PIN_USERS: Final = "no_user_codes"


def pin_users(pin: Any, total: Any) -> int | None:
    """Return how many PIN users a lock holds, from its Door Lock attributes (None: unknown).

    Its PIN user count (0x0012) where it reports one, else its user count (0x0011): a lock
    that says it holds no PIN users holds none, whatever its other users.
    """
    if pin is not None:
        return int(pin)
    return None if total is None else int(total)


def user_id_to_slot(user_id: int) -> int:
    """Map a Zigbee user id (0-based) back to the Housekey/ZHA slot (1-based)."""
    return user_id + 1


@callback
def async_get_door_lock_cluster(hass: HomeAssistant, entity_id: str) -> Cluster:
    """Return the zigpy Door Lock cluster behind a ZHA lock entity.

    The only function that reaches into ZHA: Home Assistant's device proxy gives the
    zha library's device, whose lock platform entity exposes the zigpy cluster it
    drives (`PlatformEntity.cluster`, the zha 2.x public API; 2.x removed cluster
    handlers). A change breaks here, in one tested place. Raises LockUnavailable
    when ZHA is not running or does not know the entity (yet).
    """
    if ZHA_DOMAIN not in hass.config.components:
        raise LockUnavailable("ZHA is not loaded")
    entry = er.async_get(hass).async_get(entity_id)
    if entry is None or entry.platform != ZHA_DOMAIN or entry.device_id is None:
        raise LockUnavailable(f"{entity_id} is not a ZHA lock")
    # Imported here: ZHA (and zigpy) are loaded by now, and importing them at
    # module level would load the whole Zigbee stack for users without one.
    from homeassistant.components.zha.helpers import async_get_zha_device_proxy
    from zha.application import Platform as ZhaPlatform  # type: ignore[import-untyped]

    try:
        proxy = async_get_zha_device_proxy(hass, entry.device_id)
        entity = proxy.device.get_platform_entity(ZhaPlatform.LOCK, entry.unique_id)
        cluster: Cluster = entity.cluster
    except (KeyError, ValueError, StopIteration, AttributeError) as err:
        raise LockUnavailable(f"ZHA has no door lock for {entity_id}") from err
    if cluster.cluster_id != DOOR_LOCK_CLUSTER_ID:
        raise LockUnavailable(f"ZHA has no door lock for {entity_id}")
    return cluster


def _status_of(response: Any) -> int | None:
    """Return the status of a ZCL response (cluster-specific or Default Response)."""
    status = getattr(response, "status", None)
    return None if status is None else int(status)


def _support_of(week_days: Any, year_days: Any) -> ScheduleSupport:
    """Return what schedules a lock holds from its two per-user counts (unread: none).

    The ZCL Door Lock cluster has no single-use user type: Housekey counts uses.
    """
    return ScheduleSupport(int(week_days or 0), int(year_days or 0))


def _entry_of(kind: str, response: Any) -> tuple[int, ...]:
    """Return a Get Week/Year Day Schedule answer's entry as its wire tuple."""
    fields = (
        ("days_mask", "start_hour", "start_minute", "end_hour", "end_minute")
        if kind == "week_day"
        else ("local_start_time", "local_end_time")
    )
    try:
        return tuple(int(getattr(response, name)) for name in fields)
    except (AttributeError, TypeError, ValueError) as err:
        raise ProviderError(f"a {kind} schedule answer without its entry") from err


def _explicitly_off(value: Any) -> bool:
    """Return whether an optional boolean attribute was read and is false."""
    return value is not None and not value


def _is_default_response(response: Any) -> bool:
    """Return whether the lock answered with a ZCL Default Response (an error)."""
    return hasattr(response, "command_id") and hasattr(response, "status")


class ZhaProvider(LockProvider):
    """Raw PIN slot access for one ZHA lock entity."""

    backend = "zha"
    #: Zigbee locks take their time from the coordinator: zigpy answers their Time cluster
    #: (0x000A) reads with the host's time and time zone, so no clock command is sent
    clock_served = True
    integration = ZHA_DOMAIN
    #: Zigbee locks are sleepy end devices polling their parent every few seconds;
    #: leave their radio time between commands.
    pacing = 0.5
    #: an RF-sourced programming event this long after Housekey's own write of the slot
    #: is the lock echoing it (the sync engine verifies its writes anyway)
    echo_window = 10.0

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind the provider to a ZHA lock entity."""
        super().__init__(hass, entity_id)
        #: the schedule entries the lock holds per user, once known
        self._support: ScheduleSupport | None = None
        #: per slot and kind, what each schedule id holds (None: empty), where known from
        #: Housekey's own commands and reads since start (see _put_entries)
        self._entries: dict[int, dict[str, tuple[tuple[int, ...] | None, ...]]] = {}

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Refuse a lock whose Door Lock cluster is known to hold no PIN users.

        Only what zigpy already knows of the lock (its attribute cache) is looked at:
        nothing is sent while the form is filled in. A count not known yet is decided
        when the lock is read.
        """
        try:
            cluster = async_get_door_lock_cluster(hass, entity_id)
        except LockUnavailable:
            return None
        users = pin_users(
            cluster.get("num_of_pin_users_supported"), cluster.get("num_of_total_users_supported")
        )
        return REFUSAL_NO_PIN_USERS if users == 0 else None

    def _cluster(self) -> Cluster:
        if not self.available:
            raise LockUnavailable(f"{self.entity_id} is unavailable")
        return async_get_door_lock_cluster(self.hass, self.entity_id)

    async def _send(self, command: str, *args: Any, **kwargs: Any) -> Any:
        """Send one command on the Door Lock cluster; map radio failures.

        One frame per call: no retries here (the sync engine retries), which
        also keeps ZHA's own three-fold retry out of the path.
        """
        import zigpy.exceptions

        cluster = self._cluster()
        try:
            return await getattr(cluster, command)(*args, **kwargs)
        except (TimeoutError, zigpy.exceptions.DeliveryError) as err:
            raise LockUnavailable(f"{self.entity_id} did not answer {command}") from err
        except zigpy.exceptions.ZigbeeException as err:
            # The type only: zigpy messages may quote the frame, and frames carry PINs.
            raise ProviderError(
                f"{command} to {self.entity_id} failed: {type(err).__name__}"
            ) from err

    async def async_capabilities(self) -> Capabilities:
        """Read the lock's user table size, PIN lengths, schedules and reporting."""
        (values, _unsupported) = await self._send(
            "read_attributes", list(CAPABILITY_ATTRIBUTES), allow_cache=False
        )
        slots = pin_users(
            values.get("num_of_pin_users_supported"), values.get("num_of_total_users_supported")
        )
        if not slots:
            raise ProviderError(f"{self.entity_id} does not report how many PIN users it holds")
        pin_min = values.get("min_pin_len") or DEFAULT_PIN_MIN
        pin_max = values.get("max_pin_len") or DEFAULT_PIN_MAX
        methods = {method for attr, method in _EVENT_MASKS.items() if values.get(attr)}
        if "keypad_operation_event_mask" not in values:
            # Mask attributes are optional; a keypad lock reports keypad use anyway.
            methods.add(Method.KEYPAD)
        if not values.get("num_of_rfid_users_supported"):
            methods.discard(Method.NFC)
        support = self._support = _support_of(*(values.get(n) for n in SCHEDULE_ATTRIBUTES))
        return Capabilities(
            slots=min(int(slots), MAX_USER_ID + 1),
            pin_min=int(pin_min),
            pin_max=int(pin_max),
            readback=await self._probe_readback(values.get("send_pin_ota")),
            methods=frozenset(methods),
            week_day_schedules=support.week_days,
            year_day_schedules=support.year_days,
        )

    async def _schedule_support(self) -> ScheduleSupport:
        """Return how many entries of each kind the lock holds per user.

        Known from the capabilities read, else from zigpy's attribute cache (which ZHA
        keeps across restarts), else read from the lock once.
        """
        if self._support is None:
            cluster = self._cluster()
            counts = [cluster.get(name) for name in SCHEDULE_ATTRIBUTES]
            if None in counts:
                (values, _unsupported) = await self._send(
                    "read_attributes", list(SCHEDULE_ATTRIBUTES), allow_cache=False
                )
                counts = [values.get(name) for name in SCHEDULE_ATTRIBUTES]
            self._support = _support_of(*counts)
        return self._support

    async def async_harden_keypad(self, limit: int, lockout_s: int) -> bool:
        """Write WrongCodeEntryLimit and UserCodeTemporaryDisableTime where the lock has them.

        Both are optional: they are read from the lock first (one Read Attributes), and
        only those it has and that differ are written (one Write Attributes).
        """
        (values, _unsupported) = await self._send(
            "read_attributes", list(WRONG_CODE_ATTRIBUTES), allow_cache=False
        )
        wanted = {
            name: min(max(value, 1), 255)
            for name, value in zip(WRONG_CODE_ATTRIBUTES, (limit, lockout_s), strict=True)
        }
        changes = {n: v for n, v in wanted.items() if n in values and values[n] != v}
        if changes:
            result = await self._send("write_attributes", changes)
            records = result[0] if result and isinstance(result[0], list) else None
            if records is None or any(_status_of(r) != 0 for r in records):
                raise ProviderError(f"{self.entity_id} refused its wrong-code limit")
        return any(name in values for name in wanted)

    async def _probe_readback(self, send_pin_ota: Any) -> Readback:
        """Learn from the lock itself whether Get PIN Code reveals the digits.

        Slot 1 is read once: a code in the answer means FULL, an occupied slot
        without digits MASKED, an unsupported command NONE. An empty slot says
        nothing, then the lock's SendPINOverTheAir attribute decides.
        """
        response = await self._send("get_pin_code", slot_to_user_id(1))
        if _is_default_response(response):
            if _status_of(response) == _STATUS_UNSUP_COMMAND:
                return Readback.NONE
            return Readback.MASKED if _explicitly_off(send_pin_ota) else Readback.FULL
        read = self._slot_read(1, response)
        if read.state is SlotState.KNOWN:
            return Readback.FULL
        if read.state is SlotState.MASKED:
            return Readback.MASKED
        return Readback.MASKED if _explicitly_off(send_pin_ota) else Readback.FULL

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot with Get PIN Code, and its user's schedule where the lock holds them."""
        response = await self._send("get_pin_code", slot_to_user_id(slot))
        if _is_default_response(response):
            status = _status_of(response)
            if status == _STATUS_NOT_FOUND:
                return SlotRead(SlotState.EMPTY)  # some locks answer unused users so
            if status == _STATUS_UNSUP_COMMAND:
                return SlotRead(SlotState.UNKNOWN)
            raise ProviderError(f"{self.entity_id} refused to read slot {slot} ({status:#04x})")
        read = self._slot_read(slot, response)
        if not read.occupied:
            return read
        schedule = await self._read_schedule(slot, int(response.user_type))
        return read if schedule is None else SlotRead(read.state, read.code, schedule)

    async def _read_schedule(self, slot: int, user_type: int) -> LockSchedule | None:
        """Read the entries the user's type makes the lock apply (Get Week/Year Day Schedule).

        Returns None on a lock that holds no schedules or cannot read them back. The
        lock holds whole seconds of its wall clock; Housekey's targets are whole minutes
        as that clock names them (core.lock_schedule.on_wall_clock), so they read back
        as written, after a restart too.
        """
        support = await self._schedule_support()
        if not (support.week_days or support.year_days):
            return None
        kind, count = {
            USER_WEEK_DAY: ("week_day", support.week_days),
            USER_YEAR_DAY: ("year_day", support.year_days),
        }.get(user_type, ("", 0))
        user_id = slot_to_user_id(slot)
        by_id: list[tuple[int, ...] | None] = []
        for schedule_id in range(count):
            await asyncio.sleep(self.pacing)
            response = await self._send(f"get_{kind}_schedule", schedule_id, user_id)
            status = _status_of(response)
            if status == _STATUS_UNSUP_COMMAND:
                return None
            if status == _STATUS_NOT_FOUND:
                by_id.append(None)
                continue
            if status != _STATUS_SUCCESS or _is_default_response(response):
                raise ProviderError(
                    f"{self.entity_id} refused to read a schedule of slot {slot} ({status})"
                )
            by_id.append(_entry_of(kind, response))
        if kind:
            self._entries.setdefault(slot, {})[kind] = tuple(by_id)
        entries = [entry for entry in by_id if entry is not None]
        wire = ScheduleWire(
            user_type,
            week_days=tuple(entries) if kind == "week_day" else (),
            year_days=tuple(entries) if kind == "year_day" else (),
        )
        return decode(wire, dt_util.get_default_time_zone())

    def _slot_read(self, slot: int, response: Any) -> SlotRead:
        user_id = getattr(response, "user_id", None)
        if user_id is not None and int(user_id) != slot_to_user_id(slot):
            raise ProviderError(f"{self.entity_id} answered for another slot than {slot}")
        status = int(response.user_status)
        code = str(response.code or "")
        if status == _USER_AVAILABLE:
            return SlotRead(SlotState.EMPTY)
        if status == _USER_ENABLED:
            return SlotRead(SlotState.KNOWN, code) if code else SlotRead(SlotState.MASKED)
        if status == _USER_DISABLED:
            # Occupied but switched off: not what Housekey writes (it writes enabled
            # codes), so never report it as a known match.
            return SlotRead(SlotState.MASKED)
        return SlotRead(SlotState.UNKNOWN)

    async def async_write_code(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Set an enabled PIN in the slot (Set PIN Code), with the user's schedule.

        Set PIN Code carries the user type, which says what entries the lock applies;
        then every schedule id the lock offers is set to the schedule's entry or
        cleared, so the user holds exactly the schedule's entries (none: unrestricted).
        The code goes first: a lock may refuse schedules for a user id it does not hold.
        """
        from zigpy.zcl.clusters.closures import DoorLock

        support = NO_SCHEDULES if schedule is None else await self._schedule_support()
        self.refuse_schedule(schedule, support)
        if not code.isdigit():
            raise ProviderError("a PIN must be digits only")
        wire = None if schedule is None else self._encode(schedule)
        user_type = USER_UNRESTRICTED if wire is None else wire.user_type
        user_id = slot_to_user_id(slot)
        with self.own_change(slot):
            response = await self._send(
                "set_pin_code",
                user_id,
                DoorLock.UserStatus.Enabled,
                user_type,
                code,
            )
            self._check_write(response, "set", slot)
            if wire is not None:
                await self._put_entries(slot, wire, support)
        return WriteResult.SENT

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty the slot (Clear PIN Code) and clear the user's schedule entries.

        The ZCL does not say a Clear PIN Code removes a user's schedules, so each id is
        cleared: a code programmed into the slot at the keypad later gets none of them.
        """
        with self.own_change(slot):
            response = await self._send("clear_pin_code", slot_to_user_id(slot))
            self._check_write(response, "clear", slot)
            support = await self._schedule_support()
            if support.week_days or support.year_days:
                await self._put_entries(slot, UNRESTRICTED_WIRE, support)
        return WriteResult.SENT

    def _encode(self, schedule: LockSchedule) -> ScheduleWire:
        try:
            return encode(schedule, dt_util.get_default_time_zone())
        except ValueError as err:
            raise ProviderError(f"{self.entity_id} cannot hold this schedule") from err

    async def _put_entries(self, slot: int, wire: ScheduleWire, support: ScheduleSupport) -> None:
        """Set the wire's entries at schedule ids 0.. and clear every other id the lock has.

        The kind the user's type applies goes first; one paced frame per id. An id
        Housekey knows to hold that already (from its own commands and reads since
        start) is not sent again, so a new PIN or a clear costs no schedule frame once
        a slot's entries are known. Knowledge that is wrong (entries changed behind
        Housekey's back) is safe: entries of the kind the user's type does not apply
        admit nobody, and those it applies are read back, which corrects it.
        """
        known = self._entries.pop(slot, {})
        kinds = sorted(
            (
                ("week_day", wire.week_days, support.week_days),
                ("year_day", wire.year_days, support.year_days),
            ),
            key=lambda kind: not kind[1],
        )
        held: dict[str, tuple[tuple[int, ...] | None, ...]] = {}
        for kind, wanted, count in kinds:
            want = tuple(wanted[i] if i < len(wanted) else None for i in range(count))
            before = known.get(kind)
            for schedule_id, entry in enumerate(want):
                if before is not None and len(before) == count and before[schedule_id] == entry:
                    continue
                await asyncio.sleep(self.pacing)
                await self._put_entry(slot, kind, schedule_id, entry)
            held[kind] = want
        self._entries[slot] = held

    async def _put_entry(
        self, slot: int, kind: str, schedule_id: int, entry: tuple[int, ...] | None
    ) -> None:
        """Set one schedule id to an entry, or clear it (None); a clear of nothing is fine."""
        args: tuple[int, ...] = (schedule_id, slot_to_user_id(slot), *(entry or ()))
        verb = "clear" if entry is None else "set"
        response = await self._send(f"{verb}_{kind}_schedule", *args)
        status = _status_of(response)
        if status == _STATUS_SUCCESS or (verb == "clear" and status == _STATUS_NOT_FOUND):
            return
        raise ProviderError(
            f"{self.entity_id} could not {verb} a {kind.replace('_', '-')} "
            f"schedule of slot {slot} (status {status})"
        )

    def _check_write(self, response: Any, verb: str, slot: int) -> None:
        """Raise ProviderError unless the lock answered success.

        A success answer means the lock accepted the command, not that the slot
        holds the code: the sync engine still reads back where the lock allows.
        """
        status = _status_of(response)
        if status == _STATUS_SUCCESS:
            return
        if status is None:
            reason = "no status"
        else:
            reason = _WRITE_STATUS.get(status, f"status {status:#04x}")
        raise ProviderError(f"{self.entity_id} could not {verb} slot {slot}: {reason}")

    @callback
    def _attach(self, on_report: ReportCallback) -> Callable[[], None] | None:
        """Follow zha_event for accesses, and the lock's zigpy clusters for the rest.

        Alarms and programming events reach no zha_event, so the provider listens on
        the zigpy cluster objects themselves; ZHA builds new ones when it reloads.
        """
        try:
            door_lock = async_get_door_lock_cluster(self.hass, self.entity_id)
        except LockUnavailable:
            _LOGGER.debug("No door lock cluster for %s yet: not followed", self.entity_id)
            return None
        registry = er.async_get(self.hass)

        @callback
        def _zha_event(event: Event[dict[str, Any]]) -> None:
            data = event.data
            if data.get("cluster_id") != DOOR_LOCK_CLUSTER_ID or data.get("command") != (
                OPERATION_EVENT
            ):
                return
            entry = registry.async_get(self.entity_id)
            if (
                entry is None
                or entry.device_id is None
                or data.get(ATTR_DEVICE_ID) != (entry.device_id)
            ):
                return
            report = access_event_from_zha(data.get("args"))
            if report is not None:
                on_report(report)

        listeners: list[tuple[Any, Any]] = [(door_lock, _ProgrammingListener(on_report, self))]
        alarms = door_lock.endpoint.in_clusters.get(ALARMS_CLUSTER_ID)
        if alarms is not None:
            listeners.append((alarms, _AlarmListener(on_report)))
        for cluster, listener in listeners:
            cluster.add_listener(listener)
        unsub_event = self.hass.bus.async_listen(ZHA_EVENT, _zha_event)

        @callback
        def _detach() -> None:
            unsub_event()
            for cluster, listener in listeners:
                cluster.remove_listener(listener)

        return _detach

    def _forget(self, slot: int) -> None:
        """Drop what is known of a slot's entries: the user was changed at the lock."""
        self._entries.pop(slot, None)

    def _is_own_echo(self, slot: int, source: int) -> bool:
        """Return whether a programming event is the lock echoing Housekey's own write.

        Some locks announce every PIN change, also those made over Zigbee. Reading
        those slots back would double the frames of every write on a sleepy radio;
        an RF-sourced event for a slot Housekey wrote moments ago is taken for that.
        """
        return source == _SOURCE_RF and self.is_echo(slot)


class _AlarmListener:
    """Door Lock alarms, which the lock sends on its Alarms cluster (a zigpy listener)."""

    def __init__(self, on_report: ReportCallback) -> None:
        self._on_report = on_report

    def cluster_command(self, tsn: int, command_id: int, args: Any) -> None:
        """Handle a command the lock sent on its Alarms cluster."""
        if command_id != 0x00:  # Alarms "alarm" (server to client)
            return
        alarm = lock_alarm_from_zcl(int(args.alarm_code), int(args.cluster_id))
        if alarm is not None:
            self._on_report(alarm)


class _ProgrammingListener:
    """PIN codes added, changed or deleted outside Housekey (Programming Event Notification).

    ZHA's door lock cluster handler forwards only Operation Event Notifications as
    `zha_event`; programming events reach nobody unless listened for here. The frame
    may carry the PIN: only the user id and the event code are read from it.
    """

    def __init__(self, on_report: ReportCallback, provider: ZhaProvider) -> None:
        self._on_report = on_report
        self._provider = provider

    def cluster_command(self, tsn: int, command_id: int, args: Any) -> None:
        """Handle a command the lock sent on its Door Lock cluster (zigpy listener)."""
        if command_id != PROGRAMMING_EVENT_ID:
            return
        try:
            source = int(args.program_event_source)
            code = int(args.program_event_code)
            user_id = int(args.user_id)
        except (AttributeError, TypeError, ValueError):
            return  # a frame zigpy could not parse into the ZCL schema
        change = slot_change_from_zcl(code, user_id)
        if change is not None and not self._provider._is_own_echo(change.slot, source):
            self._provider._forget(change.slot)
            self._on_report(change)


def slot_change_from_zcl(event_code: int, user_id: int) -> SlotChanged | None:
    """Normalize a Programming Event Notification to the slot whose PIN changed."""
    if event_code not in _PIN_PROGRAMMING_EVENTS or not 0 <= user_id <= MAX_USER_ID:
        return None
    return SlotChanged(user_id_to_slot(user_id))


def lock_alarm_from_zcl(alarm_code: int, cluster_id: int) -> LockAlarm | None:
    """Normalize a Door Lock alarm; other clusters' alarms are not Housekey's."""
    if cluster_id != DOOR_LOCK_CLUSTER_ID or alarm_code not in _ALARMS:
        return None
    kind, detail = _ALARMS[alarm_code]
    return LockAlarm(kind, detail)


def access_event_from_zha(args: Any) -> AccessEvent | None:
    """Normalize the args of ZHA's operation_event_notification zha_event.

    ZHA sends {"source", "operation", "code_slot"} with code_slot already
    1-based (user_id + 1). The slot is kept only where it names the code
    typed on the keypad: a wrong PIN matches no user (locks send user 0 or
    0xFFFF), and RF/manual operations carry no PIN user at all.
    """
    if not isinstance(args, dict):
        return None
    operation = args.get("operation")
    method = _METHOD_BY_OPERATION.get(str(operation)) or _SOURCES.get(
        str(args.get("source")), Method.UNKNOWN
    )
    raw_slot = args.get("code_slot")
    slot = (
        raw_slot
        if method is Method.KEYPAD
        and isinstance(raw_slot, int)
        and 1 <= raw_slot <= MAX_USER_ID + 1
        else None
    )
    if operation in _GRANTED:
        return AccessEvent(Outcome.GRANTED, method, slot)
    if operation == _DENIED_BAD_CODE:
        return AccessEvent(Outcome.DENIED, method, None)
    if operation == _DENIED_SCHEDULE:
        # The code was right but outside its schedule: the slot names the person.
        return AccessEvent(Outcome.DENIED, method, slot)
    return None


__all__ = [
    "ZhaProvider",
    "access_event_from_zha",
    "async_get_door_lock_cluster",
    "lock_alarm_from_zcl",
    "slot_change_from_zcl",
    "slot_to_user_id",
    "user_id_to_slot",
]
