"""Fixtures: a real Home Assistant web server (in this process) and a headless Chromium.

Home Assistant runs in the test's own event loop (the `hass` fixture), so a test can move
the clock, press a code on a simulated keypad or read the recorder between two browser
steps. Its real `http` server listens on a free loopback port, with the real frontend,
the `homeassistant` auth provider and onboarding done; the browser logs in through the
real login page.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import freezegun
import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.auth.providers.homeassistant import HassAuthProvider
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .harness import BROWSER_DIR, CHROMIUM, Driver, Page, add_user, serve

if shutil.which("node") is None or not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
    pytest.fail(
        "The browser tests need Node.js and playwright-core: run scripts/e2e_deps.sh",
        pytrace=False,
    )
if not CHROMIUM.exists():
    pytest.fail("The browser tests need Debian's chromium: run scripts/e2e_deps.sh", pytrace=False)

ADMIN = ("ada", "correct horse battery")
RESIDENT = ("ron", "staple paper clip")


@dataclass
class Server:
    """Home Assistant's web server as the browser reaches it, and who may log in."""

    url: str
    admin: User
    resident: User


@pytest.fixture
def persistent_database() -> bool:
    """Record to an SQLite file, so a test can read every byte the recorder wrote."""
    return True


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> None:
    """Start the real recorder before Home Assistant (the Activity view reads it), then load
    custom integrations."""


@pytest.fixture
def disable_http_server() -> None:
    """Let Home Assistant's HTTP server bind and start: the browser is its client."""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Generator[Driver]:
    """One headless Chromium for the whole module, killed at its end."""
    browser = Driver(tmp_path_factory.mktemp("browser") / "driver.log")
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture
async def server(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    local_auth: HassAuthProvider,
    socket_enabled: None,
) -> Server:
    """Home Assistant's real web server and frontend on a free loopback port."""
    url = await serve(hass, hass_storage)
    admin = await add_user(hass, local_auth, ADMIN, "system-admin")
    resident = await add_user(hass, local_auth, RESIDENT, "system-users")
    return Server(url, admin, resident)


@pytest.fixture
async def page(driver: Driver, server: Server) -> AsyncGenerator[Page]:
    """A fresh browser page on this test's Home Assistant, closed after the test."""
    browser_page = Page(driver, "main", server.url)
    try:
        yield browser_page
    finally:
        await browser_page.close()


class Clock:
    """Home Assistant's wall clock, frozen, moved forward by the test; the page's follows.

    The test harness gives the event loop a clock that reads `time.monotonic`, which
    freezegun freezes: no `asyncio.sleep` would ever end (freezegun's `real_asyncio` only
    patches the loop's class). Here the loop reads the real monotonic clock plus every
    move so far, so aiohttp, the browser's websocket and every wait run in real time, and
    a move lets the loop run whatever fell due, Housekey's window edges included, just as
    if the time had passed.
    """

    def __init__(self, hass: HomeAssistant, frozen: FrozenDateTimeFactory) -> None:
        self.hass = hass
        self.frozen = frozen
        self.moved = 0.0
        self.pages: list[Page] = []

    def loop_time(self, monotonic: Callable[[], float] = time.monotonic) -> float:
        """The loop's clock (bound as a default: freezegun replaces module attributes)."""
        return monotonic() + self.moved

    async def move_to(self, moment: datetime) -> None:
        utc = dt_util.as_utc(moment)
        step = (utc - dt_util.utcnow()).total_seconds()
        assert step >= 0, "the clock only moves forward"
        self.frozen.move_to(utc)
        self.moved += step
        await asyncio.sleep(0)
        await self.hass.async_block_till_done()
        for page in self.pages:
            await page.set_time(utc)


def local(text: str) -> datetime:
    """Return a moment in Home Assistant's (the household's) time zone."""
    moment = dt_util.parse_datetime(text)
    assert moment is not None
    return moment.replace(tzinfo=dt_util.get_default_time_zone())


#: where every test's clock starts: Tuesday 09:50, the household's time
TUESDAY_0950 = "2026-12-08 09:50:00"


@pytest.fixture
def clock(hass: HomeAssistant) -> Generator[Clock]:
    """Freeze the wall clock at a Tuesday 09:50 (local time) for this test.

    The loop keeps its moved clock after the test (it is this test's loop alone): going
    back would leave Home Assistant's shutdown waiting for timers hours away.
    """
    with freezegun.freeze_time(dt_util.as_utc(local(TUESDAY_0950))) as frozen:
        moving = Clock(hass, frozen)
        hass.loop.time = moving.loop_time  # type: ignore[method-assign]
        yield moving
