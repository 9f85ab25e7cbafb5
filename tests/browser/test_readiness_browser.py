"""The doors view's offline-readiness block, in a real headless Chromium.

Each door shows the three tests with their verdicts and reasons; the block follows the
door's state as it changes (a lock going out of reach and coming back).
"""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant

from ..conftest import BACK, FRONT, call, settle, setup_household
from .conftest import ADMIN, Server
from .harness import Page, log_in
from .test_panel_browser import PANEL, keypad, open_panel

pytestmark = pytest.mark.xdist_group("network_namespace")


def door(lock: str) -> str:
    return f"{PANEL} [data-test=door][data-door='{lock}']"


async def test_each_door_shows_its_readiness_and_follows_it(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    """A door out of reach with a change waiting fails opening and managing; the other
    door passes managing and the record. Once the lock is back both pass managing."""
    entry = await setup_household(hass)
    keypad(entry).unreachable = True
    await call(hass, "add_person", {"name": "Eve", "pin": "480213"})
    await settle(entry.runtime_data)
    await log_in(page, ADMIN)
    await open_panel(page, "doors")
    front, back = door(FRONT), door(BACK)
    await page.wait(f"{front} [data-test=readiness-management][data-verdict=fail]")
    assert await page.attrs(
        f"{front} [data-test=readiness] .line", "data-test", "data-verdict", "data-reason"
    ) == [
        ("readiness-authentication", "fail", "codes_stuck"),
        ("readiness-management", "fail", "lock_unreachable"),
        ("readiness-audit", "pass", "recorded_by_home_assistant"),
    ]
    assert "The lock cannot be reached now." in await page.text(
        f"{front} [data-test=readiness-management]"
    )
    assert "Offline readiness" in await page.text(f"{back} [data-test=readiness] h4")
    assert await page.attr(f"{back} [data-test=readiness-management]", "data-verdict") == "pass"
    assert "Last confirmed change" in await page.text(f"{back} [data-test=readiness] .facts")
    await page.screenshot("desktop-light-readiness")
    keypad(entry).unreachable = False
    await call(hass, "sync", {"locks": [FRONT]})
    await page.wait(f"{front} [data-test=readiness-management][data-verdict=pass]")
    assert await page.attr(f"{front} [data-test=readiness-authentication]", "data-reason") == (
        "lock_is_home_assistant"
    )
