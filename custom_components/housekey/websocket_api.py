"""The admin websocket API behind the Housekey panel.

Every command is admin-only, but for those that run an action on a person: they
follow the actions' rule, so a resident who is a user may do with them what the
actions let them do (core/authority.py), and no more, and every refusal is on the
record. Mutations run the same schemas and handlers as the actions (services.py),
but are called directly rather than through `hass.services.async_call`: a PIN then
travels only in the websocket message and its result, and never reaches the
recorder's `call_service` events.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial, wraps
from typing import Any

from homeassistant.components.recorder.db_schema import EventData, Events, EventTypes
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import (
    async_response,
    require_admin,
    websocket_command,
)
from homeassistant.components.websocket_api.messages import event_message
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.recorder import get_instance, session_scope
from homeassistant.util import dt as dt_util

from . import door_readiness, repairs
from . import validation as v
from .arguments import NewPersonArgs, read
from .const import (
    DOMAIN,
    EVENT_ACCESS,
    signal_access,
    signal_household,
    signal_lock,
    signal_update,
)
from .core.model import Person
from .runtime import Housekey
from .schema import vol
from .services import (
    HANDLERS,
    SCHEMAS,
    async_authorized,
    household_for,
    with_pin,
)

ENTRY = "entry_id"
#: the message keys that are the command's own, not the action's fields
OWN_KEYS = frozenset({"id", "type", ENTRY})
#: the newest accesses `housekey/activity` returns at most
ACTIVITY_LIMIT = 500

#: a command that takes an action's fields, which the action's schema checks
ACTION_FIELDS: dict[Any, Any] = {vol.Extra: object}

type Message = dict[str, Any]
type Handler = Callable[[HomeAssistant, ActiveConnection, Message], Awaitable[None]]

#: websocket command -> the action whose schema and handler it runs
MUTATIONS = {
    "add": "add_person",
    "add_guest": "add_guest",
    "update": "update_person",
    "suspend": "suspend_person",
    "resume": "resume_person",
    "offboard": "offboard_person",
    "set_pin": "set_pin",
    # Shown to admins only, as by the action; anyone else's attempt is on the record.
    "reveal_pin": "reveal_pin",
    # Door codes: the enrolment's secret, URI and QR code, and a book's codes, travel
    # only in the result, once, as in the actions' responses.
    "enrol_authenticator": "enrol_authenticator",
    "remove_authenticator": "remove_authenticator",
    "issue_code_book": "issue_code_book",
    "revoke_code_book": "revoke_code_book",
}


def _translated(handler: Handler) -> Handler:
    """Send a Housekey error as its translation key and translated message.

    The websocket layer would log any other HomeAssistantError with the message it
    was handling; a refusal of bad input is no fault of Home Assistant's.
    """

    @wraps(handler)
    async def run(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
        try:
            await handler(hass, connection, msg)
        except HomeAssistantError as err:
            connection.send_error(msg["id"], err.translation_key or "error", str(err))
        except vol.Invalid as err:
            connection.send_error(msg["id"], "invalid_format", err.error_message)

    return run


def _household(hass: HomeAssistant, msg: Message) -> Housekey:
    return household_for(hass, msg[ENTRY])


def _command(
    name: str, fields: dict[vol.Marker, Any] | None = None, *, delegated: bool = False
) -> Callable[[Handler], Any]:
    """Register-ready decorators of an admin command about one household (`fields` checked).

    Without `fields`, the message may carry an action's fields: its handler checks
    them with the action's own schema, so no rule is written twice. A `delegated`
    command is open to every user: it runs an action, which decides who may.
    """
    schema: dict[Any, Any] = {
        vol.Required("type"): f"{DOMAIN}/{name}",
        vol.Required(ENTRY): str,
        **(fields if fields is not None else ACTION_FIELDS),
    }

    def decorate(handler: Handler) -> Any:
        command = websocket_command(schema)(async_response(_translated(handler)))
        return command if delegated else require_admin(command)

    return decorate


# ---- queries ---------------------------------------------------------------------------


@require_admin
@websocket_command({vol.Required("type"): f"{DOMAIN}/households"})
@callback
def ws_households(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """List the loaded households."""
    connection.send_result(
        msg["id"],
        [
            {"entry_id": entry.entry_id, "name": entry.runtime_data.name}
            for entry in hass.config_entries.async_loaded_entries(DOMAIN)
        ],
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def person_view(hk: Housekey, person: Person) -> dict[str, Any]:
    """Return what the panel shows of a person: never a code or secret, only whether one exists."""
    return {
        "person_id": person.person_id,
        "name": person.name,
        "role": person.role.value,
        "status": hk.status(person).value,
        "valid_from": _iso(person.valid_from),
        "valid_until": _iso(person.valid_until),
        "weekly": [w.to_dict() for w in person.weekly],
        "locks": list(person.locks) if person.locks is not None else None,
        "uses": person.uses,
        "max_uses": person.max_uses,
        "last_access": _iso(person.last_access),
        "last_lock": person.last_lock,
        "sponsor": person.sponsor,
        "has_duress": person.duress_pin is not None,
        "has_authenticator": person.otp_secret is not None,
        "has_code_book": person.book is not None,
    }


@_command("people", {})
async def ws_people(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """List every current person of a household (`locks` None: every lock)."""
    hk = _household(hass, msg)
    people = [p for p in hk.household.people.values() if p.offboarded_at is None]
    connection.send_result(msg["id"], [person_view(hk, p) for p in people])


@_command("doors", {})
async def ws_doors(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """List the household's locks with their sync, counted per person as the sensors do."""
    hk = _household(hass, msg)
    doors = []
    for lock_id, sync in hk.locks.items():
        status = sync.view()
        info = hk.info[lock_id]
        state = hass.states.get(lock_id)
        doors.append(
            {
                "entity_id": lock_id,
                "name": state.name if state is not None else lock_id,
                "backend": info.backend,
                "sync_state": status.state.value,
                "pending_changes": status.pending,
                "managed_slots": len(status.holders),
                "foreign_slots": len(status.foreign),
                "free_slots": status.free,
                "foreign": sorted(status.foreign),
                "holders": sorted(status.holders),
                "enforcement": status.enforcement.value,
                "fallback": sorted(info.fallback),
                "alerts": repairs.lock_issues(hass, hk.entry.entry_id, lock_id),
                "readiness": door_readiness.describe(hk, lock_id),
                "last_access": info.last_access
                and {**info.last_access, "at": _iso(info.last_access_at)},
            }
        )
    connection.send_result(msg["id"], doors)


