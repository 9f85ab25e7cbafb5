"""The Housekey panel's weight and speed, in headless Chromium on a real Home Assistant.

Prints the bundle's size (bytes, gzip bytes) and how long the People view takes to show
100 people: from navigation to all 100 rows present, median of 5, for a full page load
(Home Assistant's frontend included) and for a switch from the Doors tab. Uses the browser
tests' harness (tests/browser); needs scripts/e2e_deps.sh. It is not a test.
"""

from __future__ import annotations

import asyncio
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_test_home_assistant, mock_storage

from bench.harness import action, household, idle
from custom_components.housekey.panel import BUNDLE
from tests.browser.harness import Driver, Page, add_user, log_in, login_provider, serve

PEOPLE = 100
RUNS = 5
ADMIN = ("bench", "bench bench bench")
LAST_ROW = f"housekey-panel [data-test=person-row] >> nth={PEOPLE - 1}"


async def timed(page: Page, start: str, *steps: tuple[str, str]) -> float:
    """Return the seconds from `start` (a path to load) or a click, to the 100th row."""
    begin = time.perf_counter()
    if start.startswith("/"):
        await page.goto(start)
    else:
        await page.click(start)
    for selector, state in steps:
        await page.wait(selector, state)
    return time.perf_counter() - begin


async def people_view(hass: HomeAssistant, storage: dict[str, Any], log: Path) -> None:
    url = await serve(hass, storage)
    await add_user(hass, await login_provider(hass), ADMIN, "system-admin")
    entry = await household(hass, 2)
    for i in range(PEOPLE):
        await action(hass, "add_person", {"name": f"Person {i:03}"})
    await idle(entry.runtime_data)

    driver = Driver(log)
    try:
        page = Page(driver, "bench", url)
        await log_in(page, ADMIN)
        loads, switches = [], []
        for _ in range(RUNS):
            loads.append(await timed(page, "/housekey/people", (LAST_ROW, "attached")))
            await page.click("housekey-panel [data-test=tab-doors]")
            await page.wait(LAST_ROW, "detached")
            switches.append(
                await timed(page, "housekey-panel [data-test=tab-people]", (LAST_ROW, "attached"))
            )
        print(f"  People view, {PEOPLE} people, median of {RUNS}:")
        print(f"    full page load to all rows:   {statistics.median(loads) * 1000:7.0f} ms")
        print(f"    Doors tab → People, all rows: {statistics.median(switches) * 1000:7.0f} ms")
    finally:
        driver.close()


async def main() -> None:
    data = BUNDLE.read_bytes()
    print("Housekey panel (headless Chromium, real Home Assistant frontend)\n")
    print(f"  bundle {BUNDLE.name}: {len(data)} bytes, {len(gzip.compress(data, 9))} gzip bytes")
    with tempfile.TemporaryDirectory() as tmp, mock_storage() as storage:
        async with async_test_home_assistant(config_dir=tmp) as hass:  # the journal writes there
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            try:
                await people_view(hass, storage, Path(tmp) / "driver.log")
            finally:
                await hass.async_stop(force=True)


if __name__ == "__main__":
    asyncio.run(main())
