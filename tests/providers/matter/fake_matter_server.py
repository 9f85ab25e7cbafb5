"""A fake Matter server speaking python-matter-server's websocket protocol on loopback.

Home Assistant's real `matter` integration and its real `MatterClient` connect to it,
so everything above the socket is the production code path: the client serializes
commands to JSON, this server parses them back into the SDK's command objects the
way the real server does (`dataclass_from_dict(..., allow_sdk_types=True)`), and a
small Door Lock model answers them with the cluster's semantics (1-based users and
credentials, write-only PINs, timed requests required for changes; week-day and
year-day schedule entries per user, refused past the lock's NumberOf...PerUser, and
cleared with their user; the user type and status a SetUser gives). Like a real
lock it announces every change of its user and credential tables with a
LockUserChange event (operation source Remote for Matter commands, Keypad for
`program_at_keypad`). Tests read `server.commands` to assert the exact commands,
arguments and timed-request settings, and `FakeDoorLock.admits` (with `watchers`,
called after each command) for whom the lock would open at a given wall-clock time.

A node made with `with_time_sync` also has the Time Synchronization cluster (0x0038)
on its root endpoint, with the time zone feature (`FakeTimeSync`): SetUTCTime, SetTimeZone
and SetDSTOffset checked and kept as the cluster specifies, UTCTime and LocalTime
answered live to `read_attribute` (they change every microsecond, so a node reports
neither by subscription).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from chip.clusters import Objects as clusters
from chip.clusters.ClusterObjects import ALL_CLUSTERS
from matter_server.common.const import SCHEMA_VERSION
from matter_server.common.helpers.json import json_dumps
from matter_server.common.helpers.util import dataclass_from_dict

FIXTURE = Path(__file__).parents[2] / "fixtures" / "matter" / "door_lock.json"
DOOR_LOCK = clusters.DoorLock
TIME_SYNC = clusters.TimeSynchronization
PIN = int(DOOR_LOCK.Enums.CredentialTypeEnum.kPin)
MUTATING = {"SetUser", "ClearUser", "SetCredential", "ClearCredential"}
#: the schedule commands that change the lock (not timed in the cluster)
SCHEDULING = {
    "SetWeekDaySchedule",
    "ClearWeekDaySchedule",
    "SetYearDaySchedule",
    "ClearYearDaySchedule",
}
#: the index that clears every schedule entry of a user
ALL_ENTRIES = 0xFE
STATUS_NOT_FOUND = 0x8B
LOCK_USER_CHANGE = int(DOOR_LOCK.Events.LockUserChange.event_id)
DATA_PIN = int(DOOR_LOCK.Enums.LockDataTypeEnum.kPin)
DATA_USER = int(DOOR_LOCK.Enums.LockDataTypeEnum.kUserIndex)
OP_ADD = int(DOOR_LOCK.Enums.DataOperationTypeEnum.kAdd)
OP_CLEAR = int(DOOR_LOCK.Enums.DataOperationTypeEnum.kClear)
OP_MODIFY = int(DOOR_LOCK.Enums.DataOperationTypeEnum.kModify)
SOURCE_KEYPAD = int(DOOR_LOCK.Enums.OperationSourceEnum.kKeypad)
SOURCE_REMOTE = int(DOOR_LOCK.Enums.OperationSourceEnum.kRemote)
USER_DISABLED = int(DOOR_LOCK.Enums.UserStatusEnum.kOccupiedDisabled)
USER_NON_ACCESS = int(DOOR_LOCK.Enums.UserTypeEnum.kNonAccessUser)
#: user types admitted only inside their schedule entries (year day, week day, restricted)
SCHEDULED_USERS = {1, 2, int(DOOR_LOCK.Enums.UserTypeEnum.kScheduleRestrictedUser)}
#: the Matter epoch on the lock's wall clock
LOCAL_EPOCH = datetime(2000, 1, 1)
#: the node id and fabric index of the controller (Home Assistant's Matter server)
CONTROLLER_NODE = 112233
CONTROLLER_FABRIC = 1

#: Interaction Model statuses of the Time Synchronization commands' checks
STATUS_CONSTRAINT_ERROR = "ConstraintError (0x87)"
STATUS_RESOURCE_EXHAUSTED = "ResourceExhausted (0x89)"
#: the time zone offsets a TimeZoneStruct may carry (seconds)
ZONE_OFFSETS = range(-43200, 50401)
MATTER_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

#: error codes of matter_server.common.errors
ERR_UNKNOWN = 0
ERR_NODE_NOT_READY = 3


class CommandFailed(Exception):
    """The lock answered with an Interaction Model error status."""

    def __init__(self, error_code: int, details: str) -> None:
        super().__init__(details)
        self.error_code = error_code


@dataclass
class SentCommand:
    """One device command as the server received it."""

    name: str
    command: Any  # the SDK command object, parsed like the real server does
    endpoint_id: int
    timed_request_timeout_ms: int | None


@dataclass
class FakeUser:
    name: str | None
    status: int
    user_type: int
    rule: int
    credentials: set[int] = field(default_factory=set)  # PIN credential indexes
    #: week-day entries by index: (daysMask, startHour, startMinute, endHour, endMinute)
    week_days: dict[int, tuple[int, int, int, int, int]] = field(default_factory=dict)
    #: year-day entries by index: (localStartTime, localEndTime)
    year_days: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass
class FakeDoorLock:
    """Users and PIN credentials of one Door Lock endpoint."""

    total_users: int
    pin_users: int
    #: NumberOfWeekDaySchedulesSupportedPerUser / NumberOfYearDaySchedulesSupportedPerUser
    week_days_per_user: int = 0
    year_days_per_user: int = 0
    users: dict[int, FakeUser] = field(default_factory=dict)
    pins: dict[int, tuple[bytes, int]] = field(default_factory=dict)  # index -> (pin, user)
    #: LockUserChange data not yet sent: (lockDataType, dataOperationType, userIndex, dataIndex)
    changes: list[tuple[int, int, int | None, int]] = field(default_factory=list)

    # ---- helpers for tests ----

    def pin_of(self, index: int) -> str | None:
        """Return the PIN stored in credential `index` (what a keypad would accept)."""
        return self.pins[index][0].decode() if index in self.pins else None

    def user_of_pin(self, code: str) -> int | None:
        """Return the user whose PIN is `code`, as the lock decides at its keypad."""
        for pin, user in self.pins.values():
            if pin == code.encode():
                return user
        return None

    def admits(self, user_index: int, wall: datetime) -> bool:
        """Return whether the user's PIN opens the lock at a wall-clock time (naive, local).

        The most permissive reading of the cluster: a schedule user without any entry
        opens at all hours (as the matter.js lock does), and one with entries inside
        any of them, of either kind.
        """
        user = self.users.get(user_index)
        if user is None or not user.credentials or user.status == USER_DISABLED:
            return False
        if user.user_type == USER_NON_ACCESS:
            return False
        if user.user_type not in SCHEDULED_USERS or not (user.week_days or user.year_days):
            return True
        day_bit = 1 << ((wall.weekday() + 1) % 7)  # bit 0 is Sunday
        minute = (wall.hour, wall.minute)
        seconds = (wall - LOCAL_EPOCH).total_seconds()
        return any(
            mask & day_bit and (sh, sm) <= minute < (eh, em)
            for mask, sh, sm, eh, em in user.week_days.values()
        ) or any(start <= seconds < end for start, end in user.year_days.values())

    def add_foreign(self, user_index: int, credential_index: int, code: str) -> None:
        """Put a user and PIN on the lock the way another admin app would."""
        self.users[user_index] = FakeUser("Guest", 1, 0, 0, {credential_index})
        self.pins[credential_index] = (code.encode(), user_index)

    # ---- Door Lock commands ----

    def handle(self, name: str, cmd: Any) -> Any:
        return getattr(self, f"_cmd_{name}")(cmd)

    def _next_pin(self, after: int) -> int | None:
        return next((i for i in sorted(self.pins) if i > after), None)

    def _next_user(self, after: int) -> int | None:
        return next((i for i in sorted(self.users) if i > after), None)

    def _cmd_GetUser(self, cmd: Any) -> dict[str, Any]:
        index = int(cmd.userIndex)
        if not 1 <= index <= self.total_users:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        user = self.users.get(index)
        base: dict[str, Any] = {
            "userIndex": index,
            "userName": None,
            "userUniqueID": None,
            "userStatus": None,
            "userType": None,
            "credentialRule": None,
            "credentials": None,
            "creatorFabricIndex": None,
            "lastModifiedFabricIndex": None,
            "nextUserIndex": self._next_user(index),
        }
        if user is not None:
            base |= {
                "userName": user.name,
                "userStatus": user.status,
                "userType": user.user_type,
                "credentialRule": user.rule,
                "credentials": [
                    {"credentialType": PIN, "credentialIndex": i} for i in sorted(user.credentials)
                ]
                or None,
                "creatorFabricIndex": 1,
                "lastModifiedFabricIndex": 1,
            }
        return base

    def _cmd_SetUser(self, cmd: Any) -> None:
        index = int(cmd.userIndex)
        if not 1 <= index <= self.total_users:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        if cmd.operationType == DOOR_LOCK.Enums.DataOperationTypeEnum.kAdd:
            if index in self.users:
                raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: Failure (0x1)")
            self.users[index] = FakeUser(
                cmd.userName or None,
                int(cmd.userStatus),
                int(cmd.userType),
                int(cmd.credentialRule),
            )
            self.changes.append((DATA_USER, OP_ADD, index, index))
            return
        if index not in self.users:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        user = self.users[index]  # null fields of a Modify are left as they are
        if isinstance(cmd.userName, str):
            user.name = cmd.userName or None
        if isinstance(cmd.userType, int):
            user.user_type = int(cmd.userType)
        if isinstance(cmd.userStatus, int):
            user.status = int(cmd.userStatus)
        self.changes.append((DATA_USER, OP_MODIFY, index, index))

    # ---- schedules (WDSCH, YDSCH) ----

    def _schedule_user(self, user_index: int) -> FakeUser:
        user = self.users.get(int(user_index))
        if user is None:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        return user

    @staticmethod
    def _entry_index(index: int, supported: int) -> int:
        if not 1 <= int(index) <= supported:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        return int(index)

    def _cmd_SetWeekDaySchedule(self, cmd: Any) -> None:
        index = self._entry_index(cmd.weekDayIndex, self.week_days_per_user)
        user = self._schedule_user(cmd.userIndex)
        start, end = (cmd.startHour, cmd.startMinute), (cmd.endHour, cmd.endMinute)
        if end <= start or not 0 < int(cmd.daysMask) < 0x80:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        user.week_days[index] = (int(cmd.daysMask), *start, *end)

    def _cmd_GetWeekDaySchedule(self, cmd: Any) -> dict[str, Any]:
        index, user_index = int(cmd.weekDayIndex), int(cmd.userIndex)
        base: dict[str, Any] = {"weekDayIndex": index, "userIndex": user_index}
        if not 1 <= index <= self.week_days_per_user:
            return base | {"status": 0x85}
        user = self.users.get(user_index)
        entry = user.week_days.get(index) if user is not None else None
        if entry is None:
            return base | {"status": STATUS_NOT_FOUND}
        mask, start_hour, start_minute, end_hour, end_minute = entry
        return base | {
            "status": 0,
            "daysMask": mask,
            "startHour": start_hour,
            "startMinute": start_minute,
            "endHour": end_hour,
            "endMinute": end_minute,
        }

    def _cmd_ClearWeekDaySchedule(self, cmd: Any) -> None:
        user = self._schedule_user(cmd.userIndex)
        if int(cmd.weekDayIndex) == ALL_ENTRIES:
            user.week_days.clear()
            return
        user.week_days.pop(self._entry_index(cmd.weekDayIndex, self.week_days_per_user), None)

    def _cmd_SetYearDaySchedule(self, cmd: Any) -> None:
        index = self._entry_index(cmd.yearDayIndex, self.year_days_per_user)
        user = self._schedule_user(cmd.userIndex)
        if int(cmd.localEndTime) <= int(cmd.localStartTime):
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        user.year_days[index] = (int(cmd.localStartTime), int(cmd.localEndTime))

    def _cmd_GetYearDaySchedule(self, cmd: Any) -> dict[str, Any]:
        index, user_index = int(cmd.yearDayIndex), int(cmd.userIndex)
        base: dict[str, Any] = {"yearDayIndex": index, "userIndex": user_index}
        if not 1 <= index <= self.year_days_per_user:
            return base | {"status": 0x85}
        user = self.users.get(user_index)
        entry = user.year_days.get(index) if user is not None else None
        if entry is None:
            return base | {"status": STATUS_NOT_FOUND}
        return base | {"status": 0, "localStartTime": entry[0], "localEndTime": entry[1]}

    def _cmd_ClearYearDaySchedule(self, cmd: Any) -> None:
        user = self._schedule_user(cmd.userIndex)
        if int(cmd.yearDayIndex) == ALL_ENTRIES:
            user.year_days.clear()
            return
        user.year_days.pop(self._entry_index(cmd.yearDayIndex, self.year_days_per_user), None)

    def _cmd_ClearUser(self, cmd: Any) -> None:
        index = int(cmd.userIndex)
        user = self.users.pop(index, None)
        if user is not None:  # clearing a user clears its credentials
            for credential in user.credentials:
                self.pins.pop(credential, None)
            self.changes.append((DATA_USER, OP_CLEAR, index, index))

    def _cmd_GetCredentialStatus(self, cmd: Any) -> dict[str, Any]:
        index = int(cmd.credential.credentialIndex)
        entry = self.pins.get(index)
        return {
            "credentialExists": entry is not None,
            "userIndex": entry[1] if entry else None,
            "creatorFabricIndex": 1 if entry else None,
            "lastModifiedFabricIndex": 1 if entry else None,
            "nextCredentialIndex": self._next_pin(index),
            "credentialData": None,  # PINs never leave the lock
        }

    def _set_status(self, status: int, user: int | None, index: int) -> dict[str, Any]:
        return {"status": status, "userIndex": user, "nextCredentialIndex": self._next_pin(index)}

    def _cmd_SetCredential(self, cmd: Any) -> dict[str, Any]:
        ops = DOOR_LOCK.Enums.DataOperationTypeEnum
        index = int(cmd.credential.credentialIndex)
        data = bytes(cmd.credentialData)
        user_index = cmd.userIndex if isinstance(cmd.userIndex, int) else None  # Nullable
        if int(cmd.credential.credentialType) != PIN or not 1 <= index <= self.pin_users:
            return self._set_status(133, None, index)
        if any(pin == data for i, (pin, _) in self.pins.items() if i != index):
            return self._set_status(2, None, index)  # duplicate
        if cmd.operationType == ops.kModify:
            entry = self.pins.get(index)
            if entry is None or (user_index is not None and user_index != entry[1]):
                return self._set_status(133, None, index)
            self.pins[index] = (data, entry[1])
            self.changes.append((DATA_PIN, OP_MODIFY, entry[1], index))
            return self._set_status(0, entry[1], index)
        if index in self.pins:
            return self._set_status(3, self.pins[index][1], index)  # occupied
        if user_index is None:  # the lock creates the user
            free = next((i for i in range(1, self.total_users + 1) if i not in self.users), None)
            if free is None:
                return self._set_status(137, None, index)
            status = cmd.userStatus if isinstance(cmd.userStatus, int) else 1  # Nullable
            user_type = cmd.userType if isinstance(cmd.userType, int) else 0
            self.users[free] = FakeUser(None, int(status), int(user_type), 0)
            user_index = free
        elif user_index not in self.users:
            return self._set_status(133, None, index)
        self.users[user_index].credentials.add(index)
        self.pins[index] = (data, user_index)
        self.changes.append((DATA_PIN, OP_ADD, user_index, index))
        return self._set_status(0, user_index, index)

    def _cmd_ClearCredential(self, cmd: Any) -> None:
        index = int(cmd.credential.credentialIndex)
        if index == 0:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: InvalidCommand (0x85)")
        entry = self.pins.pop(index, None)
        if entry is not None and entry[1] in self.users:
            self.users[entry[1]].credentials.discard(index)
        if entry is not None:
            self.changes.append((DATA_PIN, OP_CLEAR, entry[1], index))

    def program(self, index: int, code: str | None) -> None:
        """Add, change (code) or clear (None) PIN credential `index` at the keypad.

        With the lock's programming PIN, as a person at the door would: an added
        PIN gets a new unnamed user of its own.
        """
        entry = self.pins.get(index)
        if code is None:
            if entry is not None:
                self._cmd_ClearCredential(
                    DOOR_LOCK.Commands.ClearCredential(
                        credential=DOOR_LOCK.Structs.CredentialStruct(
                            credentialType=PIN, credentialIndex=index
                        )
                    )
                )
            return
        if entry is not None:
            self.pins[index] = (code.encode(), entry[1])
            self.changes.append((DATA_PIN, OP_MODIFY, entry[1], index))
            return
        user = next(i for i in range(1, self.total_users + 1) if i not in self.users)
        self.users[user] = FakeUser(None, 1, 0, 0, {index})
        self.pins[index] = (code.encode(), user)
        self.changes.append((DATA_USER, OP_ADD, user, user))
        self.changes.append((DATA_PIN, OP_ADD, user, index))


@dataclass
class FakeTimeSync:
    """The Time Synchronization cluster of a node with the time zone feature (TZ).

    The node's clock runs on from the last SetUTCTime (`utc_us` at `set_at`); before
    any, it does not know the time (UTCTime null) unless a test gives it one that is
    off. LocalTime is UTCTime plus the valid TimeZone and DSTOffset entries' offsets,
    and null once no DSTOffset entry is valid. With no time zone database, a SetTimeZone
    answers DSTOffsetRequired and empties the DSTOffset list until one is sent.
    """

    time_zone_max: int = 2
    dst_max: int = 2
    utc_us: int | None = None
    set_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: (offset s, validAt epoch-us, name)
    time_zone: list[tuple[int, int, str | None]] = field(default_factory=lambda: [(0, 0, None)])
    #: (offset s, validStarting epoch-us, validUntil epoch-us or None)
    dst: list[tuple[int, int, int | None]] = field(default_factory=list)
    #: the node answers SetUTCTime with an error (its own time source is better, it says)
    refuse: bool = False
    #: the node never answers a Time Synchronization command (the client times out)
    silent: bool = False

    def off_by(self, seconds: float) -> None:
        """Give the node a clock that is `seconds` off (and let it run from now)."""
        self.set_at = datetime.now(UTC)
        self.utc_us = (self.set_at - MATTER_EPOCH) // timedelta(microseconds=1)
        self.utc_us += int(seconds * 1_000_000)

    def utc_time(self) -> int | None:
        """Return UTCTime (epoch-us) as the node's clock shows it now."""
        if self.utc_us is None:
            return None
        return self.utc_us + (datetime.now(UTC) - self.set_at) // timedelta(microseconds=1)

    def local_time(self) -> int | None:
        """Return LocalTime (epoch-us on the node's wall clock), or None (null)."""
        utc = self.utc_time()
        if utc is None:
            return None
        zone = [offset for offset, valid_at, _name in self.time_zone if valid_at <= utc]
        dst = [o for o, start, until in self.dst if start <= utc and (until is None or utc < until)]
        if not zone or not dst:
            return None
        return utc + (zone[-1] + dst[0]) * 1_000_000

    def handle(self, name: str, cmd: Any) -> Any:
        return getattr(self, f"_cmd_{name}")(cmd)

    def _cmd_SetUTCTime(self, cmd: Any) -> None:
        if self.refuse:
            raise refused("Failure (0x1)")
        self.utc_us = int(cmd.UTCTime)
        self.set_at = datetime.now(UTC)

    def _cmd_SetTimeZone(self, cmd: Any) -> dict[str, Any]:
        entries = [(int(z.offset), int(z.validAt), z.name) for z in cmd.timeZone]
        if not 1 <= len(entries) <= self.time_zone_max:
            raise refused(STATUS_RESOURCE_EXHAUSTED)
        if entries[0][1] != 0 or any(
            offset not in ZONE_OFFSETS or len(name or "") > 64 for offset, _, name in entries
        ):
            raise refused(STATUS_CONSTRAINT_ERROR)
        self.time_zone = entries
        self.dst = []  # no time zone database here: the offsets must come again
        return {"DSTOffsetRequired": True}

    def _cmd_SetDSTOffset(self, cmd: Any) -> None:
        entries = [
            (int(dst.offset), int(dst.validStarting), _nullable(dst.validUntil))
            for dst in cmd.DSTOffset
        ]
        if len(entries) > self.dst_max:
            raise refused(STATUS_RESOURCE_EXHAUSTED)
        # in order, each ending when or before the next starts; only the last may run on
        bounds = [(start, until) for _, start, until in entries]
        for (start, until), (following, _) in itertools.pairwise(bounds):
            if until is None or not start < until <= following:
                raise refused(STATUS_CONSTRAINT_ERROR)
        if bounds and bounds[-1][1] is not None and bounds[-1][1] <= bounds[-1][0]:
            raise refused(STATUS_CONSTRAINT_ERROR)
        self.dst = entries


