"""Who may do what: residents who are Home Assistant users bring and manage guests of their own.

Driven through the real actions and websocket commands with Home Assistant's own
users: an admin, a read-only user, and ordinary users linked to people.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import Credentials
from homeassistant.core import Context, Event, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import CLIENT_ID, MockConfigEntry, MockUser

from custom_components.housekey.const import CONF_GUEST_DAYS, CONF_GUEST_QUOTA
from custom_components.housekey.core.model import Status
from custom_components.housekey.logbook import async_describe_events

from .conftest import BACK, FRONT, Recorder, call, settle, setup_household
from .test_journal import read_records
from .test_websocket import Client

START = dt_util.parse_datetime("2099-03-01T10:00:00+00:00")
assert START is not None


async def _user(hass: HomeAssistant, name: str) -> MockUser:
    """An ordinary Home Assistant user: neither admin nor read-only."""
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    return MockUser(name=name, groups=[group]).add_to_hass(hass)


class Home:
    """A household with two residents who are users, a resident who is not, and a guest user."""

    def __init__(self, hass: HomeAssistant, entry: MockConfigEntry) -> None:
        self.hass = hass
        self.entry = entry
        self.users: dict[str, MockUser] = {}

    async def add(self, name: str, role: str, *, user: bool = True, **fields: Any) -> str:
        data: dict[str, Any] = {"name": name, "role": role, **fields}
        if user:
            self.users[name] = await _user(self.hass, name)
            data["ha_user"] = self.users[name].id
        return str((await call(self.hass, "add_person", data))["person_id"])

    def context(self, name: str) -> Context:
        return Context(user_id=self.users[name].id)

    async def as_(self, name: str, action: str, data: dict[str, Any]) -> Any:
        return await call(self.hass, action, data, context=self.context(name))

    async def guest(self, resident: str, name: str, days: float = 2, **fields: Any) -> str:
        """Add a guest as the resident who is this user."""
        data = {
            "name": name,
            "valid_from": START.isoformat(),
            "valid_until": (START + timedelta(days=days)).isoformat(),
            **fields,
        }
        return str((await self.as_(resident, "add_guest", data))["person_id"])

    def person(self, ref: str) -> Any:
        person = self.entry.runtime_data.household.find(ref)
        assert person is not None
        return person


@pytest.fixture
async def home(hass: HomeAssistant) -> Home:
    entry = await setup_household(hass)
    home = Home(hass, entry)
    await home.add("Rita", "resident")
    await home.add("Sam", "resident")
    await home.add("Ray", "resident", user=False)
    await home.add("Gail", "guest", valid_until="2099-12-31 12:00:00")
    await home.add("Sid", "service")
    await settle(entry.runtime_data)
    return home


def refusals(events: Recorder) -> list[tuple[str, str | None, str | None, str]]:
    """Every recorded refusal: (action tried, person, actor, reason)."""
    return [
        (e["action"], e["person_id"], e["actor"], e["refused"])
        for e in events.of("housekey_admin")
        if "refused" in e
    ]


async def test_a_resident_brings_three_guests_and_the_fourth_is_refused(
    home: Home, events: Recorder, hass_admin_user: MockUser
) -> None:
    rita = home.person("Rita")
    ids = [await home.guest("Rita", f"Guest {n}") for n in (1, 2, 3)]
    for person_id in ids:
        guest = home.entry.runtime_data.household.people[person_id]
        assert guest.sponsor == rita.person_id and guest.role.value == "guest"
    with pytest.raises(ServiceValidationError) as err:
        await home.guest("Rita", "Guest 4")
    assert err.value.translation_key == "guest_quota"
    assert "3 guests" in str(err.value)
    assert home.entry.runtime_data.household.find("Guest 4") is None
    assert refusals(events) == [("add_guest", None, home.users["Rita"].id, "guest_quota")]
    # Sam's quota is his own; a guest Rita ended frees her place.
    await home.guest("Sam", "Sam's guest")
    await home.as_("Rita", "offboard_person", {"person": "Guest 1", "timeout": 5})
    await home.guest("Rita", "Guest 4")
    # An admin is not limited, and may name any sponsor.
    await call(
        home.hass,
        "add_guest",
        {"name": "Admin's guest", "valid_until": "2099-12-31", "sponsor": "Rita"},
        context=Context(user_id=hass_admin_user.id),
    )
    # So is an automation (a call without a user).
    await call(home.hass, "add_guest", {"name": "Auto", "valid_until": "2099-12-31"})


async def test_a_guest_may_stay_exactly_fourteen_days_and_not_a_minute_more(
    home: Home, events: Recorder
) -> None:
    await home.guest("Rita", "Fortnight", days=14)
    with pytest.raises(ServiceValidationError) as err:
        await home.guest("Rita", "Longer", days=14 + 1 / (24 * 60))
    assert err.value.translation_key == "guest_too_long"
    assert err.value.translation_placeholders["field"] == "valid_until"
    # Without valid_from the stay counts from now.
    now = dt_util.utcnow()
    with pytest.raises(ServiceValidationError):
        await home.as_(
            "Rita",
            "add_guest",
            {"name": "Now", "valid_until": (now + timedelta(days=15)).isoformat()},
        )
    # Changing the guest's window is held to the same limit.
    end = START + timedelta(days=14, minutes=1)
    with pytest.raises(ServiceValidationError) as err:
        await home.as_(
            "Rita", "update_person", {"person": "Fortnight", "valid_until": end.isoformat()}
        )
    assert err.value.translation_key == "guest_too_long"
    moved = {"valid_from": (START + timedelta(days=1)).isoformat(), "valid_until": end.isoformat()}
    await home.as_("Rita", "update_person", {"person": "Fortnight", **moved})
    assert home.person("Fortnight").valid_until == end
    rita = home.users["Rita"].id
    assert [r[3] for r in refusals(events) if r[2] == rita] == ["guest_too_long"] * 3


async def test_a_resident_manages_only_their_own_guests(home: Home, events: Recorder) -> None:
    await home.guest("Rita", "Rosa")
    sams = await home.guest("Sam", "Stan")
    rita = home.users["Rita"].id
    for action, data in (
        ("update_person", {"person": "Stan", "max_uses": 2}),
        ("suspend_person", {"person": "Stan"}),
        ("offboard_person", {"person": "Stan", "timeout": 5}),
        ("update_person", {"person": "Sam", "valid_until": "2099-04-01"}),
        ("suspend_person", {"person": "Ray"}),
    ):
        with pytest.raises(Unauthorized) as err:
            await home.as_("Rita", action, data)
        assert err.value.translation_key == "not_own_guest"
    assert home.person("Stan").suspended is False and home.person("Stan").max_uses is None
    # Her own guest she may change, suspend, resume and end, but not promote.
    await home.as_("Rita", "update_person", {"person": "Rosa", "max_uses": 3, "name": "Rosie"})
    await home.as_("Rita", "suspend_person", {"person": "Rosie"})
    assert home.person("Rosie").suspended
    await home.as_("Rita", "resume_person", {"person": "Rosie"})
    for field, value in (("role", "resident"), ("ha_user", rita)):
        with pytest.raises(Unauthorized) as err:
            await home.as_("Rita", "update_person", {"person": "Rosie", field: value})
        assert err.value.translation_key == "guest_field_admin_only"
    assert home.person("Rosie").role.value == "guest"
    # A guest sponsored by someone else is not hers to bring either.
    with pytest.raises(Unauthorized) as err:
        await home.guest("Rita", "Sly", sponsor="Sam")
    assert err.value.translation_key == "other_sponsor"
    await home.guest("Rita", "Self", sponsor="Rita")  # naming herself is fine
    assert refusals(events) == [
        ("update_person", sams, rita, "not_own_guest"),
        ("suspend_person", sams, rita, "not_own_guest"),
        ("offboard_person", sams, rita, "not_own_guest"),
        ("update_person", home.person("Sam").person_id, rita, "not_own_guest"),
        ("suspend_person", home.person("Ray").person_id, rita, "not_own_guest"),
        ("update_person", home.person("Rosie").person_id, rita, "guest_field_admin_only"),
        ("update_person", home.person("Rosie").person_id, rita, "guest_field_admin_only"),
        ("add_guest", None, rita, "other_sponsor"),
    ]


async def test_a_resident_changes_their_own_pin_and_nobody_elses(
    home: Home, events: Recorder
) -> None:
    before = home.person("Rita").pin
    answer = await home.as_("Rita", "set_pin", {"person": "Rita"})
    assert answer["pin"] != before and home.person("Rita").pin == answer["pin"]
    await home.as_("Rita", "set_pin", {"person": "Rita", "pin": "40917253"})
    await home.guest("Rita", "Rosa")
    for other in ("Sam", "Rosa"):
        pin = home.person(other).pin
        with pytest.raises(Unauthorized) as err:
            await home.as_("Rita", "set_pin", {"person": other, "pin": "51739284"})
        assert err.value.translation_key == "not_own_pin"
        assert home.person(other).pin == pin
    assert [r[3] for r in refusals(events)] == ["not_own_pin", "not_own_pin"]
    changed = [e for e in events.of("housekey_admin") if e["action"] == "pin_changed"]
    assert [e["actor"] for e in changed] == [home.users["Rita"].id] * 2


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("add_guest", {"name": "Gus", "valid_until": "2099-03-02 12:00:00"}),
        ("set_pin", {"person": "Gail"}),
        ("suspend_person", {"person": "Gail"}),
        ("add_person", {"name": "Mallory"}),
    ],
)
async def test_guests_service_people_and_other_users_manage_nothing(
    hass: HomeAssistant,
    home: Home,
    events: Recorder,
    hass_read_only_user: MockUser,
    action: str,
    data: dict[str, Any],
) -> None:
    stranger = await _user(hass, "Stranger")  # an ordinary user linked to nobody
    callers = {
        "Gail": home.context("Gail"),
        "Sid": home.context("Sid"),
        "read-only": Context(user_id=hass_read_only_user.id),
        "stranger": Context(user_id=stranger.id),
    }
    before = {p.person_id: p for p in home.entry.runtime_data.household.people.values()}
    for context in callers.values():
        with pytest.raises(Unauthorized) as err:
            await call(hass, action, data, context=context)
        assert err.value.translation_key == "admin_required"
        assert str(err.value).startswith("Only Home Assistant administrators")
    assert dict(home.entry.runtime_data.household.people) == before
    assert [(r[0], r[2], r[3]) for r in refusals(events)] == [
        (action, c.user_id, "admin_required") for c in callers.values()
    ]


async def test_a_resident_may_not_call_the_admins_actions(home: Home, events: Recorder) -> None:
    for action, data in (
        ("add_person", {"name": "Mallory"}),
        ("sync", {}),
        ("reveal_pin", {"person": "Rita"}),
        ("export_household", {"passphrase": "correct horse battery"}),
        ("verify_journal", {}),
    ):
        with pytest.raises(Unauthorized) as err:
            await home.as_("Rita", action, data)
        assert err.value.translation_key == "admin_required"
    assert [r[0] for r in refusals(events)] == [
        "add_person",
        "sync",
        "reveal_pin",
        "export_household",
        "verify_journal",
    ]
    assert "pin_revealed" not in [e["action"] for e in events.of("housekey_admin")]


async def test_a_resident_who_is_suspended_or_gone_stands_for_nobody(home: Home) -> None:
    await call(home.hass, "suspend_person", {"person": "Rita"})
    with pytest.raises(Unauthorized):
        await home.guest("Rita", "Rosa")
    await call(home.hass, "resume_person", {"person": "Rita"})
    await home.guest("Rita", "Rosa")
    await call(home.hass, "offboard_person", {"person": "Rita", "timeout": 5})
    with pytest.raises(Unauthorized):
        await home.as_("Rita", "set_pin", {"person": "Rita"})


async def test_a_residents_guest_opens_only_the_residents_own_doors(hass: HomeAssistant) -> None:
    entry = await setup_household(hass)
    home = Home(hass, entry)
    await home.add("Fay", "resident", locks=[FRONT])
    guest = await home.guest("Fay", "Fred")
    assert entry.runtime_data.household.people[guest].locks == (FRONT,)
    with pytest.raises(Unauthorized) as err:
        await home.guest("Fay", "Flo", locks=[FRONT, BACK])
    assert err.value.translation_key == "guest_locks_beyond_own"
    with pytest.raises(Unauthorized):
        await home.as_("Fay", "update_person", {"person": "Fred", "locks": None})


async def test_every_refusal_is_in_the_journal(home: Home, events: Recorder) -> None:
    with pytest.raises(Unauthorized):
        await home.as_("Rita", "set_pin", {"person": "Sam"})
    with pytest.raises(Unauthorized):
        await home.as_("Gail", "add_guest", {"name": "X", "valid_until": "2099-03-02"})
    records = await read_records(home.hass, home.entry)
    journaled = [r["data"] for r in records if r["kind"] == "admin" and "refused" in r["data"]]
    assert [(d["action"], d["actor"], d["refused"]) for d in journaled] == [
        ("set_pin", home.users["Rita"].id, "not_own_pin"),
        ("add_guest", home.users["Gail"].id, "admin_required"),
    ]
    assert journaled == [e for e in events.of("housekey_admin") if "refused" in e]


async def test_a_sponsors_offboarding_ends_their_guests_on_the_locks(
    home: Home, events: Recorder
) -> None:
    runtime = home.entry.runtime_data
    now = dt_util.utcnow()
    window = {"valid_from": now.isoformat(), "valid_until": (now + timedelta(days=2)).isoformat()}
    rosa = await home.guest("Rita", "Rosa", **window)
    rick = await home.guest("Rita", "Rick", **window)
    stan = await home.guest("Sam", "Stan", **window)
    await settle(runtime)
    pins = {p: runtime.household.people[p].pin for p in (rosa, rick, stan)}
    for keypad in runtime.keypads.values():
        assert set(pins.values()) <= set(keypad.codes.values())
    rita = home.person("Rita").person_id

    answer = await call(home.hass, "offboard_person", {"person": "Rita", "timeout": 5})
    assert answer["locks"] == {FRONT: "removed", BACK: "removed"}
    await settle(runtime)
    people = runtime.household.people
    assert runtime.status(people[rosa]) is Status.OFFBOARDED
    assert runtime.status(people[rick]) is Status.OFFBOARDED
    assert runtime.status(people[stan]) is Status.ACTIVE  # Sam's guest stays
    for keypad in runtime.keypads.values():
        held = set(keypad.codes.values())
        assert pins[rosa] not in held and pins[rick] not in held and pins[stan] in held
    offboarded = [
        (e["person_id"], e.get("sponsor"))
        for e in events.of("housekey_admin")
        if e["action"] == "offboarded"
    ]
    assert offboarded == [(rita, None), (rosa, rita), (rick, rita)]


async def test_the_guest_limits_are_options(hass: HomeAssistant) -> None:
    entry = await setup_household(hass, options={CONF_GUEST_QUOTA: 1, CONF_GUEST_DAYS: 2})
    home = Home(hass, entry)
    await home.add("Rita", "resident")
    await home.guest("Rita", "One", days=2)
    with pytest.raises(ServiceValidationError) as err:
        await home.guest("Rita", "Two", days=1)
    assert err.value.translation_key == "guest_quota"
    await home.as_("Rita", "offboard_person", {"person": "One", "timeout": 5})
    with pytest.raises(ServiceValidationError) as err:
        await home.guest("Rita", "Three", days=2.5)
    assert err.value.translation_key == "guest_too_long"
    assert "2 days" in str(err.value)


async def test_the_options_form_sets_the_guest_limits(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(household.entry_id)
    section = result["data_schema"].schema["guests"]
    assert {str(k): k.default() for k in section.schema.schema} == {"quota": 3, "max_days": 14}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {"simulated_locks": 2, "pin_min": 6, "pin_max": 8, "guests": {"quota": 5, "max_days": 30}},
    )
    await hass.async_block_till_done()
    assert household.options[CONF_GUEST_QUOTA] == 5
    limits = household.runtime_data.options.guests
    assert (limits.quota, limits.max_days) == (5, 30)


# ---- websocket -------------------------------------------------------------------------


async def _client(hass: HomeAssistant, ws: Any, home: Home, name: str) -> Client:
    user = home.users[name]
    credential = Credentials(
        id=f"{name}-credential",
        auth_provider_type="homeassistant",
        auth_provider_id=None,
        data={"username": name.lower()},
        is_new=False,
    )
    user.credentials.append(credential)
    token = await hass.auth.async_create_refresh_token(user, CLIENT_ID, credential=credential)
    return Client(await ws(hass, hass.auth.async_create_access_token(token)), home.entry.entry_id)


async def test_the_websocket_commands_follow_the_same_rule(
    hass: HomeAssistant, home: Home, hass_ws_client: Any, events: Recorder
) -> None:
    rita = await _client(hass, hass_ws_client, home, "Rita")
    until = (START + timedelta(days=3)).isoformat()
    added = await rita.result(
        "person/add_guest", name="Rosa", valid_from=START.isoformat(), valid_until=until
    )
    assert added["pin"] and home.person("Rosa").sponsor == home.person("Rita").person_id
    await rita.result("person/suspend", person="Rosa")
    mine = await rita.result("person/set_pin", person="Rita")
    assert home.person("Rita").pin == mine["pin"]
    await home.guest("Sam", "Stan")
    reply = await rita.send("person/offboard", person="Stan", timeout=5)
    assert reply["error"]["code"] == "not_own_guest" and reply["error"]["message"]
    reply = await rita.send("person/set_pin", person="Sam")
    assert reply["error"]["code"] == "not_own_pin"
    reply = await rita.send("person/add", name="Mallory")
    assert reply["error"]["code"] == "admin_required"
    for name in (1, 2):
        await home.guest("Rita", f"Guest {name}")
    reply = await rita.send(
        "person/add_guest", name="Fourth", valid_from=START.isoformat(), valid_until=until
    )
    assert reply["error"]["code"] == "guest_quota"
    # What only the panel shows stays the admins' alone.
    for command in ("people", "doors", "activity"):
        reply = await rita.send(command)
        assert reply["error"]["code"] == "unauthorized"
    reply = await rita.send("person/reveal_pin", person="Rita")
    assert reply["error"]["code"] == "admin_required"
    assert [r[3] for r in refusals(events)] == [
        "not_own_guest",
        "not_own_pin",
        "admin_required",
        "guest_quota",
        "admin_required",
    ]
    assert "pin_revealed" not in [e["action"] for e in events.of("housekey_admin")]


async def test_the_logbook_says_what_was_refused(home: Home, events: Recorder) -> None:
    described: dict[str, Any] = {}
    async_describe_events(home.hass, lambda domain, kind, fn: described.setdefault(kind, fn))
    with pytest.raises(Unauthorized):
        await home.as_("Rita", "set_pin", {"person": "Sam"})
    with pytest.raises(ServiceValidationError):
        await home.guest("Rita", "Long", days=20)
    lines = [
        described["housekey_admin"](Event("housekey_admin", e))["message"]
        for e in events.of("housekey_admin")
        if "refused" in e
    ]
    assert lines == ["refused: set pin Sam (not own pin)", "refused: add guest (guest too long)"]


async def test_two_calls_at_once_cannot_both_take_the_last_place(home: Home) -> None:
    await home.guest("Rita", "One")
    await home.guest("Rita", "Two")
    outcomes = await asyncio.gather(
        home.guest("Rita", "Three"), home.guest("Rita", "Four"), return_exceptions=True
    )
    refused = [o for o in outcomes if isinstance(o, ServiceValidationError)]
    assert len(refused) == 1 and refused[0].translation_key == "guest_quota"
    rita = home.person("Rita").person_id
    current = home.entry.runtime_data.household.current()
    assert len([p for p in current if p.sponsor == rita]) == 3
