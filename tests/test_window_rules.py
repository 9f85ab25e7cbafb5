"""Weekly windows a person cannot have are refused before anything is saved.

Windows may cross midnight; they may not be empty, last no time, share a minute
with another window of the same person, fall outside the person's dates, or exceed
the household's limits. Each refusal is a translated error naming the field, for
`add_person`, `add_guest`, `update_person` and the panel's websocket commands alike.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey import validation
from custom_components.housekey.const import CONF_MAX_WINDOW_HOURS, CONF_MAX_WINDOWS, DOMAIN
from custom_components.housekey.core.windows import WindowLimits

from .conftest import FRONT, call, settle, setup_household
from .test_validation import codes, refused

#: Monday 2 June 2025, 12:00 in Berlin
NOW = datetime(2025, 6, 2, 10, 0, tzinfo=UTC)
pytestmark = pytest.mark.freeze_time(NOW)

STRINGS = Path(__file__).parent.parent / "custom_components" / "housekey"
EXCEPTIONS = json.loads((STRINGS / "translations" / "en.json").read_text())["exceptions"]


def w(days: str, start: str, end: str) -> dict[str, Any]:
    return {"days": days.split(",") if days else [], "start": start, "end": end}


async def populated(hass: HomeAssistant, **options: Any) -> MockConfigEntry:
    """Bob (739154) on both doors, in Berlin."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    entry = await setup_household(hass, options=options)
    await call(hass, "add_person", {"name": "Bob", "pin": "739154"})
    await settle(entry.runtime_data)
    return entry