def refused(status: str) -> CommandFailed:
    """Return the error the server answers with when the node refuses a command."""
    return CommandFailed(ERR_UNKNOWN, f"InteractionModelError: {status}")


def _nullable(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def with_time_sync(node: dict[str, Any], *, dst_max: int = 2) -> dict[str, Any]:
    """Return a copy of a node dump with Time Synchronization (TZ feature) on endpoint 0.

    The attributes are the cluster's as the specification lists them for a node that
    does not know the time yet; the lock's own dump has no such cluster.
    """
    node = copy.deepcopy(node)
    attrs = node["attributes"]
    attrs["0/29/1"] = sorted({*attrs["0/29/1"], TIME_SYNC.id})
    attrs |= {
        "0/56/0": None,  # UTCTime
        "0/56/1": 0,  # Granularity: none
        "0/56/2": 0,  # TimeSource: none
        "0/56/5": [{"0": 0, "1": 0}],  # TimeZone
        "0/56/6": [],  # DSTOffset
        "0/56/7": None,  # LocalTime
        "0/56/8": 2,  # TimeZoneDatabase: none
        "0/56/10": 2,  # TimeZoneListMaxSize
        "0/56/11": dst_max,  # DSTOffsetListMaxSize
        "0/56/65528": [3],  # GeneratedCommandList: SetTimeZoneResponse
        "0/56/65529": [0, 2, 4],  # AcceptedCommandList: SetUTCTime, SetTimeZone, SetDSTOffset
        "0/56/65531": [0, 1, 2, 5, 6, 7, 8, 10, 11, 65528, 65529, 65531, 65532, 65533],
        "0/56/65532": 1,  # FeatureMap: TimeZone
        "0/56/65533": 2,  # ClusterRevision
    }
    return node


async def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait until condition() is true: websocket traffic is no task hass can await."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.005)


def load_node_dump() -> dict[str, Any]:
    """Return the door lock node dump (python-matter-server format)."""
    return json.loads(FIXTURE.read_text())


class FakeMatterServer:
    """A python-matter-server stand-in with one Door Lock node."""

    def __init__(self, node: dict[str, Any] | None = None) -> None:
        self.node = node or load_node_dump()
        attrs = self.node["attributes"]
        features = int(attrs["1/257/65532"])
        self.lock = FakeDoorLock(
            total_users=attrs["1/257/17"],
            pin_users=attrs["1/257/18"],
            week_days_per_user=attrs.get("1/257/20", 0) if features & 0x10 else 0,
            year_days_per_user=attrs.get("1/257/21", 0) if features & 0x400 else 0,
        )
        self.time_sync = (
            FakeTimeSync(dst_max=int(attrs["0/56/11"])) if "0/56/65532" in attrs else None
        )
        self.commands: list[SentCommand] = []
        #: called after each Door Lock command the lock carried out
        self.watchers: list[Callable[[SentCommand], None]] = []
        self.other_commands: list[str] = []
        #: attribute writes (path, value), in order, and the status the node answers them with
        self.writes: list[tuple[str, Any]] = []
        #: attribute paths read from the node itself, in order
        self.reads: list[str] = []
        self.write_status = 0
        self.respond = asyncio.Event()  # cleared: hold device commands (a slow radio)
        self.respond.set()
        self._clients: set[web.WebSocketResponse] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._event_number = 0
        #: LockUserChange data the lock sent, in order
        self.announced: list[dict[str, Any]] = []

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def node_id(self) -> int:
        return int(self.node["node_id"])

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/ws", self._handle_ws)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for ws in list(self._clients):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def time_commands(self) -> list[SentCommand]:
        """Return the Time Synchronization commands the node received."""
        return [c for c in self.commands if c.name in {"SetUTCTime", "SetTimeZone", "SetDSTOffset"}]

    def mutations(self) -> list[SentCommand]:
        """Return the commands that changed the lock's users and credentials."""
        return [c for c in self.commands if c.name in MUTATING]

    def changes(self) -> list[SentCommand]:
        """Return every command that changed the lock, schedule entries included."""
        return [c for c in self.commands if c.name in MUTATING | SCHEDULING]

    # ---- driving the node ----

    async def set_available(self, available: bool) -> None:
        """Mark the node (un)reachable, as the server does when its subscription drops."""
        self.node["available"] = available
        await self._broadcast("node_updated", self.node)

    async def send_event(self, event_id: int, data: dict[str, Any], endpoint_id: int = 1) -> None:
        """Deliver a Door Lock event from the node, like the SDK's event callback."""
        self._event_number += 1
        await self._broadcast(
            "node_event",
            {
                "node_id": self.node_id,
                "endpoint_id": endpoint_id,
                "cluster_id": DOOR_LOCK.id,
                "event_id": event_id,
                "event_number": self._event_number,
                "priority": 1,
                "timestamp": 0,
                "timestamp_type": 0,
                "data": data,
            },
        )

    async def program_at_keypad(self, index: int, code: str | None) -> None:
        """Program PIN credential `index` at the lock's keypad; the lock announces it."""
        self.lock.program(index, code)
        await self.announce_changes(SOURCE_KEYPAD)

    async def announce_changes(self, source: int) -> None:
        """Send the LockUserChange events of the lock's pending table changes."""
        remote = source == SOURCE_REMOTE
        while self.lock.changes:
            kind, operation, user, index = self.lock.changes.pop(0)
            data = {
                "lockDataType": kind,
                "dataOperationType": operation,
                "operationSource": source,
                "userIndex": user,
                "fabricIndex": CONTROLLER_FABRIC if remote else None,
                "sourceNode": CONTROLLER_NODE if remote else None,
                "dataIndex": index,
            }
            self.announced.append(data)
            await self.send_event(LOCK_USER_CHANGE, data)

    async def _broadcast(self, event: str, data: Any) -> None:
        message = json_dumps({"event": event, "data": data})
        for ws in list(self._clients):
            await ws.send_str(message)

    # ---- websocket protocol ----

    async def _handle_ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(
            json_dumps(
                {
                    "fabric_id": 1,
                    "compressed_fabric_id": 1234,
                    "schema_version": SCHEMA_VERSION,
                    "min_supported_schema_version": 1,
                    "sdk_version": "fake",
                    "wifi_credentials_set": False,
                    "thread_credentials_set": False,
                    "bluetooth_enabled": False,
                }
            )
        )
        tasks: set[asyncio.Task[None]] = set()
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    break
                command = json.loads(msg.data)
                if command["command"] == "start_listening":
                    self._clients.add(ws)
                    await ws.send_str(
                        json_dumps({"message_id": command["message_id"], "result": [self.node]})
                    )
                    continue
                task = asyncio.create_task(self._answer(ws, command))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        finally:
            self._clients.discard(ws)
            for task in tasks:
                task.cancel()
        return ws

    async def _answer(self, ws: web.WebSocketResponse, command: dict[str, Any]) -> None:
        message_id = command["message_id"]
        args = command.get("args") or {}
        try:
            if command["command"] == "device_command":
                result = await self._device_command(args)
            elif command["command"] == "write_attribute":
                result = await self._write_attribute(args)
            elif command["command"] == "read_attribute":
                result = await self._read_attribute(args)
            else:
                self.other_commands.append(command["command"])
                result = None
        except CommandFailed as err:
            await self._send_error(ws, message_id, err.error_code, str(err))
            return
        except Exception as err:  # a bug in the fake: answer, so the client never hangs
            await self._send_error(ws, message_id, ERR_UNKNOWN, f"fake server: {err!r}")
            raise
        await ws.send_str(json_dumps({"message_id": message_id, "result": result}))

    async def _send_error(
        self, ws: web.WebSocketResponse, message_id: str, code: int, details: str
    ) -> None:
        await ws.send_str(
            json_dumps({"message_id": message_id, "error_code": code, "details": details})
        )

    async def _write_attribute(self, args: dict[str, Any]) -> list[dict[str, Any]]:
        """Write one attribute as the server does: one AttributeWriteResult per path."""
        path, value = args["attribute_path"], args["value"]
        self.writes.append((path, value))
        if not self.node["available"]:
            raise CommandFailed(ERR_NODE_NOT_READY, f"Node {self.node_id} is not (yet) available.")
        endpoint, cluster, attribute = (int(p) for p in path.split("/"))
        status = self.write_status if path in self.node["attributes"] else 0x86  # unsupported
        if status == 0:
            self.node["attributes"][path] = value
            await self._broadcast("attribute_updated", [self.node_id, path, value])
        write_path = {"EndpointId": endpoint, "ClusterId": cluster, "AttributeId": attribute}
        return [{"Path": write_path, "Status": status}]

    async def _read_attribute(self, args: dict[str, Any]) -> dict[str, Any]:
        """Read attributes from the node itself: the clock's live, the rest as last reported."""
        paths = args["attribute_path"]
        self.reads.extend([paths] if isinstance(paths, str) else paths)
        if not self.node["available"]:
            raise CommandFailed(ERR_NODE_NOT_READY, f"Node {self.node_id} is not (yet) available.")
        await self.respond.wait()
        live: dict[str, Callable[[], Any]] = {}
        if self.time_sync is not None:
            live = {"0/56/0": self.time_sync.utc_time, "0/56/7": self.time_sync.local_time}
        return {
            path: live[path]() if path in live else self.node["attributes"].get(path)
            for path in ([paths] if isinstance(paths, str) else paths)
        }

    async def _device_command(self, args: dict[str, Any]) -> Any:
        name = args["command_name"]
        command_cls = getattr(ALL_CLUSTERS[args["cluster_id"]].Commands, name)
        # bytes travel as base64 and come back as bytes here, as in the real server
        command = dataclass_from_dict(command_cls, args["payload"], allow_sdk_types=True)
        timed = args.get("timed_request_timeout_ms")
        sent = SentCommand(name, command, args["endpoint_id"], timed)
        self.commands.append(sent)
        if not self.node["available"]:
            raise CommandFailed(ERR_NODE_NOT_READY, f"Node {self.node_id} is not (yet) available.")
        await self.respond.wait()
        if name in MUTATING and not timed:
            raise CommandFailed(ERR_UNKNOWN, "InteractionModelError: NeedsTimedInteraction (0xc6)")
        if args["cluster_id"] == TIME_SYNC.id:
            if self.time_sync is None or args["endpoint_id"] != 0:
                raise refused("UnsupportedCluster (0xc3)")
            if self.time_sync.silent:
                await asyncio.Event().wait()
            return self.time_sync.handle(name, command)
        if args["cluster_id"] != DOOR_LOCK.id:
            return None
        result = self.lock.handle(name, command)
        for watcher in self.watchers:
            watcher(sent)
        await self.announce_changes(SOURCE_REMOTE)
        return result
