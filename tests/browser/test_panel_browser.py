"""The Housekey panel in a real headless Chromium, on a real Home Assistant web server.

Each test logs in through Home Assistant's login page and works the panel as a person
would; between browser steps it moves the clock, types codes at the simulated keypads
and reads the recorder, all on the same Home Assistant.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from homeassistant.components.recorder import Recorder as RecorderInstance
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.housekey.const import EVENT_ACCESS, EVENT_ADMIN
from custom_components.housekey.core.policy import codes_equal
from custom_components.housekey.providers.simulated import SimulatedKeypad, SimulatedProvider

from ..conftest import BACK, FRONT, Recorder, call, settle, setup_household
from ..test_privacy import database_bytes
from .conftest import ADMIN, RESIDENT, Clock, Server, local
from .harness import Page, log_in

#: The Matter real stack adds a veth pair to the tests' network namespace, which Chromium
#: sees as a network change (it drops requests in flight): the two never run side by side.
pytestmark = pytest.mark.xdist_group("network_namespace")

PANEL = "housekey-panel"
ROW_ATTRS = ("data-person", "data-door", "data-outcome")


def keypad(entry: MockConfigEntry, lock: str = FRONT) -> SimulatedKeypad:
    """Return the simulated hardware behind one of the household's locks."""
    provider = entry.runtime_data.locks[lock].provider
    assert isinstance(provider, SimulatedProvider)
    return provider.keypad


def holds(entry: MockConfigEntry, code: str, lock: str = FRONT) -> bool:
    """Return whether the lock's keypad holds `code` in any slot."""
    return any(codes_equal(code, stored) for stored in keypad(entry, lock).codes.values())


async def open_panel(page: Page, tab: str = "people") -> None:
    """Open Housekey from the sidebar and pick one of its tabs."""
    await page.click('ha-sidebar [href="/housekey"]')
    await page.call("waitForURL", "**/housekey**")
    await page.click(f"{PANEL} [data-test=tab-{tab}]")


