"""A foreign code adopted as a named person, through Home Assistant's repairs API.

The flow is the one an admin sees under Settings → Repairs: the foreign-code issue
offers "clear" or "adopt"; adopting names the person, who gets a PIN of their own on
that door, and the foreign code is cleared. What the keypad holds is read from it.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.repairs import DOMAIN as REPAIRS
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.const import DOMAIN, EVENT_ADMIN

from .conftest import BACK, FRONT, Recorder, call, settle

FOREIGN = "555123"


class Fix:
    """One repair flow driven through Home Assistant's HTTP repairs API."""

    def __init__(self, client: Any) -> None:
        """Hold the admin's authenticated client."""
        self.client = client
        self.url = ""

    async def start(self, issue_id: str) -> dict[str, Any]:
        resp = await self.client.post(
            "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
        )
        flow: dict[str, Any] = await resp.json()
        self.url = f"/api/repairs/issues/fix/{flow['flow_id']}"
        return flow

    async def send(self, data: dict[str, Any]) -> dict[str, Any]:
        resp = await self.client.post(self.url, json=data)
        result: dict[str, Any] = await resp.json()
        return result


@pytest.fixture
async def fix(hass: HomeAssistant, household: MockConfigEntry, hass_client: Any) -> tuple[Fix, str]:
    """The foreign-code issue of the front door (slot 3), and a flow client for it."""
    assert await async_setup_component(hass, REPAIRS, {})
    household.runtime_data.keypads[FRONT].codes[3] = FOREIGN
    await call(hass, "sync")
    issue_id = f"foreign_code.{household.entry_id}.{FRONT}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    return Fix(await hass_client()), issue_id


async def test_adopting_a_foreign_code_gives_the_person_a_pin_of_their_own(
    hass: HomeAssistant, household: MockConfigEntry, fix: tuple[Fix, str], events: Recorder
) -> None:
    flow, issue_id = fix
    menu = await flow.start(issue_id)
    assert menu["menu_options"] == ["confirm", "adopt"]
    form = await flow.send({"next_step_id": "adopt"})
    assert form["step_id"] == "adopt"
    assert [f["name"] for f in form["data_schema"]] == ["slot", "name", "role", "pin"]

    shown = await flow.send({"slot": "3", "name": "Carol", "role": "service"})
    assert shown["step_id"] == "adopted"
    pin = shown["description_placeholders"]["pin"]
    assert (await flow.send({}))["type"] == "create_entry"

    runtime = household.runtime_data
    await settle(runtime)
    carol = runtime.household.find("Carol")
    assert carol is not None and carol.role.value == "service" and carol.locks == (FRONT,)
    assert sorted(runtime.keypads[FRONT].codes.values()) == [pin]
    assert runtime.keypads[BACK].codes == {}
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert events.of(EVENT_ADMIN)[-1]["action"] == "foreign_adopted"
    assert pin not in str(events.events)


async def test_a_refused_person_is_named_by_field_and_clears_nothing(
    hass: HomeAssistant, household: MockConfigEntry, fix: tuple[Fix, str]
) -> None:
    await call(hass, "add_person", {"name": "Bob", "pin": "739164", "locks": [BACK]})
    flow, issue_id = fix
    await flow.start(issue_id)
    await flow.send({"next_step_id": "adopt"})
    refused = await flow.send({"slot": "3", "name": "bob", "role": "resident"})
    assert (refused["step_id"], refused["errors"]) == ("adopt", {"name": "refused"})
    assert "already in the household" in refused["description_placeholders"]["reason"]
    assert household.runtime_data.keypads[FRONT].codes == {3: FOREIGN}

    # A PIN of the admin's choice: nothing to show, the flow ends at once.
    done = await flow.send({"slot": "3", "name": "Dora", "role": "resident", "pin": "864213"})
    assert done["type"] == "create_entry"
    await settle(household.runtime_data)
    assert sorted(household.runtime_data.keypads[FRONT].codes.values()) == ["864213"]