#: weekly windows refused, the key and what the message must say
REFUSED: list[tuple[list[dict[str, Any]], str, str]] = [
    ([w("", "09:00", "17:00")], "weekly_no_days", "09:00-17:00 has no days"),
    ([w("wed", "09:00", "09:00")], "weekly_zero_length", "Wed 09:00-09:00"),
    (
        [w("wed", "00:00", "17:00"), w("fri", "12:30", "12:30")],
        "weekly_zero_length",
        "00:00 to 00:00",
    ),
    (
        [w("tue", "10:00", "13:00"), w("tue", "12:00", "14:00")],
        "weekly_overlap",
        "Tue 10:00-13:00 and Tue 12:00-14:00 overlap",
    ),
    (
        [w("mon", "22:00", "02:00"), w("tue", "01:00", "03:00")],
        "weekly_overlap",
        "Mon 22:00-02:00 and Tue 01:00-03:00 overlap",
    ),
    (
        [w("thu", "06:00", "07:00"), w("sun", "23:00", "01:00"), w("mon", "00:59", "02:00")],
        "weekly_overlap",
        "Sun 23:00-01:00 and Mon 00:59-02:00 overlap",
    ),
    (
        [w("sat", "20:00", "21:00"), w("fri,sat", "00:00", "00:00")],
        "weekly_overlap",
        "Sat 20:00-21:00 and Sat 00:00-00:00 overlap",
    ),
    (
        [w("mon,tue", "08:00", "09:00"), w("mon", "08:00", "09:00")],
        "weekly_overlap",
        "Mon 08:00-09:00 and Mon 08:00-09:00 overlap",
    ),
    (
        [w(day, "08:00", "09:00") for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
        + [w("mon", "18:00", "19:00")],
        "weekly_too_many",
        "at most 7",
    ),
]


@pytest.mark.parametrize(("weekly", "key", "says"), REFUSED)
@pytest.mark.parametrize("service", ["add_person", "update_person"])
async def test_windows_a_person_cannot_have_are_refused_and_change_nothing(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    service: str,
    weekly: list[dict[str, Any]],
    key: str,
    says: str,
) -> None:
    entry = await populated(hass)
    who = {"name": "Zed"} if service == "add_person" else {"person": "Bob"}
    err = await refused(
        hass, entry, hass_storage, service, {**who, "weekly": weekly}, key, "weekly"
    )
    assert says in str(err)


@pytest.mark.parametrize(
    "weekly",
    [
        [w("mon,tue,wed,thu,fri,sat,sun", "00:00", "00:00")],  # the whole week, day by day
        [w("tue", "10:00", "12:00"), w("tue", "12:00", "14:00")],  # touching is not sharing
        [w("sat", "22:00", "02:00"), w("sun", "02:00", "04:00")],
        [w("sun", "23:00", "01:00"), w("mon", "01:00", "02:00")],  # Sunday into Monday
        [w(day, "08:00", "09:00") for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")],
    ],
)
async def test_windows_that_keep_the_rules_are_accepted(
    hass: HomeAssistant, weekly: list[dict[str, Any]]
) -> None:
    entry = await populated(hass)
    await call(hass, "add_person", {"name": "Zed", "weekly": weekly})
    person = entry.runtime_data.household.find("Zed")
    assert person is not None
    assert [x.to_dict() for x in person.weekly] == [
        {
            **x,
            "days": sorted(x["days"], key=("mon", "tue", "wed", "thu", "fri", "sat", "sun").index),
        }
        for x in weekly
    ]


async def test_a_window_from_midnight_to_midnight_is_the_whole_day(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await populated(hass)
    await call(
        hass, "add_person", {"name": "Zed", "pin": "604827", "weekly": [w("mon", "00:00", "00:00")]}
    )
    await settle(entry.runtime_data)
    assert hass.states.get("sensor.maple_street_zed").state == "active"
    assert "604827" in codes(entry, FRONT).values()
    freezer.move_to(datetime(2025, 6, 2, 21, 59, tzinfo=UTC))  # Monday 23:59 in Berlin
    assert entry.runtime_data.status(entry.runtime_data.household.find("Zed")).value == "active"
    freezer.move_to(datetime(2025, 6, 2, 22, 0, tzinfo=UTC))  # Tuesday 00:00
    assert entry.runtime_data.status(entry.runtime_data.household.find("Zed")).value == "scheduled"


async def test_weekly_hours_must_fall_between_the_dates(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass)
    # A guest from now (Monday 12:00) to Wednesday 09:00 with Wednesday afternoons only.
    guest = {
        "name": "Zed",
        "valid_until": "2025-06-04 09:00",
        "weekly": [w("wed", "13:00", "17:00")],
    }
    err = await refused(
        hass, entry, hass_storage, "add_guest", guest, "weekly_outside_dates", "weekly"
    )
    assert "no weekly hours fall between the dates" in str(err)
    # A window that opened before now still has an hour left inside the dates.
    await call(hass, "add_guest", {**guest, "weekly": [w("mon", "11:00", "13:00")]})
    # Dates moved away from the windows are refused (the window closes as they open)...
    later = {"person": "Zed", "valid_from": "2025-06-02 13:00", "valid_until": "2025-06-03 09:00"}
    await refused(
        hass, entry, hass_storage, "update_person", later, "weekly_outside_dates", "weekly"
    )
    # ...and so are windows that no longer fit the dates the person has (this one opens
    # as they end).
    moved = {"person": "Zed", "weekly": [w("wed", "09:00", "10:00")]}
    await refused(
        hass, entry, hass_storage, "update_person", moved, "weekly_outside_dates", "weekly"
    )
    # A start after the end stays refused as it was.
    early = {"person": "Zed", "valid_from": "2025-06-05 09:00"}
    await refused(
        hass, entry, hass_storage, "update_person", early, "end_before_start", "valid_until"
    )
    await call(hass, "update_person", {"person": "Zed", "weekly": [w("tue", "00:00", "00:00")]})


async def test_a_long_range_always_has_weekly_hours(hass: HomeAssistant) -> None:
    await populated(hass)
    await call(
        hass,
        "add_person",
        {
            "name": "Zed",
            "valid_from": "2025-06-10 00:00",
            "valid_until": "2025-06-17 00:00",
            "weekly": [w("sun", "23:30", "00:00")],
        },
    )


async def test_the_household_limits_windows_in_length_and_number(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass, **{CONF_MAX_WINDOW_HOURS: 8, CONF_MAX_WINDOWS: 2})
    long = {"name": "Zed", "weekly": [w("mon", "08:00", "16:01")]}
    err = await refused(hass, entry, hass_storage, "add_person", long, "weekly_too_long", "weekly")
    assert "Mon 08:00-16:01" in str(err)
    assert "8 hours" in str(err)
    whole_day = {"person": "Bob", "weekly": [w("sat", "00:00", "00:00")]}
    await refused(
        hass, entry, hass_storage, "update_person", whole_day, "weekly_too_long", "weekly"
    )
    overnight = {"person": "Bob", "weekly": [w("fri", "20:00", "04:01")]}
    await refused(
        hass, entry, hass_storage, "update_person", overnight, "weekly_too_long", "weekly"
    )
    three = {"person": "Bob", "weekly": [w(d, "08:00", "09:00") for d in ("mon", "tue", "wed")]}
    err = await refused(
        hass, entry, hass_storage, "update_person", three, "weekly_too_many", "weekly"
    )
    assert "at most 2" in str(err)
    fits = [w("mon,tue", "08:00", "16:00"), w("fri", "20:00", "04:00")]
    await call(hass, "update_person", {"person": "Bob", "weekly": fits})


async def test_websocket_commands_refuse_the_same_windows(
    hass: HomeAssistant, hass_ws_client: Any, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass)
    ws = await hass_ws_client(hass)
    stored = copy.deepcopy(hass_storage.get(f"housekey.{entry.entry_id}"))
    before = entry.runtime_data.household.to_dict()
    overlap = [w("tue", "10:00", "13:00"), w("tue", "12:00", "14:00")]
    for command, who in (("person/add", {"name": "Zed"}), ("person/update", {"person": "Bob"})):
        for weekly, key in (
            (overlap, "weekly_overlap"),
            ([w("wed", "09:00", "09:00")], "weekly_zero_length"),
        ):
            await ws.send_json_auto_id(
                {"type": f"housekey/{command}", "entry_id": entry.entry_id, **who, "weekly": weekly}
            )
            reply = await ws.receive_json()
            assert not reply["success"]
            assert reply["error"]["code"] == key
            assert reply["error"]["message"].startswith("Weekly hours: ")
    await settle(entry.runtime_data)
    assert entry.runtime_data.household.to_dict() == before
    assert hass_storage.get(f"housekey.{entry.entry_id}") == stored


async def test_options_flow_sets_the_window_limits(
    hass: HomeAssistant, hass_storage: dict[str, Any]
) -> None:
    entry = await populated(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    section = result["data_schema"].schema["weekly"]
    defaults = {str(k): k.default() for k in section.schema.schema}
    assert defaults == {"max_window_hours": 24, "max_windows": 7}
    options = {"locks": [], "simulated_locks": 2, "pin_min": 6, "pin_max": 8}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**options, "weekly": {"max_window_hours": 4, "max_windows": 3}}
    )
    await hass.async_block_till_done()
    assert entry.options[CONF_MAX_WINDOW_HOURS] == 4
    assert entry.options[CONF_MAX_WINDOWS] == 3
    await settle(entry.runtime_data)
    data = {"name": "Zed", "weekly": [w("mon", "08:00", "12:01")]}
    await refused(hass, entry, hass_storage, "add_person", data, "weekly_too_long", "weekly")


# ---- any list of windows: validated or refused with a translated key -------------------------

clock = st.one_of(
    st.sampled_from(["00:00", "23:59", "12:00", "00:01"]),
    st.times().map(lambda t: t.strftime("%H:%M")),
)
day_lists = st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), max_size=7)
windows = st.lists(
    st.fixed_dictionaries({"days": day_lists, "start": clock, "end": clock}), max_size=16
)
limits = st.builds(WindowLimits, st.integers(1, 14), st.integers(1, 24))


