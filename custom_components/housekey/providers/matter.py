"""Matter locks, reached through the client Home Assistant's matter integration holds.

A Matter Door Lock keeps *users* and *credentials* in two 1-based tables. Housekey
slot N is PIN credential N, held by user N that Housekey creates for it; credential
index 0 is the lock's programming PIN and is never touched. PINs are write-only on
the wire: GetCredentialStatus tells whether a credential exists and which user holds
it, never its digits, so reads are MASKED.

Writes are Door Lock cluster commands sent with the Matter client of Home
Assistant's `matter` integration, as timed requests, as the cluster requires. The
operations that carry no secret use Home Assistant's own Matter lock actions
(`matter.get_lock_credential_status`, `matter.clear_lock_credential`,
`matter.clear_lock_user`). SetCredential always goes through the client: every
action call is put on the event bus as `call_service` with its data, and the
recorder would keep the PIN.

On locks with the week-day (WDSCH) and year-day (YDSCH) schedule features a
person's windows go onto the lock: user N gets the ScheduleRestrictedUser type and
SetWeekDaySchedule / SetYearDaySchedule entries 1..n (within the lock's
NumberOf...SchedulesSupportedPerUser), so the lock admits and refuses on its own
clock with Home Assistant down. Entries are written before the PIN of a new user;
a changed schedule is rewritten in the order matter_schedules.rewrite gives, so the
user is never admitted outside both its old and its new windows. Read-back asks for
every index the lock offers (GetUser, then one Get command per index: 1 + W + Y
commands for a lock with W week-day and Y year-day entries per user), so an entry
anywhere, also beyond an empty index, is seen; a lock that lost a schedule is found
and written again. Matter announces no support for disposable users, so single-use
guests stay Home Assistant's to end.

The lock's clock is the node's Time Synchronization cluster where it has one
(matter_clock.py): SetUTCTime, and the household's time zone and daylight-saving
offsets on nodes with the TZ feature; read back as UTCTime and LocalTime.

Access reports come from the Door Lock events the lock sends (LockOperation,
LockOperationError, DoorLockAlarm; normalized in matter_events.py), received through
the client's node-event subscription. LockUserChange (a PIN added, modified or
cleared, e.g. at the keypad or by another Matter admin) becomes SlotChanged, so the
sync engine reads that slot back at once; the lock's echo of Housekey's own writes is
dropped.

`chip` (the cluster objects) and `matter_server` ship with Home Assistant's matter
integration and are loaded when it is set up; they are imported only when a Matter
lock is actually used, so Housekey loads without them.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum, IntFlag
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from ..core.clock import ClockSet, LockTime
from ..core.lock_schedule import NOBODY, UNRESTRICTED, LockSchedule, ScheduleSupport
from .base import (
    Capabilities,
    LockProvider,
    LockReport,
    LockUnavailable,
    Method,
    ProviderError,
    Readback,
    ReportCallback,
    SlotChanged,
    SlotRead,
    SlotState,
    WriteResult,
    caused_by,
)
from .matter_clock import (
    FEATURE_TIME_ZONE,
    TIME_SYNC_CLUSTER_ID,
    TimeAttr,
    dst_offsets,
    epoch_us,
    local_of,
    time_zone,
    utc_of,
)
from .matter_events import (
    HOUSEKEY_USER_NAME,
    SET_CREDENTIAL_STATUS,
    SOURCE_REMOTE,
    CredentialStatus,
    CredentialType,
    DataOperation,
    LockDataType,
    LockEventId,
    UserRecord,
    as_int,
    credential_slot,
    field_of,
    matter_index,
    slot_of_index,
    translate_event,
)
from .matter_schedules import (
    SCHEDULED_USER_TYPES,
    USER_SCHEDULE_RESTRICTED,
    USER_UNRESTRICTED,
    ClearEntry,
    HeldEntries,
    Kind,
    ModifyUser,
    Step,
    WeekDayFields,
    YearDayFields,
    held_schedule,
    rewrite,
    wanted,
)

if TYPE_CHECKING:
    from matter_server.client import MatterClient
    from matter_server.client.models.node import MatterNode
    from matter_server.common.models import MatterNodeEvent

MATTER_DOMAIN: Final = "matter"
DOOR_LOCK_CLUSTER_ID: Final = 257

#: Timed-request window for the commands that change the lock (the cluster marks
#: SetUser, ClearUser, SetCredential and ClearCredential as timed). Home Assistant's
#: own lock actions use the same 10 s, long enough for sleepy Thread locks.
TIMED_REQUEST_TIMEOUT_MS: Final = 10_000
#: Upper bound for one command round trip; past it the lock counts as unreachable.
COMMAND_TIMEOUT: Final = 45.0

#: Translation key (config.error) when a Matter lock cannot hold PIN users.
REFUSAL_NO_PIN_USERS: Final = "no_user_codes"


class Attr(IntEnum):
    """Door Lock cluster attribute ids read for capabilities."""

    TOTAL_USERS = 17  # NumberOfTotalUsersSupported
    PIN_USERS = 18  # NumberOfPINUsersSupported
    WEEK_DAYS_PER_USER = 20  # NumberOfWeekDaySchedulesSupportedPerUser
    YEAR_DAYS_PER_USER = 21  # NumberOfYearDaySchedulesSupportedPerUser
    MAX_PIN_LENGTH = 23  # MaxPINCodeLength
    MIN_PIN_LENGTH = 24  # MinPINCodeLength
    WRONG_CODE_ENTRY_LIMIT = 48  # WrongCodeEntryLimit (1-255, optional, writable)
    USER_CODE_TEMPORARY_DISABLE_TIME = 49  # UserCodeTemporaryDisableTime (s, 1-255)
    ATTRIBUTE_LIST = 65531
    FEATURE_MAP = 65532


class Feature(IntFlag):
    """Door Lock cluster feature map bits that matter to Housekey."""

    PIN_CREDENTIAL = 0x1
    RFID_CREDENTIAL = 0x2
    WEEK_DAY_SCHEDULES = 0x10
    USER = 0x100
    YEAR_DAY_SCHEDULES = 0x400


# --- finding the client, the node and the endpoint ----------------------------------


@dataclass(frozen=True, slots=True)
class MatterTarget:
    """Where the commands for one lock entity go."""

    client: MatterClient
    node: MatterNode
    endpoint_id: int

    def attribute(self, attribute_id: int) -> Any:
        """Return a cached Door Lock attribute of the endpoint, or None."""
        path = f"{self.endpoint_id}/{DOOR_LOCK_CLUSTER_ID}/{attribute_id}"
        return self.node.node_data.attributes.get(path)

    def live_attribute(self, attribute_id: int) -> Any:
        """Return a Door Lock attribute as last reported by the node (updates included)."""
        return self.node.get_attribute_value(self.endpoint_id, DOOR_LOCK_CLUSTER_ID, attribute_id)

    def time_sync(self) -> tuple[int, bool] | None:
        """Return the endpoint with the Time Synchronization cluster and whether it has TZ."""
        endpoint = next(
            (ep for ep in self.node.endpoints.values() if ep.has_cluster(TIME_SYNC_CLUSTER_ID)),
            None,
        )
        if endpoint is None:
            return None
        features = self.node.get_attribute_value(
            endpoint.endpoint_id, TIME_SYNC_CLUSTER_ID, TimeAttr.FEATURE_MAP
        )
        return endpoint.endpoint_id, bool((as_int(features) or 0) & FEATURE_TIME_ZONE)

    def schedule_support(self) -> ScheduleSupport:
        """Return the schedule entries per user the lock's features and attributes announce."""
        features = Feature(as_int(self.attribute(Attr.FEATURE_MAP)) or 0)
        week_days = as_int(self.attribute(Attr.WEEK_DAYS_PER_USER)) or 0
        year_days = as_int(self.attribute(Attr.YEAR_DAYS_PER_USER)) or 0
        return ScheduleSupport(
            week_days=week_days if Feature.WEEK_DAY_SCHEDULES in features else 0,
            year_days=year_days if Feature.YEAR_DAY_SCHEDULES in features else 0,
        )


