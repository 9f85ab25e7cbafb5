"""A guest made from a calendar event shows, in the people view, which event made them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from custom_components.housekey.const import CONF_CALENDARS

from ..conftest import call, setup_household
from ..test_calendar_guests import CALENDAR, Calendar, idle, local_calendar
from .conftest import ADMIN, Server
from .harness import Page, log_in
from .test_panel_browser import PANEL, open_panel

pytestmark = pytest.mark.xdist_group("network_namespace")


async def test_a_calendar_guest_shows_the_event_that_made_them(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    await local_calendar(hass)
    entry = await setup_household(hass, options={CONF_CALENDARS: [CALENDAR]})
    await idle(hass)
    start = (dt_util.now() + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=2, hours=-4)
    naive = "%Y-%m-%dT%H:%M:%S"
    await Calendar(hass).create("Anna Berg", start.strftime(naive), end.strftime(naive))
    await call(hass, "add_person", {"name": "Resident"})
    [anna] = [p for p in entry.runtime_data.household.current() if p.name == "Anna Berg"]
    await log_in(page, ADMIN)
    await open_panel(page, "people")
    row = f"{PANEL} [data-test=person-row][data-person='{anna.person_id}']"
    source = f"{row} [data-test=calendar-source]"
    await page.wait(source)
    assert (await page.text(source)).startswith("From Rentals: “Anna Berg”, ")
    assert await page.attr(source, "data-calendar") == CALENDAR
    await page.screenshot("desktop-light-calendar-source")
    # Somebody added by hand shows no event.
    assert await page.count(f"{PANEL} [data-test=calendar-source]") == 1
