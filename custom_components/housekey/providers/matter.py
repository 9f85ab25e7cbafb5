"""Matter locks, reached through the client Home Assistant's matter integration holds.

A Matter Door Lock keeps *users* and *credentials* in two 1-based tables. Housekey
slot N is PIN credential N, held by user N that Housekey creates for it; credential
index 0 is the lock's programming PIN and is never touched. PINs are write-only on
the wire: GetCredentialStatus tells whether a credential exists and which user holds
it, never its digits, so reads are MASKED.

Writes, clears and reads are Door Lock cluster commands sent with the Matter client
of Home Assistant's `matter` integration. The four commands that change the lock are
sent as timed requests, as the cluster requires. Where a newer Home Assistant offers
official Matter lock actions (`matter.get_lock_credential_status`,
`matter.clear_lock_credential`, `matter.clear_lock_user`), they are used for the
operations that carry no secret. SetCredential always goes through the client:
every action call is put on the event bus as `call_service` with its data, and the
recorder would keep the PIN.

Access reports come from the Door Lock events the lock sends (LockOperation,
LockOperationError, DoorLockAlarm), received through the client's node-event
subscription. LockUserChange (a PIN added, modified or cleared, e.g. at the keypad
or by another Matter admin) becomes SlotChanged, so the sync engine reads that slot
back at once; the lock's echo of Housekey's own writes is dropped.

`chip` (the cluster objects) and `matter_server` ship with Home Assistant's matter
integration and are loaded when it is set up; they are imported only when a Matter
lock is actually used, so Housekey loads without them.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum, IntFlag
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_track_state_change_event

from .base import (
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
    from matter_server.client import MatterClient
    from matter_server.client.models.node import MatterNode
    from matter_server.common.models import MatterNodeEvent

_LOGGER = logging.getLogger(__name__)

MATTER_DOMAIN: Final = "matter"
DOOR_LOCK_CLUSTER_ID: Final = 257

#: Timed-request window for the commands that change the lock (the cluster marks
#: SetUser, ClearUser, SetCredential and ClearCredential as timed). Home Assistant's
#: own lock actions use the same 10 s, long enough for sleepy Thread locks.
TIMED_REQUEST_TIMEOUT_MS: Final = 10_000
#: Upper bound for one command round trip; past it the lock counts as unreachable.
COMMAND_TIMEOUT: Final = 45.0

#: Name given to the users Housekey creates (the cluster allows 10 bytes). It marks
#: them as Housekey's, so a clear never deletes a user someone else made.
HOUSEKEY_USER_NAME: Final = "housekey"

#: Translation key (config.error) when a Matter lock cannot hold PIN users.
REFUSAL_NO_PIN_USERS: Final = "no_user_codes"

#: Official Matter lock actions of newer Home Assistant releases that Housekey uses
#: when present. Only actions that carry no PIN are listed on purpose.
OFFICIAL_ACTIONS: Final = (
    "get_lock_credential_status",
    "clear_lock_credential",
    "clear_lock_user",
)


class Attr(IntEnum):
    """Door Lock cluster attribute ids read for capabilities."""

    TOTAL_USERS = 17  # NumberOfTotalUsersSupported
    PIN_USERS = 18  # NumberOfPINUsersSupported
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


class LockEventId(IntEnum):
    """Door Lock cluster event ids."""

    DOOR_LOCK_ALARM = 0
    LOCK_OPERATION = 2
    LOCK_OPERATION_ERROR = 3
    LOCK_USER_CHANGE = 4


class OperationType(IntEnum):
    """LockOperationTypeEnum."""

    LOCK = 0
    UNLOCK = 1
    NON_ACCESS_USER_EVENT = 2
    FORCED_USER_EVENT = 3
    UNLATCH = 4


class AlarmCode(IntEnum):
    """AlarmCodeEnum."""

    LOCK_JAMMED = 0
    LOCK_FACTORY_RESET = 1
    LOCK_RADIO_POWER_CYCLED = 3
    WRONG_CODE_ENTRY_LIMIT = 4
    FRONT_ESCUTCHEON_REMOVED = 5
    DOOR_FORCED_OPEN = 6
    DOOR_AJAR = 7
    FORCED_USER = 8


class CredentialType(IntEnum):
    """CredentialTypeEnum (the part Housekey touches)."""

    PROGRAMMING_PIN = 0
    PIN = 1


class LockDataType(IntEnum):
    """LockDataTypeEnum (the part Housekey follows in LockUserChange)."""

    PROGRAMMING_CODE = 1
    USER_INDEX = 2
    PIN = 6


class DataOperation(IntEnum):
    """DataOperationTypeEnum."""

    ADD = 0
    CLEAR = 1
    MODIFY = 2


#: OperationSourceEnum Remote: a Matter command, as Housekey's own are.
SOURCE_REMOTE: Final = 7
#: How long after Housekey's own change of a slot a remote LockUserChange for it is
#: taken for the lock's echo of that change (the sync engine verifies writes anyway).
OWN_WRITE_ECHO_WINDOW: Final = 10.0

#: DlStatus answers of SetCredential other than success.
SET_CREDENTIAL_STATUS: Final[Mapping[int | None, str]] = {
    None: "no status",
    1: "failure",
    2: "duplicate",  # the same PIN is already stored in another slot
    3: "occupied",
    133: "invalid field",
    137: "resource exhausted",
    139: "not found",
}

#: OperationSourceEnum -> how the attempt was made.
METHOD_BY_SOURCE: Final[Mapping[int, Method]] = {
    0: Method.UNKNOWN,  # unspecified
    1: Method.MANUAL,  # manual (thumb turn, key)
    2: Method.REMOTE,  # proprietary remote
    3: Method.KEYPAD,
    4: Method.AUTO,  # auto relock
    5: Method.MANUAL,  # button on the lock
    6: Method.AUTO,  # schedule
    7: Method.REMOTE,  # remote (Matter command)
    8: Method.NFC,  # RFID card or tag
    9: Method.UNKNOWN,  # biometric: no SPEC method fits
    10: Method.NFC,  # Aliro: a phone or card presented at the reader
}

#: Operation types that are an attempt to open the door.
OPENING_OPERATIONS: Final = frozenset(
    {OperationType.UNLOCK, OperationType.UNLATCH, OperationType.FORCED_USER_EVENT}
)

#: DoorLockAlarm codes Housekey raises alerts for. Jammed, factory reset, power
#: cycle and door ajar have no SPEC alert kind and are left to the lock entity.
ALARM_BY_CODE: Final[Mapping[int, AlarmKind]] = {
    AlarmCode.WRONG_CODE_ENTRY_LIMIT: AlarmKind.BRUTE_FORCE,
    AlarmCode.FRONT_ESCUTCHEON_REMOVED: AlarmKind.TAMPER,
    AlarmCode.DOOR_FORCED_OPEN: AlarmKind.TAMPER,
    AlarmCode.FORCED_USER: AlarmKind.TAMPER,
}


# --- the one slot mapping ---------------------------------------------------------


def matter_index(slot: int) -> int:
    """Return the Matter user and PIN credential index for a Housekey slot.

    Both tables are 1-based and Housekey slot N is user N with PIN credential N.
    Index 0 is the programming PIN, which Housekey never reads or writes.
    """
    if slot < 1:
        raise ProviderError(f"Matter slot {slot} is out of range (the first is 1)")
    return slot


def slot_of_index(index: int | None) -> int | None:
    """Return the Housekey slot of a Matter user or PIN credential index, if any."""
    if index is None or index < 1:
        return None
    return index


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


def _caused_by(err: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """Return whether one of `kinds` is in the chain of causes of `err`."""
    cause = err.__cause__ or err.__context__
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, kinds):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _pin_credential(index: int) -> Any:
    """Return the CredentialStruct naming PIN credential `index`."""
    door_lock = _clusters().DoorLock
    return door_lock.Structs.CredentialStruct(
        credentialType=door_lock.Enums.CredentialTypeEnum.kPin, credentialIndex=index
    )


# --- normalizing what the lock reports ----------------------------------------------


def _credential_slot(credentials: Any) -> int | None:
    """Return the slot of the first PIN credential in an event's credential list."""
    if not isinstance(credentials, list):
        return None
    for credential in credentials:
        if isinstance(credential, Mapping) and (
            credential.get("credentialType") == CredentialType.PIN
        ):
            return slot_of_index(credential.get("credentialIndex"))
    return None


