"""Codes checked at the door through Home Assistant: `housekey.submit_code` with PINs, duress
PINs, authenticator codes and code-book codes, with frozen and moving time."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

import pyotp
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.codes import OTP_STEP, otp_step

from .conftest import BACK, FRONT, Recorder, call, settle

PIN, DURESS, BOB = "482913", "593024", "604135"
WRONG = "000000"
#: a Sunday, 08:00 in the test's time zone (US/Pacific), 10 s into a time step
SUNDAY = datetime(2026, 6, 7, 8, 0, 10, tzinfo=dt_util.get_time_zone("US/Pacific"))


async def submit(hass: HomeAssistant, code: Any, lock: str = FRONT, **kwargs: Any) -> Any:
    """Type a code at a forwarding keypad of a door; return the action's response."""
    return await call(hass, "submit_code", {"lock": lock, "code": code}, **kwargs)


def accesses(events: Recorder) -> list[dict[str, Any]]:
    return events.of("housekey_access")


def alerts(events: Recorder, kind: str) -> list[dict[str, Any]]:
    return [a for a in events.of("housekey_alert") if a["kind"] == kind]


def wrong_codes(entry: MockConfigEntry, lock: str = FRONT) -> int:
    """Return how many wrong codes the door's brute-force counter holds."""
    attempts = entry.runtime_data.guard.attempts.get(lock)
    return 0 if attempts is None else len(attempts.recent)


async def lock_front(hass: HomeAssistant) -> None:
    await hass.services.async_call("lock", "lock", {"entity_id": FRONT}, blocking=True)


@pytest.fixture
async def alice(hass: HomeAssistant, household: MockConfigEntry) -> MockConfigEntry:
    """The household with Alice (a PIN and a duress PIN) and Bob (the back door only)."""
    await call(hass, "add_person", {"name": "Alice", "pin": PIN, "duress_pin": DURESS})
    await call(hass, "add_person", {"name": "Bob", "pin": BOB, "locks": [BACK]})
    await settle(household.runtime_data)
    return household


# ---- PINs -----------------------------------------------------------------------------------