#: Entry states in which the matter integration's runtime_data holds a live client.
_CLIENT_STATES: Final = frozenset({ConfigEntryState.SETUP_IN_PROGRESS, ConfigEntryState.LOADED})


@callback
def async_get_matter_target(hass: HomeAssistant, entity_id: str) -> MatterTarget | None:
    """Return the Matter client, node and endpoint behind a lock entity, or None.

    This is the one place that knows Home Assistant's matter internals: the client
    sits in `entry.runtime_data.adapter`. The integration sets runtime_data before it
    forwards its platforms, so the entities (and their state changes) exist while the
    entry is still SETUP_IN_PROGRESS: the client is taken from runtime_data in that
    state too, not only once LOADED. The node id and endpoint come from the entity's
    unique id,
    "<fabric hex>-<node hex>-<device postfix>-<endpoint>-<key>-<cluster>-<attribute>",
    which Home Assistant keeps stable because the entity registry depends on it.
    """
    entry = er.async_get(hass).async_get(entity_id)
    if entry is None or entry.platform != MATTER_DOMAIN or entry.config_entry_id is None:
        return None
    config_entry = hass.config_entries.async_get_entry(entry.config_entry_id)
    if config_entry is None or config_entry.state not in _CLIENT_STATES:
        return None
    entry_data = getattr(config_entry, "runtime_data", None)
    client = getattr(getattr(entry_data, "adapter", None), "matter_client", None)
    if client is None:
        return None
    parts = entry.unique_id.split("-")
    try:
        node_id = int(parts[1], 16)
        endpoint_id = int(parts[3])
    except (IndexError, ValueError):
        return None
    try:
        node = cast("MatterNode", client.get_node(node_id))
    except Exception:  # NodeNotExists (a MatterError); KeyError from older clients
        return None
    endpoint = node.endpoints.get(endpoint_id)
    if endpoint is None or not endpoint.has_cluster(DOOR_LOCK_CLUSTER_ID):
        endpoint = next(
            (ep for ep in node.endpoints.values() if ep.has_cluster(DOOR_LOCK_CLUSTER_ID)),
            None,
        )
    if endpoint is None:
        return None
    return MatterTarget(cast("MatterClient", client), node, endpoint.endpoint_id)


