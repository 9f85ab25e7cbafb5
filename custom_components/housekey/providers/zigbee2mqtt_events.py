"""What a Zigbee2MQTT lock reports, normalized: actions, alarms and PIN programming.

Zigbee2MQTT puts a lock's events into its state publishes (`action`,
`action_source_name`, `action_user`, `alarm`; read from zigbee-herdsman-converters'
fz.lock_operation_event, fz.lock_programming_event and vendor converters). This module
turns them into Housekey's reports and numbers; providers/zigbee2mqtt.py subscribes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .base import AccessEvent, AlarmKind, Method, Outcome

#: a ZCL user id that means "no user" in operation events
NO_USER: Final = frozenset({0xFF, 0xFFFF})


#: Zigbee2MQTT action_source_name -> how the attempt was made
SOURCE_METHODS: Final[Mapping[str, Method]] = {
    "keypad": Method.KEYPAD,
    "rf": Method.RF,
    "manual": Method.MANUAL,
    "rfid": Method.NFC,
    "fingerprint": Method.UNKNOWN,
}
#: unlocking actions -> method they imply (None: take it from action_source_name).
#: `unlock` and the failures come from fz.lock_operation_event (ZCL operation event
#: codes); the `*_unlock` names from vendor converters (Yale, easyAccess, onesti).
GRANTED_ACTIONS: Final[Mapping[str, Method | None]] = {
    "unlock": None,
    "keypad_unlock": Method.KEYPAD,
    "password_unlock": Method.KEYPAD,
    "rfid_unlock": Method.NFC,
    "fingerprint_unlock": Method.UNKNOWN,
    "zigbee_unlock": Method.RF,
    "unlock_module": Method.RF,
    "manual_unlock": Method.MANUAL,
    "key_unlock": Method.MANUAL,
    "manual_unlock_key_or_thumbturn": Method.MANUAL,
    "schedule_unlock": Method.AUTO,
}
DENIED_ACTIONS: Final[Mapping[str, Method | None]] = {
    "unlock_failure_invalid_pin_or_id": None,
    "lock_failure_invalid_pin_or_id": None,
    "unlock_failure_invalid_schedule": None,
}
#: denials that name the user whose code was right but is outside its schedule
DENIED_WITH_USER: Final = frozenset({"unlock_failure_invalid_schedule"})
#: the `alarm` values (Yale's genAlarms converter) Housekey raises
ALARMS: Final[Mapping[str, AlarmKind]] = {
    "tamper_alarm_keypad_attempts": AlarmKind.BRUTE_FORCE,
    "tamper_alarm_front_escutcheon": AlarmKind.TAMPER,
}
#: user statuses of fz.lock_pin_code_response (constants.lockUserStatus)
OCCUPIED_STATUSES: Final = frozenset({"enabled", "disabled"})
#: fz.lock_programming_event actions (ZCL programming event codes 2, 3, 4) that change
#: one PIN user; `action_user` names it, and 0xFF / 0xFFFF with a deletion means all
PIN_PROGRAMMING_ACTIONS: Final = frozenset(
    {"pin_code_added", "pin_code_deleted", "pin_code_changed"}
)


def slot_to_user(slot: int) -> int:
    """Map a Housekey slot (1..N) to the Zigbee2MQTT PIN user it lives in (0..N-1)."""
    return slot - 1


def user_to_slot(user: int) -> int:
    """Map a Zigbee2MQTT PIN user (0..N-1) to its Housekey slot (1..N)."""
    return user + 1


def normalize_action(payload: Mapping[str, Any]) -> AccessEvent | None:
    """Turn one state publish's `action` into an unlock attempt, or None.

    Lock operations (keypad lock, auto lock), programming events and unknown
    actions are not accesses. A slot is attached only where the lock names the
    user whose PIN was typed: keypad unlocks, and schedule denials.
    """
    action = payload.get("action")
    if not isinstance(action, str):
        return None
    if action in GRANTED_ACTIONS:
        outcome, method = Outcome.GRANTED, GRANTED_ACTIONS[action]
    elif action in DENIED_ACTIONS:
        outcome, method = Outcome.DENIED, DENIED_ACTIONS[action]
    else:
        return None
    source = payload.get("action_source_name")
    if method is None:
        method = SOURCE_METHODS.get(source, Method.UNKNOWN) if isinstance(source, str) else None
        method = method or Method.UNKNOWN
    user = payload.get("action_user")
    if outcome is Outcome.DENIED and action not in DENIED_WITH_USER:
        user = None
    slot = None
    if (
        method is Method.KEYPAD
        and isinstance(user, int)
        and not isinstance(user, bool)
        and user >= 0
        and user not in NO_USER
    ):
        slot = user_to_slot(user)
    return AccessEvent(outcome, method, slot)


@dataclass(frozen=True, slots=True)
class PinProgramming:
    """A PIN user changed at or through the lock (a Zigbee2MQTT programming event)."""

    user: int | None  # None: every PIN user was deleted
    #: programmed over Zigbee (source "rf"): maybe Housekey's own write coming back
    over_zigbee: bool


def pin_programming(payload: Mapping[str, Any]) -> PinProgramming | None:
    """Read a PIN programming event from one state publish, or None."""
    action = payload.get("action")
    user = payload.get("action_user")
    if action not in PIN_PROGRAMMING_ACTIONS:
        return None
    if not isinstance(user, int) or isinstance(user, bool) or user < 0:
        return None
    source = payload.get("action_source_name")
    over_zigbee = source == "rf" or not isinstance(source, str)
    if user in NO_USER:
        return PinProgramming(None, over_zigbee) if action == "pin_code_deleted" else None
    return PinProgramming(user, over_zigbee)


def methods_from_exposes(exposes: list[Any]) -> frozenset[Method]:
    """Read which access methods the lock reports from its `action*` exposes."""
    methods: set[Method] = set()
    for expose in exposes:
        if not isinstance(expose, dict):
            continue
        values = [v for v in expose.get("values") or [] if isinstance(v, str)]
        if expose.get("property") == "action_source_name":
            methods.update(SOURCE_METHODS[v] for v in values if v in SOURCE_METHODS)
        elif expose.get("property") == "action":
            methods.update(m for v in values if (m := GRANTED_ACTIONS.get(v)) is not None)
    methods.discard(Method.UNKNOWN)
    return frozenset(methods)
