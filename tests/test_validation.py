"""Input checking: every field bounded, names unambiguous, codes not recycled.

Each test drives the real integration; a refusal must be a translated
ServiceValidationError naming the field, and must change nothing.
"""

from __future__ import annotations

import copy
import json
import logging
from datetime import timedelta
from http import HTTPStatus
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import parse_yaml
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.const import CONF_PIN_REUSE_DAYS
from custom_components.housekey.core.model import Household
from custom_components.housekey.validation import FIELD_LABELS

from .conftest import BACK, FRONT, call, logged, settle, setup_household


def codes(entry: MockConfigEntry, lock: str) -> dict[int, str]:
    return dict(entry.runtime_data.keypads[lock].codes)


async def populated(hass: HomeAssistant, **options: Any) -> MockConfigEntry:
    """A household with Alice (482913) and Bob (739154) on both doors."""
    entry = await setup_household(hass, **options)
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(entry.runtime_data)
    return entry


async def refused(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    service: str,
    data: dict[str, Any],
    key: str,
    field: str | None = None,
) -> ServiceValidationError:
    """Call an action that must be refused with `key` naming `field`; check it changed nothing."""
    runtime = entry.runtime_data
    await hass.async_block_till_done()
    stored = copy.deepcopy(hass_storage.get(f"housekey.{entry.entry_id}"))
    before = runtime.household.to_dict()
    locks = {lock: codes(entry, lock) for lock in runtime.keypads}
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, data)
    await settle(runtime)
    assert runtime.household.to_dict() == before
    assert hass_storage.get(f"housekey.{entry.entry_id}") == stored
    assert {lock: codes(entry, lock) for lock in runtime.keypads} == locks
    assert err.value.translation_key == key
    if field is not None:
        assert err.value.translation_placeholders["field"] == field
        assert FIELD_LABELS.get(field, field) in str(err.value)  # named as the form shows it
    return err.value


# ---- finding 2: bounds on every field, nothing saved on failure -----------------------------


async def test_far_future_date_is_refused_and_the_household_still_loads(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    await hass.config.async_set_time_zone("US/Pacific")
    entry = await populated(hass)
    data = {"name": "Zed", "valid_until": "9999-12-31 23:00"}
    await refused(hass, entry, hass_storage, "add_guest", data, "date_out_of_range", "valid_until")
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert (await call(hass, "suspend_person", {"person": "Bob"})) == {"person_id": "p2"}


BAD_FIELDS: list[tuple[str, dict[str, Any], str, str]] = [
    # dates: 2000 to 2100 at home (US/Pacific here) and in UTC, and dates at all
    *[
        ("update_person", {"person": "Bob", "valid_from": value}, "date_out_of_range", "valid_from")
        for value in (
            "1999-12-31T23:00:00-08:00",  # 2000 in UTC, 1999 at home
            "2100-12-31T20:00:00-08:00",  # 2100 at home, 2101 in UTC
            "0001-01-01T00:00:00",
            "9999-12-31T23:59:59+00:00",
        )
    ],
    *[
        ("add_guest", {"name": "Zed", "valid_until": value}, "bad_datetime", "valid_until")
        for value in ("not a date", 12, [2030], {"year": 2030}, True)
    ],
    # max_uses: a whole number from 1 to 10000, never an OverflowError
    *[
        ("add_person", {"name": "Zed", "max_uses": value}, "bad_max_uses", "max_uses")
        for value in (float("inf"), float("nan"), "1e400", 1e300, "abc", True, 0, -3, 2.5, [3])
    ],
    ("add_person", {"name": "Zed", "max_uses": 10**30}, "bad_max_uses", "max_uses"),
    *[
        ("offboard_person", {"person": "Bob", "timeout": value}, "bad_timeout", "timeout")
        for value in (float("nan"), float("inf"), "soon", 601, -1)
    ],
    # names: at most 64 characters, compared in written form, never empty, never an id
    ("add_person", {"name": "x" * 65}, "name_too_long", "name"),
    *[
        ("add_person", {"name": name}, "name_taken", "name")
        for name in ("\uff21lice", "Alice\u200b", "A\u200elice", "ALICE\ufeff", " alice\x00")
    ],
    *[
        ("add_person", {"name": name}, "name_empty", "name")
        for name in ("\u200b", "\x00", " \u200e\u2060 ", "\u3164", "\t\n")
    ],
    *[
        (service, {**data, "name": name}, "name_like_id", "name")
        for name in ("p4", "P12", "\uff504", " p7\u200b")
        for service, data in (("add_person", {}), ("update_person", {"person": "Bob"}))
    ],
    # weekly days: exactly mon..sun or monday..sunday
    *[
        (
            "add_person",
            {"name": "Zed", "weekly": [{"days": [day], "start": "09:00", "end": "17:00"}]},
            "bad_weekly",
            "weekly",
        )
        for day in ("monkey", "mo", "m", "montag", "sundays", "", 1)
    ],
]


@pytest.mark.parametrize(("service", "data", "key", "field"), BAD_FIELDS)
async def test_bad_fields_are_refused_and_change_nothing(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    service: str,
    data: dict[str, Any],
    key: str,
    field: str,
) -> None:
    await hass.config.async_set_time_zone("US/Pacific")
    entry = await populated(hass)
    await refused(hass, entry, hass_storage, service, data, key, field)


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (3.0, 3), ("4", 4), (None, None)])
async def test_max_uses_accepts_whole_numbers_in_any_form(
    hass: HomeAssistant, household: MockConfigEntry, value: Any, expected: int | None
) -> None:
    await call(hass, "add_person", {"name": "Zed", "max_uses": value})
    assert household.runtime_data.household.people["p1"].max_uses == expected