def _clusters() -> ModuleType:
    """Return chip's cluster objects (already imported by the matter integration)."""
    return importlib.import_module("chip.clusters.Objects")


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    """Return the Matter client's errors that mean the node cannot be reached now."""
    from matter_server.client.exceptions import MatterClientException
    from matter_server.common.errors import NodeNotExists, NodeNotReady, NodeNotResolving

    return (NodeNotReady, NodeNotResolving, NodeNotExists, MatterClientException)


def _pin_credential(index: int) -> Any:
    """Return the CredentialStruct naming PIN credential `index`."""
    door_lock = _clusters().DoorLock
    return door_lock.Structs.CredentialStruct(
        credentialType=door_lock.Enums.CredentialTypeEnum.kPin, credentialIndex=index
    )


def _user_type(schedule: LockSchedule | None) -> int:
    """Return the UserTypeEnum of a user with this schedule (None: Home Assistant's windows)."""
    windowed = schedule is not None and schedule.windowed
    return USER_SCHEDULE_RESTRICTED if windowed else USER_UNRESTRICTED


def _user_status(enabled: bool | None) -> Any:
    """Return the UserStatusEnum of an enabled or disabled user (None: left as it is)."""
    statuses = _clusters().DoorLock.Enums.UserStatusEnum
    if enabled is None:
        return None
    return statuses.kOccupiedEnabled if enabled else statuses.kOccupiedDisabled


#: UserStatusEnum kOccupiedDisabled: the lock keeps the user but admits it nowhere
_USER_DISABLED: Final = 3


def _week_day_of(response: Any) -> WeekDayFields | None:
    """Return the entry of a GetWeekDayScheduleResponse, or None for an empty index."""
    if as_int(field_of(response, "status")) != 0:
        return None
    return WeekDayFields(
        *(
            as_int(field_of(response, name)) or 0
            for name in ("daysMask", "startHour", "startMinute", "endHour", "endMinute")
        )
    )


def _year_day_of(response: Any) -> YearDayFields | None:
    """Return the entry of a GetYearDayScheduleResponse, or None for an empty index."""
    if as_int(field_of(response, "status")) != 0:
        return None
    return (
        as_int(field_of(response, "localStartTime")) or 0,
        as_int(field_of(response, "localEndTime")) or 0,
    )


# --- the provider ----------------------------------------------------------------------