def _slot_change(
    data: Mapping[str, Any], slot_of_user: Callable[[int], int | None]
) -> SlotChanged | None:
    """Return the slot a LockUserChange event touches, if it is a Housekey slot.

    A PIN credential change names the credential (dataIndex), which is the slot;
    credential 0 is the programming PIN and no slot. A cleared user takes its
    credentials with it, so it names the slot of that user's PIN where known.
    """
    if data.get("dataOperationType") not in tuple(DataOperation):
        return None
    index = _as_int(data.get("dataIndex"))
    kind = data.get("lockDataType")
    if kind == LockDataType.PIN:
        slot = slot_of_index(index)
    elif kind == LockDataType.USER_INDEX and data.get("dataOperationType") == DataOperation.CLEAR:
        slot = slot_of_user(index) if index is not None and index >= 1 else None
    else:
        return None
    return SlotChanged(slot) if slot is not None else None


def translate_event(
    event_id: int,
    data: Mapping[str, Any] | None,
    slot_of_user: Callable[[int], int | None] = lambda _user: None,
) -> LockReport | None:
    """Turn one Door Lock event into a Housekey report, or None when it is no access.

    Opening attempts become AccessEvent (granted for LockOperation, denied for
    LockOperationError); locking is not an access and is dropped. The slot is the
    PIN credential the lock names, else the slot of the user it names.
    LockUserChange becomes SlotChanged for the slot whose PIN changed.
    """
    data = data or {}
    if event_id == LockEventId.LOCK_USER_CHANGE:
        return _slot_change(data, slot_of_user)
    if event_id == LockEventId.DOOR_LOCK_ALARM:
        kind = ALARM_BY_CODE.get(data.get("alarmCode", -1))
        if kind is None:
            return None
        return LockAlarm(kind, detail=AlarmCode(data["alarmCode"]).name.lower())
    if event_id not in (LockEventId.LOCK_OPERATION, LockEventId.LOCK_OPERATION_ERROR):
        return None
    if data.get("lockOperationType", OperationType.UNLOCK) not in OPENING_OPERATIONS:
        return None
    slot = _credential_slot(data.get("credentials"))
    user_index = data.get("userIndex")
    if slot is None and isinstance(user_index, int) and user_index >= 1:
        slot = slot_of_user(user_index)
    outcome = Outcome.GRANTED if event_id == LockEventId.LOCK_OPERATION else Outcome.DENIED
    method = METHOD_BY_SOURCE.get(data.get("operationSource", 0), Method.UNKNOWN)
    return AccessEvent(outcome=outcome, method=method, slot=slot)