@pytest.mark.parametrize("start", ["09:00Z", "09:00+02:00", "09:00:00-05:00"])
async def test_weekly_times_with_an_offset_are_refused_and_later_changes_work(
    hass: HomeAssistant, hass_storage: dict[str, Any], start: str
) -> None:
    entry = await populated(hass)
    data = {"name": "Zed", "weekly": [{"days": ["mon"], "start": start, "end": "17:00"}]}
    await refused(hass, entry, hass_storage, "add_person", data, "bad_weekly", "weekly")
    assert (await call(hass, "add_person", {"name": "Zed"}))["person_id"] == "p3"


async def test_a_change_that_cannot_be_planned_is_not_saved(
    hass: HomeAssistant, hass_storage: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dry run: a plan that fails (a fault no input can provoke any more) saves nothing."""
    entry = await populated(hass)
    runtime = entry.runtime_data
    await hass.async_block_till_done()
    stored = copy.deepcopy(hass_storage[f"housekey.{entry.entry_id}"])
    before = runtime.household.to_dict()

    def broken(*_args: Any) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr("custom_components.housekey.planning.next_transition", broken)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "add_person", {"name": "Zed"})
    assert err.value.translation_key == "plan_failed"
    assert runtime.household.to_dict() == before
    assert hass_storage[f"housekey.{entry.entry_id}"] == stored
    with pytest.raises(HomeAssistantError):  # the same for a change to someone
        await call(hass, "set_pin", {"person": "Bob"})
    assert runtime.household.to_dict() == before
    assert hass_storage[f"housekey.{entry.entry_id}"] == stored


async def test_a_new_persons_codes_are_looked_up_not_compared_with_everyone_held(
    hass: HomeAssistant, hass_storage: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding a person costs the same in a household of ten or of a thousand."""
    entry = await populated(hass)
    await call(hass, "update_person", {"person": "Bob", "duress_pin": "640281"})

    def every_code(*_args: Any, **_kwargs: Any) -> list[str]:
        raise AssertionError("compared with every code in the household")

    monkeypatch.setattr(Household, "codes", every_code)
    for held in ("482913", "640281"):  # a PIN and a duress PIN someone holds
        data = {"name": "Zed", "pin": held}
        await refused(hass, entry, hass_storage, "add_person", data, "pin_duplicate", "pin")
        data = {"name": "Zed", "pin": "915372", "duress_pin": held}
        await refused(hass, entry, hass_storage, "add_person", data, "pin_duplicate", "duress_pin")
    data = {"name": "Zed", "pin": "915372", "duress_pin": "915372"}  # the same code twice
    await refused(hass, entry, hass_storage, "add_person", data, "pin_duplicate", "duress_pin")
    added = await call(hass, "add_person", {"name": "Zed", "duress_pin": "915372"})
    zed = entry.runtime_data.household.people[added["person_id"]]
    assert zed.pin == added["pin"] not in ("482913", "739154", "640281", "915372")


# ---- finding 3: names that pass for someone else ---------------------------------------------


async def test_names_are_stored_normalised_and_found_through_lookalikes(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "  \uff24ana \u200b  Smith\t"})
    people = household.runtime_data.household.people
    assert people["p1"].name == "Dana Smith"
    response = await call(hass, "suspend_person", {"person": "DANA\u200b SMITH"})
    assert response == {"person_id": "p1"}


