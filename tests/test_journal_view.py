"""The panel's Audit view through Home Assistant: pages of records, verification, downloads.

The commands and the download are the panel's way to the journal; each test reads the
journal's files as an auditor would and compares what the panel was given.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.housekey.audit import fire_alert
from custom_components.housekey.core.journal import verify_export
from custom_components.housekey.core.journal_query import MAX_PAGE

from .conftest import BACK, FRONT, Recorder, call, settle, setup_household
from .test_journal import busy, read_records, rewrite, segments, with_data
from .test_websocket import Client  # its refusals of non-admins cover these commands too


@pytest.fixture
async def entry(hass: HomeAssistant) -> MockConfigEntry:
    """A household behind Home Assistant's web server (the download), which signs paths."""
    assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "auth", {})
    return await setup_household(hass)


@pytest.fixture
async def admin(hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: Any) -> Client:
    return Client(await hass_ws_client(hass), entry.entry_id)


async def scenario(hass: HomeAssistant, entry: MockConfigEntry, freezer: Any) -> None:
    """Accesses, admin changes, an alert, and a lock out of reach for 20 minutes.

    (Less than an access token lives: the clients log in before the clock moves.)
    """
    await busy(hass, entry)
    fire_alert(hass, "Maple Street", "foreign_code", FRONT, detail="slot 7")
    pad = entry.runtime_data.keypads[BACK]
    pad.set_unreachable(True)
    await settle(entry.runtime_data)
    freezer.tick(timedelta(minutes=20))
    pad.set_unreachable(False)
    await settle(entry.runtime_data)


async def every_page(client: Client, **filters: Any) -> list[dict[str, Any]]:
    """Follow the pages to the end; return every record given, in the order given."""
    shown: list[dict[str, Any]] = []
    before: dict[str, Any] = {}
    while True:
        page = await client.result("journal/records", limit=3, **filters, **before)
        assert len(page["records"]) <= 3
        shown += page["records"]
        if page["next_before"] is None:
            return shown
        assert page["next_before"] == page["records"][-1]["seq"]
        before = {"before": page["next_before"]}


async def test_pages_give_every_record_once_newest_first_and_filters_pick_exactly_theirs(
    hass: HomeAssistant, entry: MockConfigEntry, hass_ws_client: Any, freezer: FrozenDateTimeFactory
) -> None:
    await scenario(hass, entry, freezer)
    admin = Client(await hass_ws_client(hass), entry.entry_id)
    records = await read_records(hass, entry)
    assert {r["kind"] for r in records} >= {"access", "admin", "alert", "gap", "unreachable"}

    assert await every_page(admin) == records[::-1]
    page = await admin.result("journal/records")
    assert page["head"]["seq"] == records[-1]["seq"]

    alice = entry.runtime_data.household.find("Alice")
    assert alice is not None
    by_kind = {
        "access": {"access", "lock_event"},
        "admin": {"admin"},
        "alert": {"alert"},
        "gap": {"gap", "unreachable", "recovery", "stop", "checkpoint"},
    }
    for kind, kinds in by_kind.items():
        wanted = [r for r in records[::-1] if r["kind"] in kinds]
        assert wanted, kind
        assert await every_page(admin, kinds=[kind]) == wanted
    assert await every_page(admin, kinds=["access", "alert"]) == [
        r for r in records[::-1] if r["kind"] in {"access", "alert", "lock_event"}
    ]
    mine = [r for r in records[::-1] if r["data"].get("person_id") == alice.person_id]
    assert {r["kind"] for r in mine} == {"access", "admin"}
    assert await every_page(admin, person=alice.person_id) == mine
    assert await every_page(admin, person="Alice") == mine  # a name finds them too
    at_back = [
        r for r in records[::-1] if BACK in (r["data"].get("lock"), r["data"].get("entity_id"))
    ]
    assert {r["kind"] for r in at_back} >= {"access", "gap", "unreachable"}
    assert await every_page(admin, lock=BACK) == at_back
    access_at_back = await every_page(admin, lock=BACK, kinds=["access"])
    assert access_at_back == [r for r in at_back if r["kind"] == "access"]

    # A period: from the lock's outage on; and nothing before the first record.
    [down] = [r for r in records if r["kind"] == "unreachable"]
    since = await every_page(admin, start=down["time"])
    assert since == [r for r in records[::-1] if r["time"] >= down["time"]]
    until = await every_page(admin, end=down["time"])
    assert until == [r for r in records[::-1] if r["time"] < down["time"]]
    assert await every_page(admin, end=records[0]["time"]) == []


async def test_a_page_never_holds_more_than_its_limit_and_records_written_meanwhile_shift_nothing(
    hass: HomeAssistant, entry: MockConfigEntry, admin: Client
) -> None:
    for n in range(12):
        await call(hass, "add_person", {"name": f"Person {n}"})
    first = await admin.result("journal/records", limit=5)
    assert len(first["records"]) == 5
    await call(hass, "add_person", {"name": "Late"})  # a new record, newest: not on page two
    second = await admin.result("journal/records", limit=5, before=first["next_before"])
    assert second["records"][0]["seq"] == first["records"][-1]["seq"] - 1
    for refused in ({"limit": MAX_PAGE + 1}, {"limit": 0}, {"before": 0}, {"kinds": ["stop"]}):
        reply = await admin.send("journal/records", **refused)
        assert reply["error"]["code"] == "invalid_format", refused


