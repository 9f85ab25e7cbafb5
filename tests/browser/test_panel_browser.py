"""The Housekey panel in a real headless Chromium, on a real Home Assistant web server."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from ..conftest import setup_household
from .conftest import ADMIN, Server, log_in
from .harness import Page


async def test_an_admin_logs_in_and_opens_housekey_from_the_sidebar(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    await setup_household(hass)
    await log_in(page, ADMIN)
    await page.screenshot("login-done")
    await page.click('ha-sidebar [href="/housekey"]')
    await page.call("waitForURL", "**/housekey")
    await page.wait("housekey-panel", "attached")