# ---- changes ---------------------------------------------------------------------------


@_command("subscribe", {})
async def ws_subscribe(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """Push `people` or `doors` whenever the household's entities would refresh.

    The people signals fire after every change to anyone (`signal_household`) and on
    household-wide changes such as the clock (`signal_update`); each lock's own
    signals fire on its sync progress and its accesses.
    """
    hk = _household(hass, msg)
    entry_id = hk.entry.entry_id

    def push(*kinds: str) -> Callable[..., None]:
        @callback
        def send(*_args: Any) -> None:
            for kind in kinds:
                connection.send_message(event_message(msg["id"], {"type": kind}))

        return send

    signals = [
        (signal_update(entry_id), push("people", "doors")),
        (signal_household(entry_id), push("people")),
    ]
    for lock_id in hk.locks:
        signals.append((signal_lock(entry_id, lock_id), push("doors")))
        signals.append((signal_access(entry_id, lock_id), push("doors")))
    unsubs = [async_dispatcher_connect(hass, signal, target) for signal, target in signals]

    @callback
    def unsubscribe() -> None:
        for unsub in unsubs:
            unsub()

    connection.subscriptions[msg["id"]] = unsubscribe
    connection.send_result(msg["id"])


# ---- mutations -------------------------------------------------------------------------


def _action_data(action: str, msg: Message, own: frozenset[str] = OWN_KEYS) -> dict[str, Any]:
    """Check the message's action fields (all but the command's `own` keys) with its schema."""
    return dict(SCHEMAS[action]({k: value for k, value in msg.items() if k not in own}))


def _mutation(command: str, action: str) -> Any:
    """Build the command that runs one action's schema and handler for the connection's user."""

    @_command(f"person/{command}", delegated=True)
    async def run(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
        data = _action_data(action, msg)
        call = ServiceCall(hass, DOMAIN, action, data, connection.context(msg))
        hk, call = await async_authorized(hass, action, call, msg[ENTRY])
        connection.send_result(msg["id"], await HANDLERS[action](hk, call))

    run.__name__ = f"ws_person_{command}"
    return run


SLOT = vol.All(vol.Coerce(int), vol.Range(min=1))


@_command(
    "door/clear_foreign",
    {vol.Required("lock"): v.text("lock"), vol.Optional("slots"): [SLOT]},
)
async def ws_clear_foreign(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """Clear the codes Housekey did not write from one lock (these slots, or all)."""
    hk = _household(hass, msg)
    (lock_id,) = v.check_locks(hk.locks, [msg["lock"]]) or ()
    await hk.async_clear_foreign(lock_id, msg.get("slots"))
    connection.send_result(msg["id"], {"lock": lock_id})


@_command(
    "door/adopt_foreign",
    {vol.Required("lock"): v.text("lock"), vol.Required("slot"): SLOT, **ACTION_FIELDS},
)
async def ws_adopt_foreign(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """Turn a foreign code into a named person with a PIN of their own (shown once)."""
    hk = _household(hass, msg)
    (lock_id,) = v.check_locks(hk.locks, [msg["lock"]]) or ()
    args = read(NewPersonArgs, _action_data("add_person", msg, OWN_KEYS | {"lock", "slot"}))
    person, generated = await hk.async_adopt_foreign(
        lock_id, msg["slot"], args, connection.context(msg)
    )
    connection.send_result(msg["id"], with_pin({"person_id": person.person_id}, generated))


# ---- activity --------------------------------------------------------------------------


@_command(
    "activity",
    {
        vol.Optional("person"): v.text("person"),
        vol.Optional("lock"): v.text("lock"),
        vol.Optional("outcome"): vol.In(["granted", "denied"]),
        vol.Optional("start"): v.moment("start"),
        vol.Optional("end"): v.moment("end"),
    },
)
async def ws_activity(hass: HomeAssistant, connection: ActiveConnection, msg: Message) -> None:
    """Return the household's accesses the recorder kept, newest first, filtered.

    `person` is a person id or a current person's name; without a period, everything kept.
    """
    hk = _household(hass, msg)
    if "recorder" not in hass.config.components:
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="no_recorder")
    wanted: dict[str, str] = {"household": hk.name}
    if "person" in msg:
        wanted["person_id"] = v.resolve(hk.household, msg["person"]).person_id
    if "lock" in msg:
        wanted["lock"] = msg["lock"]
    if "outcome" in msg:
        wanted["outcome"] = msg["outcome"]
    start: datetime | None = msg.get("start")
    end: datetime | None = msg.get("end")
    rows = await get_instance(hass).async_add_executor_job(
        partial(_accesses, hass, wanted, start, end)
    )
    connection.send_result(msg["id"], rows)


def _accesses(
    hass: HomeAssistant, wanted: dict[str, str], start: datetime | None, end: datetime | None
) -> list[dict[str, Any]]:
    """Read the matching access events from the recorder's database (in its executor)."""
    with session_scope(hass=hass, read_only=True) as session:
        query = (
            session.query(Events.time_fired_ts, EventData.shared_data)
            .join(EventTypes, Events.event_type_id == EventTypes.event_type_id)
            .outerjoin(EventData, Events.data_id == EventData.data_id)
            .filter(EventTypes.event_type == EVENT_ACCESS)
        )
        if start is not None:
            query = query.filter(Events.time_fired_ts >= start.timestamp())
        if end is not None:
            query = query.filter(Events.time_fired_ts < end.timestamp())
        found: list[dict[str, Any]] = []
        for fired, shared in query.order_by(Events.time_fired_ts.desc()):
            data: dict[str, Any] = json.loads(shared) if shared else {}
            if all(data.get(key) == value for key, value in wanted.items()):
                when = dt_util.utc_from_timestamp(fired) if fired is not None else None
                found.append({**data, "time": _iso(when)})
                if len(found) >= ACTIVITY_LIMIT:
                    break
        return found


# ---- registration ----------------------------------------------------------------------


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the panel's commands once, for every household."""
    commands = [
        ws_households,
        ws_people,
        ws_doors,
        ws_subscribe,
        ws_clear_foreign,
        ws_adopt_foreign,
        ws_activity,
        *(_mutation(command, action) for command, action in MUTATIONS.items()),
    ]
    for command in commands:
        async_register_command(hass, command)
