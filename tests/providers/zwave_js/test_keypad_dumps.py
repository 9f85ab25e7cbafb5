"""Z-Wave Entry Control keypads on a real node dump (the first-generation Ring Keypad).

The dump is loaded as Home Assistant's own zwave_js tests load dumps (see test_dumps.py);
the keypad's notifications and indicators on the real stack are in test_keypads.py.
"""

from __future__ import annotations

import copy
import logging
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.core import HomeAssistant
from zwave_js_server.exceptions import FailedZWaveCommand
from zwave_js_server.model.node import Node

from custom_components.housekey.providers.zwave_js_keypad import (
    async_feedback,
    is_entry_control,
    scrub_typed_keys,
    typed_code,
)

from .test_dumps import FakeClient, load

MODULE = "custom_components.housekey.providers.zwave_js_keypad"


def ring(indicators: dict[int, list[int]] | None = None) -> tuple[Node, FakeClient]:
    """The Ring Keypad dump, with Indicator v3 values (indicator id -> property ids) added."""
    state = copy.deepcopy(load("ring_keypad_state"))
    for indicator, properties in (indicators or {}).items():
        for prop in properties:
            state["values"].append(
                {
                    "endpoint": 0,
                    "commandClass": 135,
                    "commandClassName": "Indicator",
                    "property": indicator,
                    "propertyKey": prop,
                    "metadata": {"type": "boolean" if prop == 2 else "number", "writeable": True},
                    "value": 0,
                }
            )
    client = FakeClient()
    return Node(client, state), client  # type: ignore[arg-type]


def test_the_ring_keypad_is_an_entry_control_keypad_and_a_lock_is_not() -> None:
    assert is_entry_control(ring()[0])
    lock = Node(FakeClient(), copy.deepcopy(load("lock_schlage_be469_state")))  # type: ignore[arg-type]
    assert not is_entry_control(lock)


NOTIFICATION = {"command_class": 111, "event_type": 2, "data_type": 2, "event_data": "2468"}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({}, "2468"),  # Enter
        ({"event_type": 3}, "2468"),  # Disarm all
        ({"event_type": 25}, None),  # Cancel
        ({"event_type": 1}, None),  # the key cache, not an attempt to open
        ({"event_type": 5}, None),  # Arm away
        ({"event_data": ""}, None),
        ({"event_data": None, "data_type": 0}, None),
        ({"command_class": 113}, None),  # a Notification CC event
    ],
)
def test_only_enter_and_disarm_carry_a_code(change: dict[str, Any], code: str | None) -> None:
    assert typed_code({**NOTIFICATION, **change}) == code


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Bus:Handling <Event zwave_js_notification[L]: domain=zwave_js, node_id=3, "
            "command_class=111, command_class_name=Entry Control, event_type=3, "
            "event_data=2468, data_type=2>",
            "Bus:Handling <Event zwave_js_notification[L]: domain=zwave_js, node_id=3, "
            "command_class=111, command_class_name=Entry Control, event_type=3, "
            "event_data=**REDACTED**, data_type=2>",
        ),
        (
            "Received message:\n{'args': {'dataType': 2,\n          'eventData': '2468',}}",
            "Received message:\n{'args': {'dataType': 2,\n          'eventData': '**REDACTED**',}}",
        ),
        ('{"args":{"eventData":"24\\"68"}}', '{"args":{"eventData":"**REDACTED**"}}'),
        (
            "DRIVER « [Node 003] [REQ] [ApplicationCommand]\n"
            "  └─[EntryControlCCNotification]\n    event type:      3\n    event data:      2468",
            "DRIVER « [Node 003] [REQ] [ApplicationCommand]\n"
            "  └─[EntryControlCCNotification]\n    event type:      3\n"
            "    event data:      **REDACTED**",
        ),
        # Other notifications keep their data.
        (
            "<Event zwave_js_notification[L]: command_class=113, event_data=2468>",
            "<Event zwave_js_notification[L]: command_class=113, event_data=2468>",
        ),
    ],
)
def test_the_keys_typed_are_masked_in_debug_lines(line: str, expected: str) -> None:
    assert scrub_typed_keys(line, "**REDACTED**") == expected


async def feedback(hass: HomeAssistant, node: Node, accepted: bool) -> bool:
    with patch(f"{MODULE}.zwave_device_node", return_value=node):
        return await async_feedback(hass, "device", accepted)


async def test_the_first_ring_keypad_has_no_indicator_to_answer_with(hass: HomeAssistant) -> None:
    """Indicator v1 is a single value with no meaning of its own: nothing is sent."""
    node, client = ring()
    assert not await feedback(hass, node, True)
    assert not await feedback(hass, node, False)
    assert client.sent == []


async def test_code_accepted_and_not_accepted_go_to_their_own_indicators(
    hass: HomeAssistant,
) -> None:
    node, client = ring({8: [1, 2], 9: [1]})
    assert await feedback(hass, node, True)
    assert await feedback(hass, node, False)
    sent = [
        (m["valueId"]["property"], m["valueId"]["propertyKey"], m["value"]) for m in client.sent
    ]
    assert sent == [(8, 2, True), (9, 1, 99)]  # Binary where there is one, else Multilevel


async def test_a_keypad_out_of_reach_or_failing_gets_no_feedback_and_no_error(
    hass: HomeAssistant, caplog: pytest.LogCaptureFixture
) -> None:
    node, client = ring({8: [1]})
    with patch(f"{MODULE}.zwave_device_node", return_value=None):
        assert not await async_feedback(hass, "device", True)
    client.fail = FailedZWaveCommand("x", 202, "the keypad did not answer")
    caplog.set_level(logging.DEBUG)
    assert not await feedback(hass, node, True)
    assert "got no feedback (FailedZWaveCommand)" in caplog.text
    assert "did not answer" not in caplog.text
