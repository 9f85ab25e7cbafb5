"""The panel's Audit view in a real headless Chromium, on a real Home Assistant web server.

A busy day (accesses, an admin change, an alert, a door out of reach) is read back page
by page, filtered, verified and exported as a person would; the export the browser
downloads is then checked by `scripts/verify_export.py`, as its receiver would check it.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

from ..conftest import BACK, FRONT, Recorder, call, settle, setup_household
from ..test_journal import read_records, rewrite, segments, with_data
from .conftest import ADMIN, Server
from .harness import Page, log_in
from .test_panel_browser import PANEL, VIEWPORTS, keypad, open_panel, until

pytestmark = pytest.mark.xdist_group("network_namespace")

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "verify_export.py"
ROWS = f"{PANEL} [data-test=audit-row]"


async def busy_day(hass: HomeAssistant) -> MockConfigEntry:
    """People added, doors opened and refused, a burst of wrong codes, the back door away."""
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Ana", "pin": "480213"})
    await call(hass, "add_person", {"name": "Ben", "pin": "739164", "locks": [FRONT]})
    await settle(entry.runtime_data)
    keypad(entry).enter_code("480213")
    keypad(entry, BACK).enter_code("480213")
    keypad(entry).enter_code("739164")
    for wrong in ("111222", "121212", "909090", "135790", "246802"):  # a brute-force alert
        keypad(entry, BACK).enter_code(wrong)
    await call(hass, "suspend_person", {"person": "Ben"})
    pad = entry.runtime_data.keypads[BACK]
    pad.set_unreachable(True)
    await settle(entry.runtime_data)
    pad.set_unreachable(False)
    await settle(entry.runtime_data)
    await entry.runtime_data.journal.async_flush()
    return entry


async def shown(page: Page) -> list[tuple[int, str, str, str]]:
    """The rows the Audit view shows: (seq, kind, person id, door) each, in page order."""
    rows = await page.attrs(ROWS, "data-seq", "data-kind", "data-person", "data-door")
    return [(int(str(seq)), str(kind), str(p), str(d)) for seq, kind, p, d in rows]


def expected(records: list[dict], *, kinds: set[str] | None = None, person: str = "") -> list:
    """What the view must show of the journal's records, newest first."""
    return [
        (r["seq"], r["kind"], r["data"].get("person_id") or "", r["data"].get("lock") or "")
        for r in reversed(records)
        if (kinds is None or r["kind"] in kinds)
        and (not person or r["data"].get("person_id") == person)
    ]


async def shows(page: Page, rows: list) -> bool:
    return await shown(page) == rows


