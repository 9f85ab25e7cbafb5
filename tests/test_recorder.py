"""What reaches Home Assistant's recorder: every access and change, never a code."""

from __future__ import annotations

import contextlib
from collections.abc import Generator

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.db_schema import EventData, Events, EventTypes
from homeassistant.components.recorder.util import session_scope
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from .conftest import FRONT, call, settle, setup_household

SECRETS = ("482913", "739154", "519374")


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Recorder, enable_custom_integrations: None
) -> Generator[None]:
    """Start the recorder before Home Assistant, then load custom integrations."""
    return


async def test_recorder_keeps_events_but_no_codes(
    recorder_mock: Recorder, hass: HomeAssistant
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Alice", "pin": SECRETS[0], "duress_pin": SECRETS[1]})
    await call(hass, "set_pin", {"person": "Alice", "pin": SECRETS[2]})
    await settle(entry.runtime_data)
    await hass.services.async_call(
        "lock", "unlock", {"entity_id": FRONT, "code": SECRETS[2]}, blocking=True
    )
    with contextlib.suppress(HomeAssistantError):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": FRONT, "code": SECRETS[0]}, blocking=True
        )
    await async_wait_recording_done(hass)

    def recorded() -> list[tuple[str, str]]:
        with session_scope(hass=hass, read_only=True) as session:
            rows = (
                session.query(EventTypes.event_type, EventData.shared_data)
                .join(Events, Events.event_type_id == EventTypes.event_type_id)
                .outerjoin(EventData, Events.data_id == EventData.data_id)
                .all()
            )
            return [(t, d or "") for t, d in rows]

    rows = await recorder_mock.async_add_executor_job(recorded)
    kinds = [t for t, _ in rows]
    assert kinds.count("housekey_access") == 2
    assert kinds.count("housekey_admin") == 2
    everything = "\n".join(d for _, d in rows)
    for secret in SECRETS:
        assert secret not in everything
    # The action calls themselves are still recorded, with their codes redacted.
    assert '"service":"set_pin"' in everything.replace(" ", "")
    assert "**REDACTED**" in everything