async def test_verify_says_intact_then_names_the_record_that_was_changed(
    hass: HomeAssistant, entry: MockConfigEntry, admin: Client, events: Recorder
) -> None:
    await busy(hass, entry)
    written = await read_records(hass, entry)
    intact = await admin.result("journal/verify")
    assert intact["ok"] is True and intact["first_bad_seq"] is None
    assert intact["records"] == len(written)

    def alter(lines: list[bytes]) -> list[bytes]:
        return [*lines[:3], with_data(lines[3], person_name="Mallory"), *lines[4:]]

    await rewrite(hass, segments(hass, entry)[0], alter)
    found = await admin.result("journal/verify")
    assert (found["ok"], found["first_bad_seq"], found["reason"]) == (False, 4, "altered")
    verified = [e for e in events.of("housekey_admin") if e["action"] == "journal_verified"]
    assert [(e["ok"], e["first_bad_seq"], e["export"]) for e in verified] == [
        (True, None, False),
        (False, 4, False),
    ]


async def test_an_export_downloads_as_a_file_that_verifies_and_is_on_the_record(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_client: Any,
    events: Recorder,
    freezer: FrozenDateTimeFactory,
    hass_admin_user: Any,
) -> None:
    start = dt_util.utcnow()
    await busy(hass, entry)
    freezer.tick(timedelta(minutes=10))
    end = dt_util.utcnow()
    await call(hass, "add_person", {"name": "After"})
    client = await hass_client()
    url = f"/api/housekey/journal/{entry.entry_id}/export"
    period = {"start": start.isoformat(), "end": end.isoformat()}
    records = [r for r in await read_records(hass, entry) if start.isoformat() <= r["time"]]

    for fmt, content_type in (("csv", "text/csv"), ("json", "application/json")):
        response = await client.get(f"{url}?{urlencode({**period, 'format': fmt})}")
        assert response.status == 200, await response.text()
        assert response.content_type == content_type
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith(f'.{fmt}"')
        checked = verify_export(await response.read())
        assert checked.verdict.ok is True, checked
        assert checked.checkpoint is not None
        exported = [r for r in records if r["time"] < end.isoformat()]
        assert checked.checkpoint.records == len(exported)
        assert checked.checkpoint.last.seq == exported[-1]["seq"]

    exports = [e for e in events.of("housekey_admin") if e["action"] == "journal_exported"]
    assert [(e["format"], e["actor"]) for e in exports] == [
        ("csv", hass_admin_user.id),
        ("json", hass_admin_user.id),
    ]


async def test_the_download_of_a_signed_path_needs_no_token(
    hass: HomeAssistant, entry: MockConfigEntry, admin: Client, hass_client_no_auth: Any
) -> None:
    """What the panel does: sign the export's path for the user, then let the browser get it."""
    now = dt_util.utcnow()
    query = urlencode(
        {"start": (now - timedelta(days=1)).isoformat(), "end": now.isoformat(), "format": "csv"}
    )
    path = f"/api/housekey/journal/{entry.entry_id}/export?{query}"
    client = await hass_client_no_auth()
    assert (await client.get(path)).status == 401
    await admin.ws.send_json_auto_id({"type": "auth/sign_path", "path": path})
    signed = (await admin.ws.receive_json())["result"]["path"]
    response = await client.get(signed)
    assert response.status == 200
    assert verify_export(await response.read()).verdict.ok


async def test_an_export_refuses_a_bad_period_or_format_with_its_reason(
    hass: HomeAssistant, entry: MockConfigEntry, hass_client: Any, events: Recorder
) -> None:
    client = await hass_client()
    url = f"/api/housekey/journal/{entry.entry_id}/export"
    now = dt_util.utcnow().isoformat()
    cases = [
        ({"start": now, "end": now}, "period_end_before_start"),
        ({"start": now, "end": now, "format": "xml"}, "bad_format"),
        ({"start": "soon", "end": now}, "bad_datetime"),
        ({"end": now}, "invalid_format"),
    ]
    for query, key in cases:
        response = await client.get(f"{url}?{urlencode(query)}")
        assert response.status == 400
        body = await response.json()
        assert (body["code"], bool(body["message"])) == (key, True)
    response = await client.get(f"/api/housekey/journal/elsewhere/export?start={now}&end={now}")
    assert (response.status, (await response.json())["code"]) == (400, "unknown_household")
    assert not [e for e in events.of("housekey_admin") if e["action"] == "journal_exported"]


async def test_a_user_who_is_not_an_admin_cannot_download_an_export(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_client: Any,
    hass_read_only_access_token: str,
    events: Recorder,
) -> None:
    client = await hass_client(hass_read_only_access_token)
    now = dt_util.utcnow()
    query = urlencode({"start": (now - timedelta(days=1)).isoformat(), "end": now.isoformat()})
    response = await client.get(f"/api/housekey/journal/{entry.entry_id}/export?{query}")
    assert response.status == 401
    assert not [e for e in events.of("housekey_admin") if e["action"] == "journal_exported"]