async def test_a_person_reference_shaped_like_an_id_always_means_the_id(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    response = await call(hass, "offboard_person", {"person": "P2"})
    assert response["person_id"] == "p2"
    assert household.runtime_data.household.people["p1"].offboarded_at is None


# ---- finding 9: a PIN someone held recently is not handed out again -------------------------


async def test_an_offboarded_persons_pin_is_not_given_to_the_next_person(
    hass: HomeAssistant, hass_storage: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    entry = await populated(hass)
    await call(hass, "offboard_person", {"person": "Bob"})
    key = "pin_recently_used"
    data = {"name": "Carl", "pin": "739154"}
    err = await refused(hass, entry, hass_storage, "add_person", data, key, "pin")
    assert err.translation_placeholders["days"] == "365"
    data = {"person": "Alice", "pin": "739154"}
    await refused(hass, entry, hass_storage, "set_pin", data, key, "pin")
    data = {"person": "Alice", "duress_pin": "739154"}
    await refused(hass, entry, hass_storage, "update_person", data, key, "duress_pin")
    assert "739154" not in logged(caplog)


async def test_replaced_pins_and_duress_pins_are_remembered(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass)
    await call(hass, "set_pin", {"person": "Alice", "pin": "604827"})
    await call(hass, "update_person", {"person": "Bob", "duress_pin": "519374"})
    await call(hass, "update_person", {"person": "Bob", "duress_pin": None})
    for pin in ("482913", "519374"):
        data = {"name": "Carl", "pin": pin}
        await refused(hass, entry, hass_storage, "add_person", data, "pin_recently_used")
    # Remembered across a restart: they are in the Store, beside the people.
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    data = {"name": "Carl", "pin": "482913"}
    await refused(hass, entry, hass_storage, "add_person", data, "pin_recently_used")


async def test_retired_pins_are_forgotten_after_the_reuse_period(
    hass: HomeAssistant, hass_storage: dict[str, Any], freezer: FrozenDateTimeFactory
) -> None:
    entry = await populated(hass)
    await call(hass, "offboard_person", {"person": "Bob"})
    key = f"housekey.{entry.entry_id}"
    assert len(hass_storage[key]["data"]["household"]["retired"]) == 1
    later = dt_util.utcnow() + timedelta(days=366)
    freezer.move_to(later)
    async_fire_time_changed(hass, later)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    await call(hass, "add_person", {"name": "Carl", "pin": "739154"})
    # Pruned on load and on commit: the old entry is gone from the Store.
    assert hass_storage[key]["data"]["household"]["retired"] == []


async def test_reuse_check_can_be_turned_off(hass: HomeAssistant) -> None:
    entry = await populated(hass)
    options = {**entry.options, CONF_PIN_REUSE_DAYS: 0}
    hass.config_entries.async_update_entry(entry, options=options)
    await hass.async_block_till_done()
    await call(hass, "offboard_person", {"person": "Bob"})
    await call(hass, "add_person", {"name": "Carl", "pin": "739154"})
    assert entry.runtime_data.household.to_dict()["retired"] == []


async def test_generated_pins_avoid_retired_ones(
    hass: HomeAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    await populated(hass)
    await call(hass, "offboard_person", {"person": "Bob"})
    # The random source first offers Bob's old PIN, then another one.
    digits = iter([int(d) for d in "739154" + "260418"])
    monkeypatch.setattr(
        "custom_components.housekey.core.policy.secrets.randbelow", lambda _n: next(digits)
    )
    assert (await call(hass, "add_person", {"name": "Carl"}))["pin"] == "260418"


# ---- finding 10: the rest ----------------------------------------------------------------


async def test_unknown_sponsor_is_reported_as_the_sponsor_field(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass)
    data = {"name": "Zed", "valid_until": "2030-01-01T00:00:00+00:00", "sponsor": "nobody"}
    await refused(hass, entry, hass_storage, "add_guest", data, "unknown_person", "sponsor")


async def test_explicit_null_pin_generates_and_null_duress_means_none(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    response = await call(hass, "add_person", {"name": "Zed", "pin": None, "duress_pin": None})
    assert len(response["pin"]) == 6
    person = household.runtime_data.household.people["p1"]
    assert person.duress_pin is None
    again = await call(hass, "set_pin", {"person": "Zed", "pin": None})
    assert len(again["pin"]) == 6
    assert again["pin"] != response["pin"]


async def test_full_and_short_day_names_in_any_case_are_accepted(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    weekly = [{"days": ["MONDAY", "Tue", "sunday"], "start": "09:00", "end": "17:00"}]
    await call(hass, "add_person", {"name": "Zed", "weekly": weekly})
    assert hass.states.get("sensor.maple_street_zed").attributes["weekly"] == [
        {"days": ["mon", "tue", "sun"], "start": "09:00", "end": "17:00"}
    ]


SCRIPT_YAML = """
new_pin:
  fields:
    who: {}
    pin: {}
  sequence:
    - action: housekey.set_pin
      data:
        person: "{{ who }}"
        pin: "{{ pin }}"
octal_pin:
  sequence:
    - action: housekey.set_pin
      data:
        person: Alice
        pin: 0123456
"""


async def test_a_templated_pin_from_a_script_keeps_its_digits(hass: HomeAssistant) -> None:
    """Templates render all-digit text to a number unless it has a leading zero."""
    entry = await populated(hass)
    assert await async_setup_component(hass, "script", {"script": parse_yaml(SCRIPT_YAML)})
    for pin in ("604827", "0604827"):
        await hass.services.async_call(
            "script", "new_pin", {"who": "Alice", "pin": pin}, blocking=True
        )
        await settle(entry.runtime_data)
        assert codes(entry, FRONT)[1] == pin
        assert codes(entry, BACK)[1] == pin
    # YAML reads an unquoted 0123456 as the octal number 42798: a number shorter than any PIN
    # the household accepts is refused as one that lost its leading zeros.
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call("script", "octal_pin", {}, blocking=True)
    assert err.value.translation_key == "pin_not_text"


async def test_a_number_shorter_than_the_policy_is_refused_as_lost_zeros(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass)
    data = {"name": "Zed", "pin": 48201}
    await refused(hass, entry, hass_storage, "add_person", data, "pin_not_text", "pin")
    await call(hass, "add_person", {"name": "Zed", "pin": 604827})
    await settle(entry.runtime_data)
    assert codes(entry, FRONT)[3] == "604827"


async def _ws_call(client: Any, service: str, data: dict[str, Any]) -> dict[str, Any]:
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": "housekey",
            "service": service,
            "service_data": data,
            "return_response": True,
        }
    )
    result: dict[str, Any] = await client.receive_json()
    return result


async def test_refused_websocket_calls_are_clean_errors_without_traceback(
    hass: HomeAssistant,
    hass_ws_client: Any,
    hass_read_only_access_token: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    entry = await populated(hass)
    admin = await hass_ws_client(hass)
    reader = await hass_ws_client(hass, hass_read_only_access_token)
    caplog.clear()
    result = await _ws_call(reader, "add_person", {"name": "Mallory"})
    assert not result["success"]
    assert result["error"]["translation_key"] == "admin_required"
    weekly = [{"days": ["mon"], "start": "09:00Z", "end": "10:00"}]
    result = await _ws_call(admin, "add_person", {"name": "Zed", "weekly": weekly})
    assert result["error"]["translation_key"] == "bad_weekly"
    result = await _ws_call(admin, "add_person", {"name": "Zed", "max_uses": "1e400"})
    assert result["error"]["translation_key"] == "bad_max_uses"
    # Home Assistant logs a refusal's message; its traceback only at DEBUG, as for any
    # validation error.
    tracebacks = [
        r.getMessage() for r in caplog.records if r.exc_info and r.levelno > logging.DEBUG
    ]
    assert tracebacks == []
    assert "Unexpected exception" not in caplog.text
    assert entry.runtime_data.household.find("Mallory") is None


async def test_diagnostics_are_for_admins_only(
    hass: HomeAssistant, hass_client: Any, hass_read_only_access_token: str
) -> None:
    entry = await populated(hass)
    assert await async_setup_component(hass, "diagnostics", {})
    url = f"/api/diagnostics/config_entry/{entry.entry_id}"
    reader = await hass_client(hass_read_only_access_token)
    assert (await reader.get(url)).status == HTTPStatus.UNAUTHORIZED
    admin = await hass_client()
    assert (await admin.get(url)).status == HTTPStatus.OK


def test_field_labels_are_the_action_form_s() -> None:
    from pathlib import Path

    strings = Path(__file__).resolve().parents[1] / "custom_components/housekey/strings.json"
    shown = {
        key: field["name"]
        for action in json.loads(strings.read_text())["services"].values()
        for key, field in action.get("fields", {}).items()
    }
    assert shown == FIELD_LABELS


async def test_an_error_names_the_field_by_its_label(
    hass: HomeAssistant, household: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "add_guest", {"name": "Dana", "valid_until": "2001-01-01 10:00:00"})
    assert err.value.translation_placeholders["field"] == "valid_until"
    assert str(err.value).startswith("Valid until:")