async def test_a_right_pin_opens_the_door_recorded_once_as_a_keypad_access(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    assert hass.states.get(FRONT).state == "locked"
    assert await submit(hass, PIN) == {"granted": True, "locked_out": False}
    await hass.async_block_till_done()
    assert hass.states.get(FRONT).state == "unlocked"
    # One record: the lock's own report of the unlock Housekey sent is the same opening.
    assert [
        {k: a[k] for k in ("lock", "outcome", "method", "person_id", "slot", "user_id")}
        for a in accesses(events)
    ] == [
        {
            "lock": FRONT,
            "outcome": "granted",
            "method": "keypad",
            "person_id": "p1",
            "slot": None,
            "user_id": None,
        }
    ]
    assert hass.states.get("sensor.front_door_last_opened_by").state == "Alice"
    assert hass.states.get("sensor.maple_street_alice").attributes["uses"] == 1
    assert wrong_codes(alice) == 0


async def test_a_wrong_code_is_refused_recorded_and_counted(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    assert await submit(hass, WRONG) == {"granted": False, "locked_out": False}
    assert hass.states.get(FRONT).state == "locked"
    [access] = accesses(events)
    assert (access["outcome"], access["method"], access["person_id"]) == ("denied", "keypad", None)
    assert wrong_codes(alice) == 1


async def test_a_duress_pin_opens_like_the_pin_and_raises_the_silent_alert(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    assert (await submit(hass, PIN))["granted"]
    await lock_front(hass)
    assert (await submit(hass, DURESS))["granted"]
    ordinary, duress = ({k: v for k, v in a.items() if k != "time"} for a in accesses(events))
    assert duress == ordinary
    assert [(a["person_id"], a["lock"]) for a in alerts(events, "duress")] == [("p1", FRONT)]


async def test_someone_not_allowed_at_this_door_is_refused_and_it_is_no_guess(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    assert not (await submit(hass, BOB))["granted"]  # Bob has the back door only
    assert (await submit(hass, BOB, BACK))["granted"]
    assert [(a["lock"], a["outcome"], a["person_id"]) for a in accesses(events)] == [
        (FRONT, "denied", "p2"),
        (BACK, "granted", "p2"),
    ]
    assert wrong_codes(alice) == 0
    await call(hass, "suspend_person", {"person": "Alice"})
    assert not (await submit(hass, PIN))["granted"]
    assert wrong_codes(alice) == 0


async def test_a_guest_s_last_use_ends_their_access(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    guest = {"name": "Gus", "valid_until": "2099-01-01", "max_uses": 1}
    pin = (await call(hass, "add_guest", guest))["pin"]
    assert (await submit(hass, pin))["granted"]
    assert hass.states.get("sensor.maple_street_gus").state == "used_up"
    assert not (await submit(hass, pin))["granted"]


# ---- throttling and brute force ---------------------------------------------------------------


async def test_wrong_codes_lock_the_door_s_keypad_out_for_growing_delays(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    answers = [await submit(hass, WRONG) for _ in range(5)]
    assert [a["locked_out"] for a in answers] == [False] * 4 + [True]
    assert [a["detail"] for a in alerts(events, "brute_force")] == [
        "burst window: 5 wrong codes within 1 min; keypad locked out for 30 s"
    ]
    # Locked out: even the right code is refused unread, and nothing is counted.
    assert await submit(hass, PIN) == {"granted": False, "locked_out": True}
    assert alice.runtime_data.keypads[FRONT].locked_out()  # the door's own keypad too
    assert alice.runtime_data.guard.attempts[FRONT].refused == 1
    freezer.tick(timedelta(seconds=30))
    assert (await submit(hass, PIN))["granted"]
    # A later episode locks out for twice as long.
    freezer.tick(timedelta(seconds=65))
    await lock_front(hass)
    assert [(await submit(hass, WRONG))["locked_out"] for _ in range(5)][-1]
    freezer.tick(timedelta(seconds=30))
    assert (await submit(hass, PIN))["locked_out"]
    freezer.tick(timedelta(seconds=30))
    assert (await submit(hass, PIN))["granted"]
    assert len(alerts(events, "brute_force")) == 2
    denied = [a for a in accesses(events) if a["outcome"] == "denied"]
    assert len(denied) == 12  # every attempt is on the record


# ---- authenticator codes ----------------------------------------------------------------------


async def enrol(hass: HomeAssistant, person: str = "Alice", **kwargs: Any) -> dict[str, Any]:
    response: dict[str, Any] = await call(hass, "enrol_authenticator", {"person": person}, **kwargs)
    return response


def totp(secret: str, offset: int = 0) -> str:
    """Return an authenticator app's code `offset` steps from now."""
    return pyotp.TOTP(secret).at(dt_util.utcnow(), counter_offset=offset)


async def test_enrolment_returns_the_uri_and_a_qr_code_once_and_records_it(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder
) -> None:
    response = await enrol(hass)
    secret = response["secret"]
    assert response["person_id"] == "p1"
    assert pyotp.parse_uri(response["uri"]).secret == secret
    assert response["uri"].startswith("otpauth://totp/Maple%20Street:Alice?secret=")
    assert len(base64.b32decode(secret)) == 20  # 160 bits
    prefix = "data:image/png;base64,"
    assert response["qr_code"].startswith(prefix)
    assert base64.b64decode(response["qr_code"].removeprefix(prefix))[:8] == b"\x89PNG\r\n\x1a\n"
    assert alice.runtime_data.household.people["p1"].otp_secret == secret
    assert [(a["action"], a["person_id"]) for a in events.of("housekey_admin")][-1] == (
        "authenticator_enrolled",
        "p1",
    )
    # Enrolling again replaces the secret: the old app's codes stop working.
    again = await enrol(hass)
    assert again["secret"] != secret
    assert not (await submit(hass, totp(secret)))["granted"]
    assert (await submit(hass, totp(again["secret"])))["granted"]


async def test_an_authenticator_code_opens_within_one_step_of_drift_and_only_once(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(SUNDAY)
    secret = (await enrol(hass))["secret"]
    for offset in (-2, 2):  # two steps off: refused
        assert not (await submit(hass, totp(secret, offset)))["granted"]
    assert (await submit(hass, totp(secret, -1)))["granted"]  # a step late
    await lock_front(hass)
    assert (await submit(hass, totp(secret, 1)))["granted"]  # a step early
    await lock_front(hass)
    # The step after the last one used is gone: the current code is older than it now.
    assert not (await submit(hass, totp(secret)))["granted"]
    assert not (await submit(hass, totp(secret, 1)))["granted"]  # a replay
    assert alice.runtime_data.household.people["p1"].otp_step == otp_step(dt_util.utcnow()) + 1
    opened = [a for a in accesses(events) if a["outcome"] == "granted"]
    assert [(a["person_id"], a["method"]) for a in opened] == [("p1", "keypad")] * 2
    assert wrong_codes(alice) == 4  # two off by two, two already used
    freezer.tick(timedelta(seconds=2 * OTP_STEP))
    assert (await submit(hass, totp(secret)))["granted"]  # a fresh step


async def test_a_used_authenticator_code_stays_used_after_a_restart(
    hass: HomeAssistant, alice: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(SUNDAY)
    secret = (await enrol(hass))["secret"]
    code = totp(secret)
    assert (await submit(hass, code))["granted"]
    await lock_front(hass)
    assert await hass.config_entries.async_reload(alice.entry_id)
    await hass.async_block_till_done()
    await settle(alice.runtime_data)
    assert not (await submit(hass, code))["granted"]
    assert alice.runtime_data.household.people["p1"].otp_secret == secret


async def test_a_pin_means_its_holder_even_when_it_is_someone_s_authenticator_code(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(SUNDAY)
    secret = (await enrol(hass))["secret"]
    code = totp(secret)
    await call(hass, "add_person", {"name": "Carol", "pin": code})  # by chance the same digits
    assert (await submit(hass, code))["granted"]
    assert accesses(events)[-1]["person_id"] == "p3"  # Carol, by her PIN
    assert alice.runtime_data.household.people["p1"].otp_step == 0  # Alice's code unused
    await lock_front(hass)
    freezer.tick(timedelta(seconds=OTP_STEP))
    assert (await submit(hass, totp(secret)))["granted"]  # her next code is hers
    assert accesses(events)[-1]["person_id"] == "p1"


async def test_a_code_that_is_two_people_s_at_once_is_refused_as_ambiguous(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(SUNDAY)
    secret = (await enrol(hass))["secret"]
    await call(hass, "add_person", {"name": "Carol"})
    await enrol(hass, "Carol")
    runtime = alice.runtime_data
    # Carol's app shows the same digits as Alice's this step (a one in a million chance).
    people = runtime.household.people
    people["p3"] = people["p3"].evolve(otp_secret=secret)
    runtime.door.index.invalidate()
    assert not (await submit(hass, totp(secret)))["granted"]
    assert accesses(events)[-1]["person_id"] is None
    assert wrong_codes(alice) == 0


async def test_a_removed_authenticator_opens_nothing(
    hass: HomeAssistant, alice: MockConfigEntry, events: Recorder, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(SUNDAY)
    secret = (await enrol(hass))["secret"]
    assert await call(hass, "remove_authenticator", {"person": "Alice"}) == {"person_id": "p1"}
    assert not (await submit(hass, totp(secret)))["granted"]
    assert alice.runtime_data.household.people["p1"].otp_secret is None
    assert events.of("housekey_admin")[-1]["action"] == "authenticator_removed"


# ---- code books -------------------------------------------------------------------------------

CLEANER = {
    "name": "Dana",
    "role": "service",
    "locks": [FRONT],
    "weekly": [{"days": ["mon", "thu"], "start": "09:00", "end": "12:00"}],
}


async def book(hass: HomeAssistant, person: str = "Dana", **fields: Any) -> list[dict[str, str]]:
    response = await call(hass, "issue_code_book", {"person": person, **fields})
    codes: list[dict[str, str]] = response["codes"]
    return codes


def local(text: str) -> datetime:
    moment = dt_util.parse_datetime(text)
    assert moment is not None
    return moment


async def test_a_code_book_follows_the_weekly_hours_one_code_per_window(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(SUNDAY)
    await call(hass, "add_person", CLEANER)
    codes = await book(hass, count=4)
    assert [(local(c["valid_from"]), local(c["valid_until"])) for c in codes] == [
        (SUNDAY.replace(day=d, hour=9, second=0), SUNDAY.replace(day=d, hour=12, second=0))
        for d in (8, 11, 15, 18)
    ]
    assert all(len(c["code"]) == 8 and c["code"].isdigit() for c in codes)  # the longest PIN
    assert len({c["code"] for c in codes}) == 4
    assert await book(hass, count=4) == codes  # a reprint
    assert events.of("housekey_admin")[-1]["action"] == "code_book_issued"
    # Four weeks ahead when neither an end nor a count is given.
    assert len(await book(hass)) == 8


async def test_a_code_book_code_opens_only_in_its_window_and_only_once(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(SUNDAY)
    await call(hass, "add_person", CLEANER)
    monday, thursday = (c["code"] for c in await book(hass, count=2))
    assert not (await submit(hass, monday))["granted"]  # Sunday: not yet
    freezer.move_to(SUNDAY + timedelta(days=1, hours=1, minutes=30))  # Monday 09:30
    assert not (await submit(hass, thursday))["granted"]  # another window's code
    assert (await submit(hass, monday))["granted"]
    assert accesses(events)[-1]["person_id"] == "p1"
    await lock_front(hass)
    assert not (await submit(hass, monday))["granted"]  # used
    # Used stays used across a restart.
    assert await hass.config_entries.async_reload(household.entry_id)
    await hass.async_block_till_done()
    await settle(household.runtime_data)
    assert not (await submit(hass, monday))["granted"]
    freezer.move_to(SUNDAY + timedelta(days=4, hours=1))  # Thursday 09:00:10
    assert not (await submit(hass, thursday, BACK))["granted"]  # not her door
    assert (await submit(hass, thursday))["granted"]
    assert [a["outcome"] for a in accesses(events)] == [
        "denied",
        "denied",
        "granted",
        "denied",
        "denied",
        "denied",
        "granted",
    ]
    # Spent windows are forgotten once they end.
    assert [s.date() for s, _e in household.runtime_data.household.people["p1"].book.used] == [
        SUNDAY.date() + timedelta(days=4)
    ]


async def test_a_revoked_code_book_opens_nothing_and_a_new_one_has_new_codes(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(SUNDAY)
    await call(hass, "add_person", CLEANER)
    old = await book(hass, count=2)
    assert await call(hass, "revoke_code_book", {"person": "Dana"}) == {"person_id": "p1"}
    assert events.of("housekey_admin")[-1]["action"] == "code_book_revoked"
    new = await book(hass, count=2)
    assert [c["code"] for c in new] != [c["code"] for c in old]
    freezer.move_to(SUNDAY + timedelta(days=1, hours=2))  # Monday 10:00
    assert not (await submit(hass, old[0]["code"]))["granted"]
    assert (await submit(hass, new[0]["code"]))["granted"]


async def test_a_guest_without_weekly_hours_gets_a_code_per_day_of_their_stay(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(SUNDAY)
    stay = {"valid_from": "2026-06-08 15:00:00", "valid_until": "2026-06-10 11:00:00"}
    await call(hass, "add_guest", {"name": "Eve", **stay})
    codes = await book(hass, "Eve")
    assert [(c["valid_from"][:16], c["valid_until"][:16]) for c in codes] == [
        ("2026-06-08T15:00", "2026-06-09T00:00"),
        ("2026-06-09T00:00", "2026-06-10T00:00"),
        ("2026-06-10T00:00", "2026-06-10T11:00"),
    ]
    freezer.move_to(SUNDAY.replace(day=9, hour=10))
    assert not (await submit(hass, codes[0]["code"]))["granted"]  # yesterday's
    assert (await submit(hass, codes[1]["code"]))["granted"]
    freezer.move_to(SUNDAY.replace(day=10, hour=11, minute=30))
    assert not (await submit(hass, codes[2]["code"]))["granted"]  # the stay is over


async def test_a_code_book_code_stays_usable_when_the_lock_does_not_open(
    hass: HomeAssistant,
    household: MockConfigEntry,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
) -> None:
    freezer.move_to(SUNDAY + timedelta(days=1, hours=2))  # Monday 10:00
    await call(hass, "add_person", CLEANER)
    [code] = [c["code"] for c in await book(hass, count=1)]
    keypad = household.runtime_data.keypads[FRONT]
    keypad.set_unreachable(True)
    await hass.async_block_till_done()
    with pytest.raises(HomeAssistantError) as err:
        await submit(hass, code)
    assert err.value.translation_key == "unlock_failed"
    assert [(a["outcome"], a["person_id"]) for a in accesses(events)] == [("denied", "p1")]
    keypad.set_unreachable(False)
    await hass.async_block_till_done()
    assert (await submit(hass, code))["granted"]


# ---- who may call, and what is refused -----------------------------------------------------------


async def test_users_need_to_be_admins_and_automations_may_submit(
    hass: HomeAssistant, alice: MockConfigEntry, hass_admin_user: Any, hass_read_only_user: Any
) -> None:
    user = Context(user_id=hass_read_only_user.id)
    for action, data in (
        ("submit_code", {"lock": FRONT, "code": PIN}),
        ("enrol_authenticator", {"person": "Alice"}),
        ("issue_code_book", {"person": "Alice"}),
    ):
        with pytest.raises(Unauthorized):
            await call(hass, action, data, context=user)
    assert hass.states.get(FRONT).state == "locked"
    assert (await submit(hass, PIN, context=Context(user_id=hass_admin_user.id)))["granted"]
    await lock_front(hass)
    step = {"action": "housekey.submit_code", "data": {"lock": FRONT, "code": "{{ code }}"}}
    keypad = {
        "id": "keypad",
        "triggers": [{"trigger": "event", "event_type": "keypad_typed"}],
        "actions": [{"variables": {"code": "{{ trigger.event.data.code }}"}}, step],
    }
    assert await async_setup_component(hass, "automation", {"automation": keypad})
    hass.bus.async_fire("keypad_typed", {"code": PIN})
    await hass.async_block_till_done()
    assert hass.states.get(FRONT).state == "unlocked"


@pytest.mark.parametrize(
    ("action", "data", "key", "field"),
    [
        ("submit_code", {"lock": "lock.garage", "code": PIN}, "unknown_lock", "lock"),
        ("submit_code", {"lock": FRONT, "code": "48 29"}, "bad_code", "code"),
        ("submit_code", {"lock": FRONT, "code": ""}, "bad_code", "code"),
        ("submit_code", {"lock": FRONT, "code": True}, "bad_code", "code"),
        ("submit_code", {"lock": FRONT, "code": "1" * 33}, "bad_code", "code"),
        ("submit_code", {"lock": [FRONT], "code": PIN}, "bad_text", "lock"),
        ("enrol_authenticator", {"person": "Nobody"}, "unknown_person", "person"),
        ("remove_authenticator", {"person": "Alice"}, "no_authenticator", "person"),
        ("revoke_code_book", {"person": "Alice"}, "no_code_book", "person"),
        ("issue_code_book", {"person": "Alice", "count": 0}, "bad_count", "count"),
        ("issue_code_book", {"person": "Alice", "count": 101}, "bad_count", "count"),
        (
            "issue_code_book",
            {"person": "Alice", "from": "2026-06-10", "until": "2026-06-09"},
            "end_before_start",
            "until",
        ),
        ("issue_code_book", {"person": "Gus"}, "no_book_windows", "person"),
        ("issue_code_book", {"person": "Alice", "from": "soon"}, "bad_datetime", "from"),
    ],
)
async def test_bad_input_is_refused_naming_the_field_and_changes_nothing(
    hass: HomeAssistant,
    alice: MockConfigEntry,
    events: Recorder,
    action: str,
    data: dict[str, Any],
    key: str,
    field: str,
) -> None:
    gone = {"name": "Gus", "valid_from": "2000-01-01", "valid_until": "2000-01-02"}
    await call(hass, "add_guest", gone)
    before = alice.runtime_data.data.snapshot()
    seen = len(events.events)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, action, data)
    assert (err.value.translation_key, err.value.translation_placeholders["field"]) == (key, field)
    assert PIN not in str(err.value)
    assert alice.runtime_data.data.snapshot() == before
    assert len(events.events) == seen
    assert wrong_codes(alice) == 0