async def test_an_admin_logs_in_and_opens_housekey_from_the_sidebar(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    await setup_household(hass)
    await log_in(page, ADMIN)
    await page.wait("ha-sidebar >> text=Housekey")
    await open_panel(page, "doors")
    await page.wait(f"{PANEL} [data-test=door][data-door='{FRONT}']")


async def set_days(page: Page, window: int, days: set[str]) -> None:
    """Press the weekly editor's day chips until exactly `days` are on."""
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        chip = f"{PANEL} [data-test=day-{day}{f'-{window}' if window else ''}]"
        if (await page.attr(chip, "aria-pressed") == "true") != (day in days):
            await page.click(chip)


async def test_a_cleaner_added_in_the_panel_opens_the_door_only_in_their_weekly_hours(
    hass: HomeAssistant, clock: Clock, server: Server, page: Page, events: Recorder
) -> None:
    entry = await setup_household(hass)
    await log_in(page, ADMIN)
    clock.pages.append(page)
    await open_panel(page, "people")

    await page.click(f"{PANEL} [data-test=add-person]")
    await page.fill(f"{PANEL} [data-test=field-name]", "Cleo")
    await page.on(f"{PANEL} [data-test=field-role]", "selectOption", "service")
    await page.on(f"{PANEL} [data-test=field-all-doors]", "uncheck")
    await page.on(f"{PANEL} [data-test='field-door-{FRONT}']", "check")
    await page.click(f"{PANEL} [data-test=window-add]")
    await set_days(page, 0, {"tue"})
    await page.fill(f"{PANEL} [data-test=window-0-start]", "10:00")
    await page.fill(f"{PANEL} [data-test=window-0-end]", "13:00")
    await page.click(f"{PANEL} [data-test=save]")

    # The generated PIN is shown once: gone when the dialog is closed, not in the page after.
    pin = (await page.text(f"{PANEL} [data-test=generated-pin]")).strip()
    await page.screenshot("desktop-light-generated-pin")
    cleo = entry.runtime_data.household.find("Cleo")
    assert cleo is not None and codes_equal(pin, cleo.pin)
    assert cleo.role.value == "service" and cleo.locks == (FRONT,)
    await page.click(f"{PANEL} [data-test=pin-done]")
    status = f"{PANEL} [data-test=person-row][data-person='{cleo.person_id}'] [data-test=status]"
    assert await page.text(status) == "Scheduled"
    assert pin not in await page.all_text()
    await page.click(f"{PANEL} [data-test='edit-{cleo.person_id}']")
    await page.wait(f"{PANEL} [data-test=field-name]")
    assert pin not in await page.all_text()
    await page.click(f"{PANEL} [data-test=cancel]")

    # Tuesday 09:50: not yet.
    await settle(entry.runtime_data)
    assert not holds(entry, pin)

    await clock.move_to(local("2026-12-08 10:30:00"))
    await settle(entry.runtime_data)
    assert holds(entry, pin)
    # The page, logged in at 09:50, follows Home Assistant's clock.
    await until(lambda: _text_is(page, status, "Active"), "Cleo active")
    assert keypad(entry).enter_code(pin)
    await hass.async_block_till_done()
    granted = events.of(EVENT_ACCESS)[-1]
    assert granted["outcome"] == "granted"
    assert granted["person_name"] == "Cleo" and granted["role"] == "service"

    await clock.move_to(local("2026-12-08 13:30:00"))
    await settle(entry.runtime_data)
    assert not holds(entry, pin)
    assert not keypad(entry).enter_code(pin)
    await hass.async_block_till_done()
    assert events.of(EVENT_ACCESS)[-1]["outcome"] == "denied"
    await until(lambda: _text_is(page, status, "Scheduled"), "Cleo scheduled again")


async def _text_is(page: Page, selector: str, text: str) -> bool:
    return await page.text(selector) == text


async def until(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 10.0) -> None:
    """Wait until the page shows what `check` looks for (the panel updates by itself)."""
    try:
        async with asyncio.timeout(timeout):
            while not await check():  # noqa: ASYNC110 (the page is polled: no event to wait on)
                await asyncio.sleep(0.1)
    except TimeoutError:
        raise AssertionError(f"the page did not show {what} in {timeout:.0f} s") from None


async def shown_rows(page: Page) -> list[tuple[str, str, str]]:
    """Return the Activity rows the page shows: (person id, door, outcome) each."""
    rows = await page.attrs(f"{PANEL} [data-test=activity-row]", *ROW_ATTRS)
    return sorted((str(person), str(door), str(outcome)) for person, door, outcome in rows)


def recorded_rows(events: Recorder, **wanted: str) -> list[tuple[str, str, str]]:
    """Return the accesses Housekey fired that match `wanted`, as the panel's rows."""
    return sorted(
        (e["person_id"] or "", e["lock"], e["outcome"])
        for e in events.of(EVENT_ACCESS)
        if all(e[key] == value for key, value in wanted.items())
    )


async def test_activity_filtered_by_door_and_by_person_shows_exactly_their_accesses(
    hass: HomeAssistant, server: Server, page: Page, events: Recorder
) -> None:
    entry = await setup_household(hass)
    ana = (await call(hass, "add_person", {"name": "Ana", "pin": "480213"}))["person_id"]
    ben = (await call(hass, "add_person", {"name": "Ben", "pin": "739164", "locks": [FRONT]}))[
        "person_id"
    ]
    await settle(entry.runtime_data)
    for code, lock in [("480213", FRONT), ("480213", BACK), ("739164", FRONT), ("739164", BACK)]:
        keypad(entry, lock).enter_code(code)
    keypad(entry, BACK).enter_code("000000")
    await async_wait_recording_done(hass)
    assert len(recorded_rows(events)) == 5

    await log_in(page, ADMIN)
    await open_panel(page, "activity")
    await until(lambda: _equal(page, recorded_rows(events)), "every access")

    door = f"{PANEL} [data-test=filter-door]"
    person = f"{PANEL} [data-test=filter-person]"
    await page.on(door, "selectOption", BACK)
    back = recorded_rows(events, lock=BACK)  # Ana's, and two codes the back door does not know
    assert [row[0] for row in back] == ["", "", ana]
    await until(lambda: _equal(page, back), "the back door's accesses")

    await page.on(door, "selectOption", "")
    await page.on(person, "selectOption", ana)
    anas = recorded_rows(events, person_id=ana)
    assert [row[1] for row in anas] == [BACK, FRONT]
    await until(lambda: _equal(page, anas), "Ana's accesses")

    await page.on(door, "selectOption", FRONT)
    await until(
        lambda: _equal(page, recorded_rows(events, person_id=ana, lock=FRONT)),
        "Ana's accesses at the front door",
    )
    await page.on(person, "selectOption", ben)
    await until(
        lambda: _equal(page, recorded_rows(events, person_id=ben, lock=FRONT)),
        "Ben's accesses at the front door",
    )


async def _equal(page: Page, expected: list[tuple[str, str, str]]) -> bool:
    return await shown_rows(page) == expected


async def test_offboarding_from_the_panel_shows_every_door_reach_removed(
    hass: HomeAssistant, server: Server, page: Page, events: Recorder
) -> None:
    entry = await setup_household(hass)
    dana = (await call(hass, "add_person", {"name": "Dana", "pin": "615283"}))["person_id"]
    await settle(entry.runtime_data)
    assert holds(entry, "615283", FRONT) and holds(entry, "615283", BACK)

    await log_in(page, ADMIN)
    await open_panel(page, "people")
    await page.click(f"{PANEL} [data-test='offboard-{dana}']")
    await page.click(f"{PANEL} [data-test=offboard-confirm]")
    for lock in (FRONT, BACK):
        await page.wait(f"{PANEL} [data-test='progress-{lock}'][data-state=removed]")
    await page.screenshot("desktop-light-offboarded")
    assert not holds(entry, "615283", FRONT) and not holds(entry, "615283", BACK)
    assert [e["action"] for e in events.of(EVENT_ADMIN)][-1] == "offboarded"
    await page.click(f"{PANEL} [data-test=offboard-close]")
    await page.wait(f"{PANEL} [data-test=person-row][data-person='{dana}']", "detached")


TYPED_PIN = "50712846"


async def test_a_pin_typed_in_the_panel_reaches_no_byte_of_the_recorder_database(
    hass: HomeAssistant, recorder_mock: RecorderInstance, server: Server, page: Page
) -> None:
    entry = await setup_household(hass)
    pia = (await call(hass, "add_person", {"name": "Pia"}))["person_id"]
    await settle(entry.runtime_data)

    await log_in(page, ADMIN)
    await open_panel(page, "people")
    await page.click(f"{PANEL} [data-test='edit-{pia}']")
    await page.on(f"{PANEL} [data-test=field-pin-type]", "check")
    await page.fill(f"{PANEL} [data-test=field-pin]", TYPED_PIN)
    await page.click(f"{PANEL} [data-test=save]")
    await page.wait(f"{PANEL} [data-test=save]", "detached")
    person = entry.runtime_data.household.people[pia]
    assert codes_equal(person.pin, TYPED_PIN)
    await settle(entry.runtime_data)
    assert keypad(entry).enter_code(TYPED_PIN)

    await async_wait_recording_done(hass)
    found = TYPED_PIN.encode() in database_bytes(recorder_mock)
    assert not found, "the PIN typed in the panel is in the recorder's database"


VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


async def test_screenshots_of_every_view_on_desktop_and_phone_in_light_and_dark(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    """Save what each view looks like (tests/browser/screenshots/, for a person to look at)."""
    entry = await setup_household(hass)
    eve = (await call(hass, "add_person", {"name": "Eve", "pin": "480213"}))["person_id"]
    await call(
        hass,
        "add_person",
        {
            "name": "Cleo",
            "role": "service",
            "locks": [FRONT],
            "weekly": [{"days": ["tue"], "start": "10:00", "end": "13:00"}],
        },
    )
    await settle(entry.runtime_data)
    keypad(entry).enter_code("480213")
    keypad(entry, BACK).enter_code("000000")
    await async_wait_recording_done(hass)
    await log_in(page, ADMIN)
    await open_panel(page, "doors")

    saved = []
    for size, viewport in VIEWPORTS.items():
        await page.call("setViewportSize", viewport)
        for scheme in ("light", "dark"):
            await page.call("emulateMedia", {"colorScheme": scheme})
            shot = f"{size}-{scheme}"
            for tab in ("doors", "people", "activity"):
                await page.click(f"{PANEL} [data-test=tab-{tab}]")
                await page.wait(f"{PANEL} [data-test=tab-{tab}][aria-selected=true]")
                await page.wait(f"{PANEL} {TAB_READY[tab]} >> nth=0")
                saved.append(await page.screenshot(f"{shot}-{tab}"))
            await page.click(f"{PANEL} [data-test=tab-people]")
            await page.click(f"{PANEL} [data-test=add-person]")
            await page.wait(f"{PANEL} [data-test=field-name]")
            saved.append(await page.screenshot(f"{shot}-editor"))
            await page.click(f"{PANEL} [data-test=cancel]")
            await page.click(f"{PANEL} [data-test='offboard-{eve}']")
            await page.wait(f"{PANEL} [data-test=offboard-confirm]")
            saved.append(await page.screenshot(f"{shot}-offboard"))
            await page.click(f"{PANEL} [data-test=cancel]")
    assert len({path.name for path in saved}) == 20


#: what each tab shows once its data arrived
TAB_READY = {
    "doors": "[data-test=door]",
    "people": "[data-test=person-row]",
    "activity": "[data-test=activity-row]",
}


async def test_a_resident_sees_nothing_of_housekey_and_its_commands_refuse_them(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    entry = await setup_household(hass)
    await log_in(page, RESIDENT)
    await page.wait('ha-sidebar [href="/profile"] >> nth=0', "attached")
    assert await page.count('ha-sidebar [href="/housekey"]') == 0
    assert await page.count("ha-sidebar >> text=Housekey") == 0

    # The frontend knows no such panel for them: it sends them to their default dashboard.
    await page.goto("/housekey")
    await page.wait("partial-panel-resolver > :is(ha-panel-home, ha-panel-lovelace)")
    assert await page.evaluate("location.pathname") != "/housekey"
    assert await page.count(PANEL) == 0

    refused = await page.evaluate(
        "document.querySelector('home-assistant').hass.connection"
        f".sendMessagePromise({{type: 'housekey/people', entry_id: '{entry.entry_id}'}})"
        ".then(() => 'answered', (err) => err.code)"
    )
    assert refused == "unauthorized"
