"""The household file through the panel's websocket: a download, an upload, the same checks.

What the panel sends and gets is compared with what the `export_household` and
`import_household` actions do with files: the same file, the same refusals (nothing
changed), the same records.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.core.household_file import read_household_file

from .conftest import FRONT, Recorder, call, settle, setup_household
from .test_household_transfer import PASSPHRASE, Unchanged, people, populate
from .test_websocket import Client


@pytest.fixture
async def entry(
    hass: HomeAssistant, hass_storage: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> MockConfigEntry:
    monkeypatch.setattr("custom_components.housekey.household_data.SAVE_DELAY", 0)
    household = await setup_household(hass)
    await populate(hass)
    await settle(household.runtime_data)
    return household


@pytest.fixture
async def admin(hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: Any) -> Client:
    return Client(await hass_ws_client(hass), entry.entry_id)


async def test_a_downloaded_household_uploaded_again_brings_it_back_exactly(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    admin: Client,
    events: Recorder,
    hass_admin_user: Any,
    hass_config_dir: str,
) -> None:
    runtime = entry.runtime_data
    exported = people(runtime)
    download = await admin.result("household/export", passphrase=PASSPHRASE)
    assert download["name"].startswith("maple_street-") and download["name"].endswith(".hke")
    data = base64.b64decode(download["content"])
    content = read_household_file(data, PASSPHRASE)
    assert [p.to_dict() for p in content.household.people.values()] == exported
    assert not list(Path(hass_config_dir).glob("housekey_exports/*"))  # written nowhere
    # The same file the action writes: the action imports it.
    Path(hass_config_dir, "down.hke").write_bytes(data)

    await call(hass, "add_person", {"name": "Zed", "pin": "951357", "locks": [FRONT]})
    await settle(runtime)
    result = await admin.result(
        "household/import", content=download["content"], passphrase=PASSPHRASE
    )
    assert result == {"people": len(content.household.current())}
    await settle(runtime)
    assert people(runtime) == exported
    assert "951357" not in runtime.keypads[FRONT].codes.values()
    assert await call(hass, "import_household", {"path": "down.hke", "passphrase": PASSPHRASE})

    made = [e for e in events.of("housekey_admin") if e["action"] in {"exported", "imported"}]
    assert [(e["action"], e["actor"]) for e in made][:2] == [
        ("exported", hass_admin_user.id),
        ("imported", hass_admin_user.id),
    ]
    assert made[0]["download"] is True


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"passphrase": "lantern orchard maple 1988"}, "file_wrong_passphrase"),
        ({"passphrase": "short"}, "passphrase_too_short"),
        ({"content": "not base64 at all!"}, "file_not_household"),
        ({"content": base64.b64encode(b"HOUSEKEY but not really").decode()}, "file_truncated"),
    ],
)
async def test_an_upload_refused_changes_nothing_and_says_why(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    admin: Client,
    hass_storage: dict[str, Any],
    events: Recorder,
    fields: dict[str, str],
    key: str,
) -> None:
    download = await admin.result("household/export", passphrase=PASSPHRASE)
    await call(hass, "add_person", {"name": "Zed", "pin": "951357"})
    await settle(entry.runtime_data)
    await hass.async_block_till_done()
    unchanged = Unchanged(hass, entry.runtime_data, hass_storage)
    recorded = len(events.of("housekey_admin"))
    sent = {"content": download["content"], "passphrase": PASSPHRASE, **fields}
    reply = await admin.send("household/import", **sent)
    assert reply["error"]["code"] == key
    assert reply["error"]["message"] and PASSPHRASE not in reply["error"]["message"]
    await settle(entry.runtime_data)
    assert unchanged.take() == unchanged.before
    assert len(events.of("housekey_admin")) == recorded


async def test_an_export_with_a_short_passphrase_is_refused(
    admin: Client, events: Recorder
) -> None:
    reply = await admin.send("household/export", passphrase="too short")
    assert reply["error"]["code"] == "passphrase_too_short"
    assert not [e for e in events.of("housekey_admin") if e["action"] == "exported"]


async def test_the_passphrase_never_reaches_a_log_line(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_ws_client: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Home Assistant's websocket API logs every message at DEBUG: Housekey's filter redacts it."""
    caplog.set_level("DEBUG")
    admin = Client(await hass_ws_client(hass), entry.entry_id)  # a connection logging at DEBUG
    download = await admin.result("household/export", passphrase=PASSPHRASE)
    await admin.result("household/import", content=download["content"], passphrase=PASSPHRASE)
    assert "household/import" in caplog.text  # the messages were logged
    assert PASSPHRASE not in caplog.text