class MatterProvider(LockProvider):
    """PIN slots of a Matter Door Lock with the USR and PIN features."""

    backend = "matter"
    integration = MATTER_DOMAIN
    #: Every Matter command is acknowledged end to end and the Matter server already
    #: queues the commands of one node, so no gap is needed between them.
    pacing = 0.0
    #: a remote LockUserChange this long after Housekey's own change of the slot is the
    #: lock's echo of that change (the sync engine verifies writes anyway)
    echo_window = 10.0
    #: GetCredentialStatus names the next occupied credential: empty slots are skipped
    bulk_read = True

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind the provider to a Matter lock entity."""
        super().__init__(hass, entity_id)
        #: Matter user index -> the slot of its PIN credential (None: it has none),
        #: learned from reads, writes and GetUser, for events that name only the user.
        self._slot_by_user: dict[int, int | None] = {}
        #: GetUser lookups under way, by user index (events for that user wait on it)
        self._lookups: dict[int, asyncio.Task[None]] = {}
        #: what each user holds (type, status, every schedule entry), where known from
        #: Housekey's own reads and commands since start; see matter_schedules.rewrite
        self._held: dict[int, HeldEntries] = {}

    # ---- lookup ----

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Refuse Matter locks that cannot keep PIN users (no USR or PIN feature)."""
        target = async_get_matter_target(hass, entity_id)
        if target is None:
            return None  # not loaded yet: decide when it is
        features = Feature(as_int(target.attribute(Attr.FEATURE_MAP)) or 0)
        if Feature.USER in features and Feature.PIN_CREDENTIAL in features:
            return None
        return REFUSAL_NO_PIN_USERS

    def _target(self) -> MatterTarget:
        """Return the lock's target or raise LockUnavailable."""
        target = async_get_matter_target(self.hass, self.entity_id)
        if target is None:
            raise LockUnavailable(f"{self.entity_id} is not a loaded Matter lock")
        return target

    @property
    def available(self) -> bool:
        """Return whether the Matter server reports the node reachable."""
        target = async_get_matter_target(self.hass, self.entity_id)
        return target is not None and target.node.available

    # ---- capabilities ----

    async def async_capabilities(self) -> Capabilities:
        """Read slots, PIN lengths and features from the lock's Door Lock attributes."""
        target = self._target()
        features = Feature(as_int(target.attribute(Attr.FEATURE_MAP)) or 0)
        if Feature.USER not in features or Feature.PIN_CREDENTIAL not in features:
            raise ProviderError(f"{self.entity_id} does not support PIN users")
        pin_users = as_int(target.attribute(Attr.PIN_USERS))
        total_users = as_int(target.attribute(Attr.TOTAL_USERS))
        if not pin_users or not total_users:
            raise ProviderError(f"{self.entity_id} does not report its user capacity")
        methods = {Method.KEYPAD, Method.REMOTE}
        support = target.schedule_support()
        if Feature.RFID_CREDENTIAL in features:
            methods.add(Method.NFC)
        return Capabilities(
            # user N holds PIN credential N, so both tables bound the slots
            slots=min(pin_users, total_users),
            pin_min=as_int(target.attribute(Attr.MIN_PIN_LENGTH)) or 4,
            pin_max=as_int(target.attribute(Attr.MAX_PIN_LENGTH)) or 8,
            # PINs are write-only: occupancy is known, digits are not
            readback=Readback.MASKED,
            methods=frozenset(methods),
            week_day_schedules=support.week_days,
            year_day_schedules=support.year_days,
        )

    # ---- sending ----

    async def _guard[T](self, call: Awaitable[T]) -> T:
        """Await one command; map the stack's failures to the provider's errors."""
        from matter_server.common.errors import MatterError

        try:
            async with asyncio.timeout(COMMAND_TIMEOUT):
                return await call
        except _unreachable_errors() as err:
            raise LockUnavailable(f"{self.entity_id} is unreachable: {err}") from err
        except TimeoutError as err:
            raise LockUnavailable(f"{self.entity_id} did not answer in time") from err
        except MatterError as err:
            raise ProviderError(f"{self.entity_id} refused the command: {err}") from err
        except asyncio.CancelledError as err:
            # the client cancels pending commands when its connection drops
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
            raise LockUnavailable(f"{self.entity_id}: the Matter server went away") from err

    def action_unreachable(self, err: HomeAssistantError) -> bool:
        """HA's lock actions wrap the server's error: "node not ready" inside is unreachable.

        The server knows before Home Assistant hears that the node went away.
        """
        target = async_get_matter_target(self.hass, self.entity_id)
        node_gone = target is None or not target.node.available
        return node_gone or caused_by(err, _unreachable_errors())

    async def _command(
        self, target: MatterTarget, command: Any, *, timed: bool, endpoint_id: int | None = None
    ) -> Any:
        """Send one command with the Matter client (to the Door Lock endpoint by default)."""
        if not target.node.available:
            raise LockUnavailable(f"{self.entity_id} is not reachable")
        return await self._guard(
            target.client.send_device_command(
                node_id=target.node.node_id,
                endpoint_id=target.endpoint_id if endpoint_id is None else endpoint_id,
                command=command,
                timed_request_timeout_ms=TIMED_REQUEST_TIMEOUT_MS if timed else None,
            ),
        )

    async def _action(
        self, target: MatterTarget, action: str, data: dict[str, Any]
    ) -> Mapping[str, Any]:
        """Call one of Home Assistant's Matter lock actions on this entity."""
        if not target.node.available:
            raise LockUnavailable(f"{self.entity_id} is not reachable")
        respond = action.startswith("get_")
        return await self._guard(
            self.async_call_action(MATTER_DOMAIN, action, data, response=respond)
        )

    # ---- Door Lock operations ----

    async def _credential_status(self, target: MatterTarget, index: int) -> CredentialStatus:
        """Ask whether PIN credential `index` exists and which user holds it."""
        response = await self._action(
            target,
            "get_lock_credential_status",
            {"credential_type": "pin", "credential_index": index},
        )
        status = CredentialStatus(
            exists=bool(response.get("credential_exists")),
            user_index=as_int(response.get("user_index")),
            next_index=as_int(response.get("next_credential_index")),
        )
        if status.exists and status.user_index is not None:
            self._slot_by_user[status.user_index] = index
        return status

    async def _get_user(self, target: MatterTarget, index: int) -> UserRecord | None:
        """Read user `index`; None when the user slot is empty."""
        response = await self._command(
            target, _clusters().DoorLock.Commands.GetUser(userIndex=index), timed=False
        )
        if field_of(response, "userStatus") is None:
            return None
        credentials = field_of(response, "credentials") or []
        return UserRecord(
            index=index,
            name=field_of(response, "userName"),
            user_type=as_int(field_of(response, "userType")),
            enabled=as_int(field_of(response, "userStatus")) != _USER_DISABLED,
            credentials=frozenset(
                (int(field_of(c, "credentialType")), int(field_of(c, "credentialIndex")))
                for c in credentials
            ),
        )

    async def _set_user(
        self,
        target: MatterTarget,
        index: int,
        user_type: int | None,
        *,
        add: bool,
        enabled: bool | None = None,
    ) -> None:
        """Create Housekey's user `index` (enabled, one credential), or change its type or status.

        A Modify leaves every field sent as null as the lock holds it.
        """
        door_lock = _clusters().DoorLock
        types = door_lock.Enums.UserTypeEnum
        await self._command(
            target,
            door_lock.Commands.SetUser(
                operationType=door_lock.Enums.DataOperationTypeEnum.kAdd
                if add
                else door_lock.Enums.DataOperationTypeEnum.kModify,
                userIndex=index,
                userName=HOUSEKEY_USER_NAME if add else None,
                userUniqueID=None,
                userStatus=_user_status(True if add else enabled),
                userType=None if user_type is None else types(user_type),
                credentialRule=door_lock.Enums.CredentialRuleEnum.kSingle if add else None,
            ),
            timed=True,
        )

    async def _set_credential(
        self,
        target: MatterTarget,
        operation: DataOperation,
        index: int,
        code: str,
        user_index: int | None,
        user_type: int | None = None,
        enabled: bool | None = None,
    ) -> int | None:
        """Store PIN credential `index`; return the user the lock filed it under.

        `user_type` and `enabled` describe the user the lock creates (only without
        `user_index`).
        """
        door_lock = _clusters().DoorLock
        response = await self._command(
            target,
            door_lock.Commands.SetCredential(
                operationType=door_lock.Enums.DataOperationTypeEnum(operation),
                credential=_pin_credential(index),
                credentialData=code.encode(),
                userIndex=user_index,
                userStatus=_user_status(enabled),
                userType=None if user_type is None else door_lock.Enums.UserTypeEnum(user_type),
            ),
            timed=True,
        )
        status = as_int(field_of(response, "status"))
        if status != 0:
            reason = SET_CREDENTIAL_STATUS.get(status, f"status {status}")
            raise ProviderError(f"{self.entity_id} rejected the PIN in slot {index}: {reason}")
        return as_int(field_of(response, "userIndex")) or user_index

    async def _clear_credential(self, target: MatterTarget, index: int) -> None:
        """Delete PIN credential `index`."""
        await self._action(
            target, "clear_lock_credential", {"credential_type": "pin", "credential_index": index}
        )

    async def _clear_user(self, target: MatterTarget, index: int) -> None:
        """Delete user `index` with its credentials (and, by the cluster, its schedules)."""
        self._held.pop(index, None)
        await self._action(target, "clear_lock_user", {"user_index": index})

    # ---- schedules ----

    async def _put_schedule(
        self,
        target: MatterTarget,
        user: int,
        schedule: LockSchedule,
        *,
        live: bool,
        held: HeldEntries | None = None,
        record: UserRecord | None = None,
    ) -> None:
        """Give user `user` exactly the schedule's entries and the type that goes with it.

        `held` is what the user holds when the caller knows (a user just created), else
        what Housekey learnt since start; `live` says whether the user's PIN can open
        the door meanwhile. matter_schedules.rewrite orders the commands. A user the
        lock holds unrestricted and enabled that is to stay so is left alone (the
        cluster ignores an unrestricted user's entries), at the cost of one GetUser
        where nothing is known (none when the caller has just read it: `record`).
        """
        zone = dt_util.get_default_time_zone()
        want = wanted(schedule, zone)
        held = held if held is not None else self._held.get(user)
        if held is None and not schedule.windowed:
            record = record or await self._get_user(target, user)
            if record is None or (record.enabled and record.user_type not in SCHEDULED_USER_TYPES):
                return
        support = target.schedule_support()
        supported = {Kind.WEEK_DAY: support.week_days, Kind.YEAR_DAY: support.year_days}
        steps = rewrite(held, want, supported, live=live)
        self._held.pop(user, None)  # not known while the commands are under way
        for step in steps:
            await self._step(target, user, step)
        self._held[user] = want

    async def _step(self, target: MatterTarget, user: int, step: Step) -> None:
        """Send one command of a schedule rewrite."""
        door_lock = _clusters().DoorLock
        commands = door_lock.Commands
        if isinstance(step, ModifyUser):
            await self._set_user(target, user, step.user_type, add=False, enabled=step.enabled)
            return
        if isinstance(step, ClearEntry):
            clear = (
                commands.ClearWeekDaySchedule(weekDayIndex=step.index, userIndex=user)
                if step.kind is Kind.WEEK_DAY
                else commands.ClearYearDaySchedule(yearDayIndex=step.index, userIndex=user)
            )
            await self._command(target, clear, timed=False)
            return
        if isinstance(step.fields, WeekDayFields):
            fields = step.fields
            command = commands.SetWeekDaySchedule(
                weekDayIndex=step.index,
                userIndex=user,
                daysMask=fields.days_mask,
                startHour=fields.start_hour,
                startMinute=fields.start_minute,
                endHour=fields.end_hour,
                endMinute=fields.end_minute,
            )
        else:
            start, end = step.fields
            command = commands.SetYearDaySchedule(
                yearDayIndex=step.index, userIndex=user, localStartTime=start, localEndTime=end
            )
        await self._command(target, command, timed=False)

    async def _read_schedule(self, target: MatterTarget, user: int) -> LockSchedule | None:
        """Rebuild a user's schedule from the lock: its type, then every entry it holds.

        The Get commands answer one index each and name no next one, so every index
        the lock offers is asked (W + Y commands after the GetUser): an entry beyond an
        empty index still admits, and is seen. A user left unrestricted costs the
        GetUser alone. None: the user is gone.
        """
        record = await self._get_user(target, user)
        if record is None or not record.enabled or record.user_type not in SCHEDULED_USER_TYPES:
            self._held.pop(user, None)
            if record is None:
                return None
            return UNRESTRICTED if record.enabled else NOBODY
        support = target.schedule_support()
        door_lock = _clusters().DoorLock
        week_days: dict[int, WeekDayFields] = {}
        for number in range(1, support.week_days + 1):
            get_week = door_lock.Commands.GetWeekDaySchedule(weekDayIndex=number, userIndex=user)
            if week := _week_day_of(await self._command(target, get_week, timed=False)):
                week_days[number] = week
        year_days: dict[int, YearDayFields] = {}
        for number in range(1, support.year_days + 1):
            get_year = door_lock.Commands.GetYearDaySchedule(yearDayIndex=number, userIndex=user)
            if year := _year_day_of(await self._command(target, get_year, timed=False)):
                year_days[number] = year
        held = HeldEntries(record.user_type or 0, True, week_days, year_days)
        self._held[user] = held
        return held_schedule(held, dt_util.get_default_time_zone())

    async def _slot_read(self, target: MatterTarget, status: CredentialStatus) -> SlotRead:
        """Return a slot as read: occupied, with its user's schedule where the lock holds them."""
        if not status.exists:
            return SlotRead(SlotState.EMPTY)
        support = target.schedule_support()
        schedule = None
        if (support.week_days or support.year_days) and status.user_index is not None:
            schedule = await self._read_schedule(target, status.user_index)
        return SlotRead(SlotState.MASKED, schedule=schedule)

    # ---- the provider interface ----

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read whether PIN credential N exists (one GetCredentialStatus), and its schedule."""
        target = self._target()
        return await self._slot_read(
            target, await self._credential_status(target, matter_index(slot))
        )

    async def async_read_slots(self, slots: range) -> dict[int, SlotRead]:
        """Read many slots, jumping over empty ones with NextCredentialIndex.

        The lock names the next occupied PIN credential in every answer, so a full
        read costs one command per occupied slot plus one.
        """
        target = self._target()
        result = {slot: SlotRead(SlotState.EMPTY) for slot in slots}
        wanted = sorted(result)
        position = 0
        while position < len(wanted):
            slot = wanted[position]
            status = await self._credential_status(target, matter_index(slot))
            if status.exists:
                result[slot] = await self._slot_read(target, status)
            following = slot_of_index(status.next_index)
            if following is None or following <= slot:
                if status.next_index is None:
                    break  # nothing occupied past this one
                position += 1  # the lock answered nonsense: walk on one by one
                continue
            while position < len(wanted) and wanted[position] < following:
                position += 1
        return result

    async def async_write_code(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Put a PIN in slot N: modify credential N, or add user N and credential N.

        With a schedule, user N gets its entries before the PIN, so the code never
        opens outside them.
        """
        target = self._target()
        self.refuse_schedule(schedule, target.schedule_support())
        index = matter_index(slot)
        with self.own_change(slot):
            return await self._write_code(target, slot, index, code, schedule)

    async def _write_code(
        self,
        target: MatterTarget,
        slot: int,
        index: int,
        code: str,
        schedule: LockSchedule | None,
    ) -> WriteResult:
        status = await self._credential_status(target, index)
        if status.exists:
            if schedule is not None and status.user_index is not None:
                await self._put_schedule(target, status.user_index, schedule, live=True)
            owner = await self._set_credential(
                target, DataOperation.MODIFY, index, code, status.user_index
            )
        else:
            user = await self._get_user(target, index)
            user_type = _user_type(schedule)
            created = False
            if user is None:
                await self._set_user(target, index, user_type, add=True)
                created = True
            # a user someone else made at N keeps its own credentials: let the
            # lock file the PIN under a new user instead (of the schedule's type,
            # disabled until its entries are on: a schedule user without any may
            # open at all hours)
            user_index = index if created or (user is not None and user.is_housekeys) else None
            filed = schedule is not None and user_index is None
            guarded = filed and schedule is not None and schedule.windowed
            try:
                if schedule is not None and user_index is not None:
                    fresh = HeldEntries(user_type) if created else None
                    await self._put_schedule(
                        target, user_index, schedule, live=False, held=fresh, record=user
                    )
                owner = await self._set_credential(
                    target,
                    DataOperation.ADD,
                    index,
                    code,
                    user_index,
                    user_type if filed else None,
                    False if guarded else None,
                )
            except ProviderError:
                if created:  # leave no empty user behind
                    await self._clear_user(target, index)
                raise
            if schedule is not None and filed and owner is not None:
                lock_made = HeldEntries(user_type, enabled=not guarded)
                await self._put_schedule(target, owner, schedule, live=True, held=lock_made)
        if owner is not None:
            self._slot_by_user[owner] = slot
        return WriteResult.SENT

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty slot N: drop Housekey's user N, or only credential N if shared."""
        target = self._target()
        index = matter_index(slot)
        with self.own_change(slot):
            return await self._clear_code(target, index)

    async def _clear_code(self, target: MatterTarget, index: int) -> WriteResult:
        status = await self._credential_status(target, index)
        if not status.exists:
            return WriteResult.SENT
        owner = status.user_index
        user = await self._get_user(target, owner) if owner is not None else None
        if (
            user is not None
            and user.is_housekeys
            and user.credentials <= {(CredentialType.PIN, index)}
        ):
            await self._clear_user(target, user.index)
        else:
            await self._clear_credential(target, index)
        if owner is not None:
            self._slot_by_user.pop(owner, None)
        return WriteResult.SENT

    # ---- reports ----

    def _is_own_echo(self, change: SlotChanged, data: Mapping[str, Any]) -> bool:
        """Return whether a LockUserChange is the lock announcing Housekey's own change.

        Locks announce every change, also those made with Matter commands; reading
        each written slot back once more would cost a command per write. A remote
        change of a slot Housekey changed moments ago is taken for that echo.
        """
        return data.get("operationSource") == SOURCE_REMOTE and self.is_echo(change.slot)

    def _report_of(self, node_event: MatterNodeEvent) -> LockReport | None:
        """Translate a node event; follow user changes and drop echoes of Housekey's own."""
        report = translate_event(node_event.event_id, node_event.data, self._slot_by_user.get)
        if node_event.event_id == LockEventId.LOCK_USER_CHANGE:
            data = node_event.data or {}
            self._follow_user_change(data)
            if isinstance(report, SlotChanged) and self._is_own_echo(report, data):
                return None
        return report

    def _follow_user_change(self, data: Mapping[str, Any]) -> None:
        """Keep the user -> slot map in step with a LockUserChange."""
        user_index = as_int(data.get("userIndex"))
        index = as_int(data.get("dataIndex"))
        operation = data.get("dataOperationType")
        if data.get("lockDataType") == LockDataType.USER_INDEX:
            if operation == DataOperation.CLEAR and index is not None:
                self._slot_by_user.pop(index, None)
                self._held.pop(index, None)
            return
        if data.get("lockDataType") != LockDataType.PIN or (slot := slot_of_index(index)) is None:
            return
        if operation == DataOperation.CLEAR:
            for user in [u for u, s in self._slot_by_user.items() if s == slot]:
                self._slot_by_user[user] = None
        elif user_index is not None:
            self._slot_by_user[user_index] = slot

    def _needs_lookup(self, data: Mapping[str, Any] | None) -> int | None:
        """Return the user an opening event names without a PIN credential, if unknown."""
        data = data or {}
        user_index = as_int(data.get("userIndex"))
        if (
            user_index is None
            or user_index in self._slot_by_user
            or credential_slot(data.get("credentials")) is not None
        ):
            return None
        return user_index

    async def _learn_user(self, user_index: int) -> None:
        """Find which PIN credential (slot) a user holds, with one GetUser."""
        try:
            user = await self._get_user(self._target(), user_index)
        except ProviderError:
            return  # the event goes out without a slot
        pins = sorted(i for kind, i in (user.credentials if user else ()) if kind == 1)
        self._slot_by_user[user_index] = slot_of_index(pins[0]) if pins else None

    # ---- the keypad's own wrong-code limit ----

    async def async_harden_keypad(self, limit: int, lockout_s: int) -> bool:
        """Write WrongCodeEntryLimit and UserCodeTemporaryDisableTime where the lock has them.

        Both are optional Door Lock attributes (1-255; the lock then disables code
        entry for that many seconds after that many wrong codes). Only the ones in
        the endpoint's attribute list are written, and only when they differ.
        """
        target = self._target()
        if not target.node.available:
            raise LockUnavailable(f"{self.entity_id} is not reachable")
        listed = target.live_attribute(Attr.ATTRIBUTE_LIST)
        wanted = {
            Attr.WRONG_CODE_ENTRY_LIMIT: min(max(limit, 1), 255),
            Attr.USER_CODE_TEMPORARY_DISABLE_TIME: min(max(lockout_s, 1), 255),
        }
        present = {a: v for a, v in wanted.items() if isinstance(listed, list) and a in listed}
        for attribute, value in present.items():
            if as_int(target.live_attribute(attribute)) == value:
                continue
            result = await self._guard(
                target.client.write_attribute(
                    node_id=target.node.node_id,
                    attribute_path=f"{target.endpoint_id}/{DOOR_LOCK_CLUSTER_ID}/{attribute}",
                    value=value,
                ),
            )
            statuses = [field_of(r, "Status") for r in result] if isinstance(result, list) else []
            if any(status not in (None, 0) for status in statuses):
                raise ProviderError(f"{self.entity_id} refused attribute {attribute}")
        return bool(present)

    # ---- the lock's clock (matter_clock.py) ----

    async def async_set_clock(self, now: datetime) -> ClockSet:
        """Set the node's UTC time and, with the TZ feature, the household's zone and offsets.

        A node without the Time Synchronization cluster cannot be set: NOT_SUPPORTED.
        """
        target = self._target()
        if (found := target.time_sync()) is None:
            return ClockSet.NOT_SUPPORTED
        endpoint, has_zone = found
        sync = _clusters().TimeSynchronization
        set_utc = sync.Commands.SetUTCTime(
            UTCTime=epoch_us(now), granularity=sync.Enums.GranularityEnum.kSecondsGranularity
        )
        await self._command(target, set_utc, timed=False, endpoint_id=endpoint)
        if not has_zone:
            return ClockSet.SET
        zone = dt_util.get_default_time_zone()
        fields = time_zone(now, zone)
        entry = sync.Structs.TimeZoneStruct(
            offset=fields.offset, validAt=fields.valid_at, name=fields.name
        )
        answer = await self._command(
            target, sync.Commands.SetTimeZone(timeZone=[entry]), timed=False, endpoint_id=endpoint
        )
        if field_of(answer, "DSTOffsetRequired") is False:
            return ClockSet.SET  # the node knows the zone's rules itself
        size = target.node.get_attribute_value(
            endpoint, TIME_SYNC_CLUSTER_ID, TimeAttr.DST_OFFSET_LIST_MAX_SIZE
        )
        offsets = [
            sync.Structs.DSTOffsetStruct(
                offset=dst.offset,
                validStarting=dst.valid_starting,
                validUntil=_clusters().NullValue if dst.valid_until is None else dst.valid_until,
            )
            for dst in dst_offsets(now, zone, as_int(size) or 1)
        ]
        await self._command(
            target, sync.Commands.SetDSTOffset(DSTOffset=offsets), timed=False, endpoint_id=endpoint
        )
        return ClockSet.SET

    async def async_read_clock(self) -> LockTime | None:
        """Read UTCTime (and LocalTime, with the TZ feature) from the node itself."""
        target = self._target()
        if (found := target.time_sync()) is None:
            return None
        endpoint, has_zone = found
        if not target.node.available:
            raise LockUnavailable(f"{self.entity_id} is not reachable")
        prefix = f"{endpoint}/{TIME_SYNC_CLUSTER_ID}"
        paths = [f"{prefix}/{TimeAttr.UTC_TIME}"]
        if has_zone:
            paths.append(f"{prefix}/{TimeAttr.LOCAL_TIME}")
        values = await self._guard(target.client.read_attribute(target.node.node_id, paths))
        utc = as_int(values.get(paths[0]))
        local = as_int(values.get(paths[-1])) if has_zone else None
        if utc is None and local is None:
            return None  # the node does not know the time
        return LockTime(
            utc=None if utc is None else utc_of(utc),
            local=None if local is None else local_of(local),
        )

    async def async_unload(self) -> None:
        """Cancel user lookups still under way."""
        for task in list(self._lookups.values()):
            task.cancel()

    @callback
    def _attach(self, on_report: ReportCallback) -> Callable[[], None] | None:
        """Subscribe to the node's Door Lock events with the client of the loaded entry."""
        from matter_server.common.models import EventType

        target = async_get_matter_target(self.hass, self.entity_id)
        if target is None:
            return None

        @callback
        def on_node_event(_event: Any, node_event: MatterNodeEvent) -> None:
            if (
                node_event.endpoint_id == target.endpoint_id
                and node_event.cluster_id == DOOR_LOCK_CLUSTER_ID
            ):
                self._emit(node_event, on_report)

        unsubscribe: Callable[[], None] = target.client.subscribe_events(
            callback=on_node_event,
            event_filter=EventType.NODE_EVENT,
            node_filter=target.node.node_id,
        )
        return unsubscribe

    @callback
    def _emit(self, node_event: MatterNodeEvent, on_report: ReportCallback) -> None:
        """Report the event; first learn the user's slot when the event names only a user.

        Users and credentials are separate tables: user 7 need not hold PIN 7
        (another app made it, or the lock chose it), so a user is never taken
        for a slot without asking the lock.
        """
        user_index = self._needs_lookup(node_event.data)
        if user_index is None or node_event.event_id not in (
            LockEventId.LOCK_OPERATION,
            LockEventId.LOCK_OPERATION_ERROR,
        ):
            self._deliver(node_event, on_report)
            return
        task = self._lookups.get(user_index)
        if task is None:
            task = self.hass.async_create_background_task(
                self._learn_user(user_index), f"housekey matter user {user_index}"
            )
            self._lookups[user_index] = task

        @callback
        def done(finished: asyncio.Task[None]) -> None:
            self._lookups.pop(user_index, None)
            if not finished.cancelled():
                self._deliver(node_event, on_report)

        task.add_done_callback(done)

    @callback
    def _deliver(self, node_event: MatterNodeEvent, on_report: ReportCallback) -> None:
        report = self._report_of(node_event)
        if report is not None:
            on_report(report)