def minutes(window: Any) -> set[int]:
    """The minutes of the week (0 = Monday 00:00) a window covers, counted one by one."""
    start = window.start.hour * 60 + window.start.minute
    end = window.end.hour * 60 + window.end.minute
    length = (end - start) % 1440 or 1440
    return {(day * 1440 + start + m) % (7 * 1440) for day in window.days for m in range(length)}


@settings(deadline=None)
@given(weekly=windows, rules=limits)
def test_any_windows_validate_or_are_refused_with_a_translated_key(
    weekly: list[dict[str, Any]], rules: WindowLimits
) -> None:
    refusal: ServiceValidationError | None = None
    try:
        parsed = validation.check_weekly(validation.weekly(weekly), rules)
    except ServiceValidationError as err:
        refusal = err
    if refusal is not None:
        assert refusal.translation_domain == DOMAIN
        assert refusal.translation_key in EXCEPTIONS
        assert refusal.translation_placeholders["field"] == "weekly"
        return
    assert len(parsed) <= rules.max_windows
    covered: set[int] = set()
    for window in parsed:
        assert window.days
        assert window.start != window.end or window.start == time(0)
        mine = minutes(window)
        assert len(mine) <= len(window.days) * rules.max_hours * 60
        assert not covered & mine, weekly
        covered |= mine
