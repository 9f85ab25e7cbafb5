"""The access review: a code nobody used for the review period becomes a repair issue.

Driven through Home Assistant's repairs API, as an admin sees it: the issue's flow
suspends, offboards or keeps the person for another period. Time moves with the
freezer; the issue appears at the exact moment, with no polling.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.repairs import DOMAIN as REPAIRS
from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.housekey.const import CONF_REVIEW_DAYS, DEFAULT_REVIEW_DAYS, DOMAIN
from custom_components.housekey.review import issue_id

from .conftest import FRONT, call, settle, setup_household

DAYS = DEFAULT_REVIEW_DAYS


async def at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime) -> None:
    freezer.move_to(moment)
    async_fire_time_changed(hass, moment)
    await hass.async_block_till_done()


def flagged(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Return the names of the people the review flags now."""
    prefix = issue_id(entry.entry_id, "")
    return {
        issue.translation_placeholders["name"]  # type: ignore[index]
        for (domain, key), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN and key.startswith(prefix)
    }


@pytest.fixture
async def idle_house(
    hass: HomeAssistant, household: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> tuple[MockConfigEntry, datetime]:
    """Alice and Bob (residents) and Ada (admin) added now; Carol half a period later."""
    start = dt_util.utcnow()
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await call(hass, "add_person", {"name": "Bob", "pin": "739164"})
    await call(hass, "add_person", {"name": "Ada", "role": "admin", "pin": "640285"})
    await at(hass, freezer, start + timedelta(days=DAYS / 2))
    await call(hass, "add_person", {"name": "Carol", "pin": "519372"})
    return household, start


async def test_people_without_an_opening_are_flagged_at_the_exact_moment(
    hass: HomeAssistant,
    idle_house: tuple[MockConfigEntry, datetime],
    freezer: FrozenDateTimeFactory,
) -> None:
    entry, start = idle_house
    await at(hass, freezer, start + timedelta(days=DAYS) - timedelta(seconds=1))
    assert flagged(hass, entry) == set()
    await at(hass, freezer, start + timedelta(days=DAYS))
    # Not the admin, nor Carol, who was added half a period ago.
    assert flagged(hass, entry) == {"Alice", "Bob"}
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id(entry.entry_id, "p1"))
    assert issue is not None and issue.is_fixable
    assert issue.translation_placeholders == {"name": "Alice", "days": str(DAYS)}

    # An opening withdraws the issue.
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": "482913"}, blocking=True
    )
    await hass.async_block_till_done()
    assert flagged(hass, entry) == {"Bob"}
    # Carol's turn comes a period after she was added.
    await at(hass, freezer, start + timedelta(days=DAYS * 1.5))
    assert flagged(hass, entry) == {"Bob", "Carol"}


async def test_the_repair_flow_suspends_offboards_or_keeps_the_person(
    hass: HomeAssistant,
    idle_house: tuple[MockConfigEntry, datetime],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Through the repairs flow manager (the HTTP view's access log cannot run frozen)."""
    entry, start = idle_house
    assert await async_setup_component(hass, REPAIRS, {})
    await at(hass, freezer, start + timedelta(days=DAYS * 1.5))
    assert flagged(hass, entry) == {"Alice", "Bob", "Carol"}
    runtime = entry.runtime_data
    manager = repairs_flow_manager(hass)
    assert manager is not None

    async def fix(person_id: str, choice: str) -> None:
        data = {"issue_id": issue_id(entry.entry_id, person_id)}
        menu = await manager.async_init(DOMAIN, data=data)
        assert menu["menu_options"] == ["suspend", "offboard", "dismiss"]
        done = await manager.async_configure(menu["flow_id"], {"next_step_id": choice})
        assert done["type"] == "create_entry"
        await settle(runtime)

    await fix("p1", "suspend")
    assert hass.states.get("sensor.maple_street_alice").state == "suspended"  # type: ignore[union-attr]
    await fix("p2", "offboard")
    assert hass.states.get("sensor.maple_street_bob").state == "offboarded"  # type: ignore[union-attr]
    assert "739164" not in runtime.keypads[FRONT].codes.values()
    await fix("p4", "dismiss")
    assert flagged(hass, entry) == set()

    # Kept for another period: asked again at its end, and only then.
    again = dt_util.utcnow() + timedelta(days=DAYS)
    await at(hass, freezer, again - timedelta(seconds=1))
    assert flagged(hass, entry) == set()
    await at(hass, freezer, again)
    assert flagged(hass, entry) == {"Carol"}


async def test_the_dismissal_survives_a_restart_and_the_review_can_be_off(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    entry = await setup_household(hass, options={CONF_REVIEW_DAYS: 0})
    await call(hass, "add_person", {"name": "Alice", "pin": "482913"})
    await at(hass, freezer, dt_util.utcnow() + timedelta(days=3650))
    assert flagged(hass, entry) == set()

    hass.config_entries.async_update_entry(entry, options={**entry.options, CONF_REVIEW_DAYS: 7})
    await hass.async_block_till_done()
    assert flagged(hass, entry) == {"Alice"}  # the options reload reviews everyone
    await entry.runtime_data.review.async_dismiss("p1")
    assert flagged(hass, entry) == set()
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert flagged(hass, entry) == set()
    await at(hass, freezer, dt_util.utcnow() + timedelta(days=7))
    assert flagged(hass, entry) == {"Alice"}