# --- what the lock answers -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CredentialStatus:
    """GetCredentialStatus, trimmed to what Housekey uses."""

    exists: bool
    user_index: int | None = None
    next_index: int | None = None


@dataclass(frozen=True, slots=True)
class UserRecord:
    """GetUser, trimmed to what Housekey uses (None stands for an empty user)."""

    index: int
    name: str | None
    credentials: frozenset[tuple[int, int]]

    @property
    def is_housekeys(self) -> bool:
        """Return whether Housekey created this user."""
        return self.name == HOUSEKEY_USER_NAME


def _field(response: Any, name: str) -> Any:
    """Read a field of a command response (a dict over the websocket)."""
    if isinstance(response, Mapping):
        return response.get(name)
    return getattr(response, name, None)


def _as_int(value: Any) -> int | None:
    """Return value as int when it is one (Nullable comes back as None)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --- the provider ----------------------------------------------------------------------


class MatterProvider(LockProvider):
    """PIN slots of a Matter Door Lock with the USR and PIN features."""

    backend = "matter"
    #: Every Matter command is acknowledged end to end and the Matter server already
    #: queues the commands of one node, so no gap is needed between them.
    pacing = 0.0

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind the provider to a Matter lock entity."""
        super().__init__(hass, entity_id)
        #: Matter user index -> the slot of its PIN credential (None: it has none),
        #: learned from reads, writes and GetUser, for events that name only the user.
        self._slot_by_user: dict[int, int | None] = {}
        #: GetUser lookups under way, by user index (events for that user wait on it)
        self._lookups: dict[int, asyncio.Task[None]] = {}
        #: commands sent to the lock (device commands and official actions alike)
        self.commands_sent = 0
        self._own = OwnChanges()  # to drop the lock's echo of Housekey's changes

    # ---- lookup ----

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Refuse Matter locks that cannot keep PIN users (no USR or PIN feature)."""
        target = async_get_matter_target(hass, entity_id)
        if target is None:
            return None  # not loaded yet: decide when it is
        features = Feature(_as_int(target.attribute(Attr.FEATURE_MAP)) or 0)
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

    def _official(self) -> bool:
        """Return whether this Home Assistant has the official Matter lock actions."""
        return all(self.hass.services.has_service(MATTER_DOMAIN, a) for a in OFFICIAL_ACTIONS)

    # ---- capabilities ----

    async def async_capabilities(self) -> Capabilities:
        """Read slots, PIN lengths and features from the lock's Door Lock attributes."""
        target = self._target()
        features = Feature(_as_int(target.attribute(Attr.FEATURE_MAP)) or 0)
        if Feature.USER not in features or Feature.PIN_CREDENTIAL not in features:
            raise ProviderError(f"{self.entity_id} does not support PIN users")
        pin_users = _as_int(target.attribute(Attr.PIN_USERS))
        total_users = _as_int(target.attribute(Attr.TOTAL_USERS))
        if not pin_users or not total_users:
            raise ProviderError(f"{self.entity_id} does not report its user capacity")
        methods = {Method.KEYPAD, Method.REMOTE}
        if Feature.RFID_CREDENTIAL in features:
            methods.add(Method.NFC)
        return Capabilities(
            # user N holds PIN credential N, so both tables bound the slots
            slots=min(pin_users, total_users),
            pin_min=_as_int(target.attribute(Attr.MIN_PIN_LENGTH)) or 4,
            pin_max=_as_int(target.attribute(Attr.MAX_PIN_LENGTH)) or 8,
            # PINs are write-only: occupancy is known, digits are not
            readback=Readback.MASKED,
            schedules=bool(features & (Feature.WEEK_DAY_SCHEDULES | Feature.YEAR_DAY_SCHEDULES)),
            methods=frozenset(methods),
        )

    # ---- sending ----

    async def _guard[T](self, target: MatterTarget, call: Awaitable[T]) -> T:
        """Await one command; map the stack's failures to the provider's errors."""
        from matter_server.common.errors import MatterError

        unreachable = _unreachable_errors()
        self.commands_sent += 1
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT):
                return await call
        except unreachable as err:
            raise LockUnavailable(f"{self.entity_id} is unreachable: {err}") from err
        except TimeoutError as err:
            raise LockUnavailable(f"{self.entity_id} did not answer in time") from err
        except MatterError as err:
            raise ProviderError(f"{self.entity_id} refused the command: {err}") from err
        except HomeAssistantError as err:  # an official action failed
            # HA's lock actions wrap the server's error: "node not ready" inside is
            # unreachable (the server knows before HA hears the node went away).
            if not target.node.available or _caused_by(err, unreachable):
                raise LockUnavailable(f"{self.entity_id} is unreachable: {err}") from err
            raise ProviderError(f"{self.entity_id} refused the command: {err}") from err
        except asyncio.CancelledError as err:
            # the client cancels pending commands when its connection drops
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
            raise LockUnavailable(f"{self.entity_id}: the Matter server went away") from err

    async def _command(self, target: MatterTarget, command: Any, *, timed: bool) -> Any:
        """Send one Door Lock command with the Matter client."""
        if not target.node.available:
            raise LockUnavailable(f"{self.entity_id} is not reachable")
        return await self._guard(
            target,
            target.client.send_device_command(
                node_id=target.node.node_id,
                endpoint_id=target.endpoint_id,
                command=command,
                timed_request_timeout_ms=TIMED_REQUEST_TIMEOUT_MS if timed else None,
            ),
        )

    async def _action(self, target: MatterTarget, action: str, data: dict[str, Any]) -> Any:
        """Call an official Matter lock action on this entity; return its response."""
        if not target.node.available:
            raise LockUnavailable(f"{self.entity_id} is not reachable")
        respond = action.startswith("get_")
        response = await self._guard(
            target,
            self.hass.services.async_call(
                MATTER_DOMAIN,
                action,
                {"entity_id": self.entity_id, **data},
                blocking=True,
                return_response=respond,
            ),
        )
        if not respond or not isinstance(response, Mapping):
            return None
        return response.get(self.entity_id, response)

    # ---- Door Lock operations ----

    async def _credential_status(self, target: MatterTarget, index: int) -> CredentialStatus:
        """Ask whether PIN credential `index` exists and which user holds it."""
        if self._official():
            response = await self._action(
                target,
                "get_lock_credential_status",
                {"credential_type": "pin", "credential_index": index},
            )
            status = CredentialStatus(
                exists=bool(_field(response, "credential_exists")),
                user_index=_as_int(_field(response, "user_index")),
                next_index=_as_int(_field(response, "next_credential_index")),
            )
        else:
            door_lock = _clusters().DoorLock
            response = await self._command(
                target,
                door_lock.Commands.GetCredentialStatus(credential=_pin_credential(index)),
                timed=False,
            )
            status = CredentialStatus(
                exists=bool(_field(response, "credentialExists")),
                user_index=_as_int(_field(response, "userIndex")),
                next_index=_as_int(_field(response, "nextCredentialIndex")),
            )
        if status.exists and status.user_index is not None:
            self._slot_by_user[status.user_index] = index
        return status

    async def _get_user(self, target: MatterTarget, index: int) -> UserRecord | None:
        """Read user `index`; None when the user slot is empty."""
        response = await self._command(
            target, _clusters().DoorLock.Commands.GetUser(userIndex=index), timed=False
        )
        if _field(response, "userStatus") is None:
            return None
        credentials = _field(response, "credentials") or []
        return UserRecord(
            index=index,
            name=_field(response, "userName"),
            credentials=frozenset(
                (int(_field(c, "credentialType")), int(_field(c, "credentialIndex")))
                for c in credentials
            ),
        )

    async def _add_user(self, target: MatterTarget, index: int) -> None:
        """Create Housekey's user `index`: enabled, unrestricted, one credential."""
        door_lock = _clusters().DoorLock
        await self._command(
            target,
            door_lock.Commands.SetUser(
                operationType=door_lock.Enums.DataOperationTypeEnum.kAdd,
                userIndex=index,
                userName=HOUSEKEY_USER_NAME,
                userUniqueID=None,
                userStatus=door_lock.Enums.UserStatusEnum.kOccupiedEnabled,
                userType=door_lock.Enums.UserTypeEnum.kUnrestrictedUser,
                credentialRule=door_lock.Enums.CredentialRuleEnum.kSingle,
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
    ) -> int | None:
        """Store PIN credential `index`; return the user the lock filed it under."""
        door_lock = _clusters().DoorLock
        response = await self._command(
            target,
            door_lock.Commands.SetCredential(
                operationType=door_lock.Enums.DataOperationTypeEnum(operation),
                credential=_pin_credential(index),
                credentialData=code.encode(),
                userIndex=user_index,
                userStatus=None,
                userType=None,
            ),
            timed=True,
        )
        status = _as_int(_field(response, "status"))
        if status != 0:
            reason = SET_CREDENTIAL_STATUS.get(status, f"status {status}")
            raise ProviderError(f"{self.entity_id} rejected the PIN in slot {index}: {reason}")
        return _as_int(_field(response, "userIndex")) or user_index

    async def _clear_credential(self, target: MatterTarget, index: int) -> None:
        """Delete PIN credential `index`."""
        if self._official():
            await self._action(
                target,
                "clear_lock_credential",
                {"credential_type": "pin", "credential_index": index},
            )
            return
        door_lock = _clusters().DoorLock
        await self._command(
            target,
            door_lock.Commands.ClearCredential(credential=_pin_credential(index)),
            timed=True,
        )

    async def _clear_user(self, target: MatterTarget, index: int) -> None:
        """Delete user `index` with its credentials."""
        if self._official():
            await self._action(target, "clear_lock_user", {"user_index": index})
            return
        await self._command(
            target, _clusters().DoorLock.Commands.ClearUser(userIndex=index), timed=True
        )

    # ---- the provider interface ----

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read whether PIN credential N exists (one GetCredentialStatus)."""
        status = await self._credential_status(self._target(), matter_index(slot))
        return SlotRead(SlotState.MASKED if status.exists else SlotState.EMPTY)

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
                result[slot] = SlotRead(SlotState.MASKED)
            following = slot_of_index(status.next_index)
            if following is None or following <= slot:
                if status.next_index is None:
                    break  # nothing occupied past this one
                position += 1  # the lock answered nonsense: walk on one by one
                continue
            while position < len(wanted) and wanted[position] < following:
                position += 1
        return result

    async def async_write_code(self, slot: int, code: str) -> WriteResult:
        """Put a PIN in slot N: modify credential N, or add user N and credential N."""
        target = self._target()
        index = matter_index(slot)
        with self._own_change(slot):
            return await self._write_code(target, slot, index, code)

    async def _write_code(
        self, target: MatterTarget, slot: int, index: int, code: str
    ) -> WriteResult:
        status = await self._credential_status(target, index)
        if status.exists:
            owner = await self._set_credential(
                target, DataOperation.MODIFY, index, code, status.user_index
            )
        else:
            user = await self._get_user(target, index)
            created = False
            if user is None:
                await self._add_user(target, index)
                created = True
            # a user someone else made at N keeps its own credentials: let the
            # lock file the PIN under a new user instead
            user_index = index if created or (user is not None and user.is_housekeys) else None
            try:
                owner = await self._set_credential(
                    target, DataOperation.ADD, index, code, user_index
                )
            except ProviderError:
                if created:  # leave no empty user behind
                    await self._clear_user(target, index)
                raise
        if owner is not None:
            self._slot_by_user[owner] = slot
        return WriteResult.SENT

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Empty slot N: drop Housekey's user N, or only credential N if shared."""
        target = self._target()
        index = matter_index(slot)
        with self._own_change(slot):
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

    @contextmanager
    def _own_change(self, slot: int) -> Iterator[None]:
        """Mark a slot as being changed by Housekey, from the first command to the answer."""
        self._own.note(slot, OWN_WRITE_ECHO_WINDOW)
        try:
            yield
        finally:
            self._own.note(slot, OWN_WRITE_ECHO_WINDOW)

    def _is_own_echo(self, change: SlotChanged, data: Mapping[str, Any]) -> bool:
        """Return whether a LockUserChange is the lock announcing Housekey's own change.

        Locks announce every change, also those made with Matter commands; reading
        each written slot back once more would cost a command per write. A remote
        change of a slot Housekey changed moments ago is taken for that echo.
        """
        return data.get("operationSource") == SOURCE_REMOTE and self._own.recent(change.slot)

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
        user_index = _as_int(data.get("userIndex"))
        index = _as_int(data.get("dataIndex"))
        operation = data.get("dataOperationType")
        if data.get("lockDataType") == LockDataType.USER_INDEX:
            if operation == DataOperation.CLEAR and index is not None:
                self._slot_by_user.pop(index, None)
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
        user_index = _as_int(data.get("userIndex"))
        if (
            user_index is None
            or user_index in self._slot_by_user
            or _credential_slot(data.get("credentials")) is not None
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
            if _as_int(target.live_attribute(attribute)) == value:
                continue
            result = await self._guard(
                target,
                target.client.write_attribute(
                    node_id=target.node.node_id,
                    attribute_path=f"{target.endpoint_id}/{DOOR_LOCK_CLUSTER_ID}/{attribute}",
                    value=value,
                ),
            )
            statuses = [_field(r, "Status") for r in result] if isinstance(result, list) else []
            if any(status not in (None, 0) for status in statuses):
                raise ProviderError(f"{self.entity_id} refused attribute {attribute}")
        return bool(present)

    async def async_unload(self) -> None:
        """Cancel user lookups still under way."""
        for task in list(self._lookups.values()):
            task.cancel()

    @callback
    def _on_matter_entry_change(self, bind: Callable[[], None]) -> Callable[[], None]:
        """Call `bind` now and whenever a matter entry changes state.

        A reload sets the new client up before any state change of the entity follows.
        """

        @callback
        def changed(_change: ConfigEntryChange, entry: ConfigEntry) -> None:
            if entry.domain == MATTER_DOMAIN:
                bind()

        bind()
        return async_dispatcher_connect(self.hass, SIGNAL_CONFIG_ENTRY_CHANGED, changed)

    @callback
    def async_listen(
        self, on_report: ReportCallback, on_availability: AvailabilityCallback
    ) -> Callable[[], None]:
        """Subscribe to the node's Door Lock events and the entity's availability.

        When the matter integration reloads it builds a new client, so the node
        event subscription follows the client the entity currently belongs to.
        """
        bound: list[Any] = [None, None]  # client, unsubscribe
        last_available = [self.available]

        @callback
        def on_node_event(_event: Any, node_event: MatterNodeEvent) -> None:
            target = async_get_matter_target(self.hass, self.entity_id)
            if (
                target is None
                or node_event.endpoint_id != target.endpoint_id
                or node_event.cluster_id != DOOR_LOCK_CLUSTER_ID
            ):
                return
            emit(node_event)

        @callback
        def emit(node_event: MatterNodeEvent) -> None:
            """Report the event; first learn the user's slot when the event names only a user.

            Users and credentials are separate tables: user 7 need not hold PIN 7
            (another app made it, or the lock chose it), so a user is never taken
            for a slot without asking the lock.
            """
            user_index = self._needs_lookup(node_event.data)
            if user_index is not None and node_event.event_id in (
                LockEventId.LOCK_OPERATION,
                LockEventId.LOCK_OPERATION_ERROR,
            ):
                task = self._lookups.get(user_index)
                if task is None:
                    task = self.hass.async_create_background_task(
                        self._learn_user(user_index), f"housekey matter user {user_index}"
                    )
                    self._lookups[user_index] = task

                user: int = user_index

                @callback
                def done(finished: asyncio.Task[None]) -> None:
                    self._lookups.pop(user, None)
                    if not finished.cancelled():
                        deliver(node_event)

                task.add_done_callback(done)
                return
            deliver(node_event)

        @callback
        def deliver(node_event: MatterNodeEvent) -> None:
            report = self._report_of(node_event)
            if report is not None:
                on_report(report)

        @callback
        def bind() -> None:
            from matter_server.common.models import EventType

            target = async_get_matter_target(self.hass, self.entity_id)
            client = target.client if target is not None else None
            if client is bound[0]:
                return
            if bound[1] is not None:
                bound[1]()
            bound[0], bound[1] = client, None
            if target is not None:
                bound[1] = target.client.subscribe_events(
                    callback=on_node_event,
                    event_filter=EventType.NODE_EVENT,
                    node_filter=target.node.node_id,
                )

        @callback
        def on_state(event: Event[EventStateChangedData]) -> None:
            new_state = event.data["new_state"]
            bind()
            available = (
                new_state is not None and new_state.state != STATE_UNAVAILABLE and self.available
            )
            if available != last_available[0]:
                last_available[0] = available
                on_availability(available)

        unsubs = [
            self._on_matter_entry_change(bind),
            async_track_state_change_event(self.hass, [self.entity_id], on_state),
        ]

        @callback
        def unsubscribe() -> None:
            while unsubs:
                unsubs.pop()()
            if bound[1] is not None:
                bound[1]()
            bound[0] = bound[1] = None

        return unsubscribe