async def test_the_audit_view_filters_verifies_finds_a_changed_record_and_exports_a_period(
    hass: HomeAssistant, server: Server, page: Page, events: Recorder, tmp_path: Path
) -> None:
    entry = await busy_day(hass)
    journal = entry.runtime_data.journal
    records = await read_records(hass, entry)
    assert {"access", "admin", "alert", "gap", "unreachable"} <= {r["kind"] for r in records}
    assert [r["data"]["kind"] for r in records if r["kind"] == "alert"] == [
        "brute_force",
        "lock_unreachable",
    ]
    ana = entry.runtime_data.household.find("Ana")
    assert ana is not None

    await log_in(page, ADMIN)
    await open_panel(page, "audit")
    await until(lambda: shows(page, expected(records)), "every record, newest first")
    gap = f"{ROWS}[data-kind=gap]"
    assert " unreachable from " in await page.text(gap)

    kind = f"{PANEL} [data-test=audit-kind]"
    person = f"{PANEL} [data-test=audit-person]"
    await page.on(kind, "selectOption", "gap")
    gaps = {"gap", "unreachable", "recovery", "stop", "checkpoint"}
    await until(lambda: shows(page, expected(records, kinds=gaps)), "the gaps")
    await page.on(kind, "selectOption", "access")
    await page.on(person, "selectOption", ana.person_id)
    anas = expected(records, kinds={"access"}, person=ana.person_id)
    assert len(anas) == 2
    await until(lambda: shows(page, anas), "Ana's accesses")
    await page.on(kind, "selectOption", "")
    anything_of_ana = expected(records, person=ana.person_id)
    assert {row[1] for row in anything_of_ana} == {"access", "admin"}
    await until(lambda: shows(page, anything_of_ana), "everything about Ana")
    await page.on(person, "selectOption", "")

    # Verify: intact, on the record, and the new record shows at the top.
    await page.click(f"{PANEL} [data-test=verify]")
    verdict = f"{PANEL} [data-test=verdict]"
    await page.wait(f"{verdict}[data-ok=true]")
    written = len(records)
    assert await page.text(verdict) == f"{written} records, chain intact"
    await until(lambda: _top_is(page, "admin"), "the verification on the record, newest first")

    # Export a period (the hour up to now, the household's time) as CSV: downloaded.
    now = dt_util.now()
    since = (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    until_ = (now + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
    await page.fill(f"{PANEL} [data-test=export-from]", since)
    await page.fill(f"{PANEL} [data-test=export-to]", until_)
    await page.on(f"{PANEL} [data-test=export-format]", "selectOption", "csv")
    saved = tmp_path / "download.csv"
    name = await page.download(f"{PANEL} [data-test=export]", saved)
    assert name.startswith("journal-") and name.endswith(".csv")
    await page.wait(f"{PANEL} [data-test=exported]")
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), str(saved), stdout=asyncio.subprocess.PIPE
    )
    out, _ = await process.communicate()
    assert process.returncode == 0, out
    exported = [e for e in events.of("housekey_admin") if e["action"] == "journal_exported"]
    assert [(e["format"], e["actor"]) for e in exported] == [("csv", server.admin.id)]
    assert str(exported[0]["last_hash"]).encode() in out

    # Someone with file access changes one record: Verify names it.
    await journal.async_flush()
    target = records[4]

    def alter(lines: list[bytes]) -> list[bytes]:
        return [
            with_data(line, person_name="Mallory") if i == target["seq"] - 1 else line
            for i, line in enumerate(lines)
        ]

    await rewrite(hass, segments(hass, entry)[0], alter)
    await page.click(f"{PANEL} [data-test=verify]")
    await page.wait(f"{verdict}[data-ok=false]")
    assert await page.attr(verdict, "data-seq") == str(target["seq"])
    said = await page.text(verdict)
    assert said.startswith(f"Record {target['seq']} does not match: it was changed."), said
    await page.wait(f"{ROWS}[data-seq='{target['seq']}'].bad")
    await page.screenshot("desktop-light-audit-tampered")


async def _top_is(page: Page, kind: str) -> bool:
    rows = await shown(page)
    return bool(rows) and rows[0][1] == kind


