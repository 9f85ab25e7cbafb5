"""The Housekey panel in a real headless Chromium, on a real Home Assistant web server.

Each test logs in through Home Assistant's login page and works the panel as a person
would; between browser steps it moves the clock, types codes at the simulated keypads
and reads the recorder, all on the same Home Assistant.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import EVENT_ACCESS
from custom_components.housekey.core.policy import codes_equal
from custom_components.housekey.providers.simulated import SimulatedKeypad

from ..conftest import FRONT, Recorder, settle, setup_household
from .conftest import ADMIN, RESIDENT, Clock, Server, local, log_in
from .harness import Page

PANEL = "housekey-panel"


def keypad(entry: MockConfigEntry, lock: str = FRONT) -> SimulatedKeypad:
    """Return the simulated hardware behind one of the household's locks."""
    provider = entry.runtime_data.locks[lock].provider
    return provider.keypad  # type: ignore[no-any-return]


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
    cleo = entry.runtime_data.household.find("Cleo")
    assert cleo is not None and codes_equal(pin, cleo.pin)
    assert cleo.role.value == "service" and cleo.locks == (FRONT,)
    await page.click(f"{PANEL} [data-test=pin-done]")
    await page.wait(f"{PANEL} [data-test=person-row][data-person='{cleo.person_id}']")
    assert pin not in await page.all_text()

    # Tuesday 09:50: not yet.
    await settle(entry.runtime_data)
    assert not holds(entry, pin)

    await clock.move_to(local("2026-12-08 10:30:00"))
    await settle(entry.runtime_data)
    assert holds(entry, pin)
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
    # The page still follows Home Assistant three and a half hours later.
    await page.wait(f"{PANEL} [data-test=person-row][data-person='{cleo.person_id}']")


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
