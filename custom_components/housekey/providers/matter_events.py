"""What a Matter Door Lock reports, normalized: its events, its answers, the slot numbering.

The lock sends LockOperation, LockOperationError, DoorLockAlarm and LockUserChange
events (Door Lock cluster, Matter 1.x); this module turns them into Housekey's
reports, and the answers to its commands into plain records. providers/matter.py
subscribes to the events and talks to the lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Final

from .base import (
    AccessEvent,
    AlarmKind,
    LockAlarm,
    LockReport,
    Method,
    Outcome,
    ProviderError,
    SlotChanged,
)


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


#: Name given to the users Housekey creates (the cluster allows 10 bytes). It marks
#: them as Housekey's, so a clear never deletes a user someone else made.
HOUSEKEY_USER_NAME: Final = "housekey"

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

#: OperationSourceEnum Remote: a Matter command, as Housekey's own are.
SOURCE_REMOTE: Final = 7

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


# --- normalizing what the lock reports ----------------------------------------------


def as_int(value: Any) -> int | None:
    """Return value as int when it is one (Nullable comes back as None)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def credential_slot(credentials: Any) -> int | None:
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
    index = as_int(data.get("dataIndex"))
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
    slot = credential_slot(data.get("credentials"))
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
    #: the UserTypeEnum value (None when the lock does not say)
    user_type: int | None = None
    #: False for a user the lock holds disabled (UserStatusEnum kOccupiedDisabled)
    enabled: bool = True

    @property
    def is_housekeys(self) -> bool:
        """Return whether Housekey created this user."""
        return self.name == HOUSEKEY_USER_NAME


def field_of(response: Any, name: str) -> Any:
    """Read a field of a command response (a dict over the websocket)."""
    if isinstance(response, Mapping):
        return response.get(name)
    return getattr(response, name, None)