async def test_the_audit_view_pages_a_long_journal_and_never_sends_it_whole(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Sam"})
    for _ in range(60):
        await call(hass, "suspend_person", {"person": "Sam"})
        await call(hass, "resume_person", {"person": "Sam"})
    await entry.runtime_data.journal.async_flush()
    records = await read_records(hass, entry)
    assert len(records) > 100

    await log_in(page, ADMIN)
    await open_panel(page, "audit")
    await page.wait(f"{ROWS} >> nth=0")
    assert await page.count(ROWS) == 50
    await page.click(f"{PANEL} [data-test=more]")
    await until(lambda: _count_is(page, 100), "the second page")
    assert [row[0] for row in await shown(page)] == [r["seq"] for r in reversed(records)][:100]
    # Keyboard: the button that asks for more is reached and pressed with the keyboard.
    await page.on(f"{PANEL} [data-test=more]", "focus")
    await page.on(f"{PANEL} [data-test=more]", "press", "Enter")
    await until(lambda: _count_is(page, len(records)), "every record")
    assert await page.count(f"{PANEL} [data-test=more]") == 0


async def _count_is(page: Page, count: int) -> bool:
    return await page.count(ROWS) == count


async def test_screenshots_of_the_audit_view_on_desktop_and_phone_in_light_and_dark(
    hass: HomeAssistant, server: Server, page: Page
) -> None:
    """Save what the Audit view looks like (tests/browser/screenshots/, for a person to look at)."""
    entry = await busy_day(hass)
    await log_in(page, ADMIN)
    await open_panel(page, "audit")
    await page.wait(f"{ROWS} >> nth=0")
    await page.click(f"{PANEL} [data-test=verify]")
    await page.wait(f"{PANEL} [data-test=verdict]")
    assert entry.runtime_data.journal.head.seq > 0
    saved = []
    for size, viewport in VIEWPORTS.items():
        await page.call("setViewportSize", viewport)
        for scheme in ("light", "dark"):
            await page.call("emulateMedia", {"colorScheme": scheme})
            await page.wait(f"{ROWS} >> nth=0")
            saved.append(await page.screenshot(f"{size}-{scheme}-audit"))
    assert len(saved) == 4


PASSPHRASE = "lantern orchard maple 1987"


async def test_the_household_exported_from_the_panel_comes_back_with_its_passphrase_only(
    hass: HomeAssistant, server: Server, page: Page, events: Recorder, tmp_path: Path
) -> None:
    entry = await setup_household(hass)
    await call(hass, "add_person", {"name": "Ana", "pin": "480213"})
    await settle(entry.runtime_data)
    runtime = entry.runtime_data
    await log_in(page, ADMIN)
    await open_panel(page, "audit")

    await page.click(f"{PANEL} [data-test=household-export]")
    await page.fill(f"{PANEL} [data-test=household-passphrase]", PASSPHRASE)
    await page.fill(f"{PANEL} [data-test=household-again]", PASSPHRASE + "!")
    await page.click(f"{PANEL} [data-test=household-submit]")
    assert await page.text(f"{PANEL} [data-test=household-error]") == "The two passphrases differ."
    await page.fill(f"{PANEL} [data-test=household-again]", PASSPHRASE)
    await page.screenshot("desktop-light-household-export")
    saved = tmp_path / "household.hke"
    name = await page.download(f"{PANEL} [data-test=household-submit]", saved)
    assert name.startswith("maple_street-") and name.endswith(".hke")
    await page.wait(f"{PANEL} [data-test=household-done]")
    assert PASSPHRASE not in await page.all_text()

    await call(hass, "add_person", {"name": "Zed", "pin": "951357"})
    await settle(runtime)
    await page.click(f"{PANEL} [data-test=household-import]")
    await page.on(f"{PANEL} [data-test=household-file]", "setInputFiles", str(saved))
    await page.fill(f"{PANEL} [data-test=household-passphrase]", PASSPHRASE[:-1] + "8")
    await page.click(f"{PANEL} [data-test=household-submit]")
    refused = await page.text(f"{PANEL} [data-test=household-error]")
    assert "wrong passphrase" in refused and "Nothing was changed" in refused
    assert runtime.household.find("Zed") is not None
    await page.fill(f"{PANEL} [data-test=household-passphrase]", PASSPHRASE)
    await page.click(f"{PANEL} [data-test=household-submit]")
    await page.wait(
        f"{PANEL} [data-test=household-done] >> text=Imported. People in the household: 1"
    )
    await settle(runtime)
    assert runtime.household.find("Zed") is None
    assert all("951357" not in k.codes.values() for k in runtime.keypads.values())
    made = [e for e in events.of("housekey_admin") if e["action"] in {"exported", "imported"}]
    assert [(e["action"], e["actor"]) for e in made] == [
        ("exported", server.admin.id),
        ("imported", server.admin.id),
    ]
