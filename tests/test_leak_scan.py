"""The leak scan: a busy household, then every place a secret could land is searched.

Every logger logs at DEBUG. People get generated and chosen PINs and duress PINs, a
script and an automation hand PINs to Housekey and to a lock, doors are opened
(normally, under duress, with wrong and foreign codes), codes are typed at forwarding
keypads (`submit_code`: PINs, an authenticator code, a code-book code, wrong codes, from
a script too, and at a bound Z-Wave Entry Control keypad), an authenticator is enrolled
and a code book issued, a person is offboarded and the household restarts. Then the
scan reads the log records, every bus event, all states, the recorder's SQLite file and
write-ahead log as bytes, `.storage` (all but Housekey's own Store, traces included), the
audit journal's files as bytes, diagnostics, the logbook, repair issues and every
exception message, and finds no real code. A second test plants a canary in
each place and proves the scan finds it there.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Awaitable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.const import MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.housekey.audit import fire_alert
from custom_components.housekey.const import DOMAIN
from custom_components.housekey.providers.zwave_js_keypad import DISARM_ALL, ENTER

from .conftest import (
    BACK,
    FRONT,
    call,
    capture_notifications,
    guest_with_notice,
    settle,
    setup_household,
)
from .test_keypads import EXCLUDED, keypad_options, zwave_device
from .test_keypads import typed as zwave_typed
from .test_privacy import (  # the real recorder on an SQLite file, as there
    auto_enable_custom_integrations,  # noqa: F401
    database_bytes,
    persistent_database,  # noqa: F401
)

CANARY = "90817263"
#: what an authenticator secret and an authenticator code look like, planted beside it
PLANTED = (CANARY, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXQ", "381604")
HARNESS = "pytest_homeassistant_custom_component"  # its in-memory Store logs what it stores
PASSPHRASES = ("quiet harbour lantern 4417", "quiet harbour lantern 4418")


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """A configuration directory of this test's own: household exports are written there."""
    return hass_tmp_config_dir


#: Home Assistant's own event for a Z-Wave keypad carries the keys typed: the recorder is
#: told to leave it out, as the README and the keypad_codes_recorded repair say to
KEYPAD_EVENT = "zwave_js_notification"


@pytest.fixture
def recorder_config() -> dict[str, Any]:
    """The recorder as the README's recorder note configures it."""
    return EXCLUDED


@pytest.fixture
def every_logger_at_debug(caplog: pytest.LogCaptureFixture) -> Generator[None]:
    """Log everything from every logger, and put the levels back afterwards."""
    loggers = [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]
    levels = [logger.level for logger in loggers]
    caplog.set_level(logging.DEBUG)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


@dataclass
class Scan:
    """One scan: what it watches while the household runs, and where it reads afterwards."""

    hass: HomeAssistant
    recorder: Recorder
    storage: dict[str, Any]
    caplog: pytest.LogCaptureFixture
    http: Any
    ws_client: Any
    events: list[Event] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    start: str = ""

    async def begin(self, **household: Any) -> tuple[MockConfigEntry, Any]:
        """Set up the logbook and a household; watch every event and let the bus log each."""
        self.start = dt_util.utcnow().isoformat()
        assert await async_setup_component(self.hass, "logbook", {})
        entry = await setup_household(self.hass, **household)

        @callback
        def record(event: Event) -> None:
            self.events.append(event)

        self.hass.bus.async_listen(MATCH_ALL, record)
        self.hass.bus.async_fire("logging_changed")
        return entry, await self.ws_client(self.hass)

    async def attempt(self, action: Awaitable[Any]) -> Any:
        """Run an action; keep everything an exception it raises would show."""
        try:
            return await action
        except HomeAssistantError as err:
            placeholders = getattr(err, "translation_placeholders", None)
            self.errors.append(f"{err!s} {err!r} {placeholders}")
            return None

    async def collect(self, entry: MockConfigEntry, ws: Any) -> dict[str, str]:
        """Read every place a secret could land; stop Home Assistant to get what it saves."""
        hass, storage = self.hass, self.storage
        await hass.async_block_till_done()
        await async_wait_recording_done(hass)
        await ws.send_json_auto_id({"type": "logbook/get_events", "start_time": self.start})
        logbook = (await ws.receive_json())["result"]
        diagnostics = await get_diagnostics_for_config_entry(hass, self.http, entry)
        issues = [dataclasses.asdict(i) for i in ir.async_get(hass).issues.values()]
        places = {
            "states": json.dumps([s.as_dict() for s in hass.states.async_all()], default=str),
            "diagnostics": json.dumps(diagnostics),
            "logbook": json.dumps(logbook),
            "repairs": json.dumps(issues, default=str),
        }
        running_db = database_bytes(self.recorder)
        await ws.close()  # its heartbeat would outlive Home Assistant's stop
        await hass.async_stop(force=True)
        places["database"] = (running_db + database_bytes(self.recorder)).decode("latin-1")
        places["traces"] = json.dumps(storage.get("trace.saved_traces"))
        places["storage"] = json.dumps(
            {
                key: value
                for key, value in storage.items()
                if not key.startswith(f"{DOMAIN}.") and key != "trace.saved_traces"
            }
        )
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        records = [r for r in self.caplog.records if not r.name.startswith(HARNESS)]
        places["logs"] = "\n".join(formatter.format(r) for r in records)
        # The keypad's own event is Home Assistant's, fired here as zwave_js fires it.
        events = [e.as_dict() for e in self.events if e.event_type != KEYPAD_EVENT]
        places["bus"] = json.dumps(events, default=str)
        journal = Path(hass.config.path(".storage", "housekey_journal"))
        places["journal"] = b"".join(
            p.read_bytes() for p in sorted(journal.rglob("*")) if p.is_file()
        ).decode("latin-1")
        places["exceptions"] = "\n".join(self.errors)
        exports = sorted(Path(hass.config.path("housekey_exports")).glob("*"))
        places["exports"] = b"".join(f.read_bytes() for f in exports).decode("latin-1")
        return places


@pytest.fixture
def scan(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    hass_client: Any,
    hass_ws_client: Any,
    caplog: pytest.LogCaptureFixture,
    every_logger_at_debug: None,
) -> Scan:
    """A scan over this test's Home Assistant, with every logger at DEBUG."""
    return Scan(hass, recorder_mock, hass_storage, caplog, hass_client, hass_ws_client)


def found(places: dict[str, str], secret: str) -> set[str]:
    """Return the places a secret was found in, as a number of its own.

    The digits of a time stamp or a counter that happen to contain it do not count, nor
    those after a decimal point (a time's microseconds may spell a 6-digit code).
    """
    alone = re.compile(rf"(?<![\d.]){re.escape(secret)}(?!\d)")
    return {place for place, text in places.items() if alone.search(text)}


def codes_of(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """Return every PIN and duress PIN the household holds now."""
    people = entry.runtime_data.household.people.values()
    return {c for p in people for c in (p.pin, p.duress_pin) if c}


async def test_a_busy_household_leaks_no_code_anywhere(hass: HomeAssistant, scan: Scan) -> None:
    hall = zwave_device(hass, 3)
    # generated PINs as long as the others; a Z-Wave keypad bound to the back door
    entry, ws = await scan.begin(pin_min=8, options=keypad_options(**{hall: BACK}))
    secrets: set[str] = set()
    attempt = scan.attempt

    # People: generated and chosen PINs, duress PINs, by action and over the websocket.
    secrets.add((await call(hass, "add_person", {"name": "Alice"}))["pin"])
    bob = {"name": "Bob", "pin": "31749260", "duress_pin": "42850371"}
    await call(hass, "add_person", bob)
    await ws.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": "add_person",
            "service_data": {"name": "Carol", "duress_pin": "53961482"},
            "return_response": True,
        }
    )
    secrets.add((await ws.receive_json())["result"]["response"]["pin"])
    guest = {"name": "Dana", "valid_until": "2099-01-01 12:00:00"}
    secrets.add((await call(hass, "add_guest", guest))["pin"])
    await call(hass, "set_pin", {"person": "Bob", "pin": "64072593"})
    secrets.add((await call(hass, "set_pin", {"person": "Alice"}))["pin"])
    # Refused input: the messages must not repeat it.
    refused = ["11111111", "64072593", "75318642"]
    await attempt(call(hass, "set_pin", {"person": "Alice", "pin": refused[0]}))
    await attempt(call(hass, "add_person", {"name": "Eve", "pin": refused[1]}))
    await attempt(call(hass, "set_pin", {"person": "Nobody", "pin": refused[2]}))
    await settle(entry.runtime_data)
    secrets |= codes_of(hass, entry) | {*refused, *bob.values()} - {"Bob"}

    # A script and an automation hand PINs to Housekey and to a lock.
    in_sync = {"wait_template": "{{ is_state('sensor.front_door_code_sync', 'in_sync') }}"}
    welcome = [
        {"action": "housekey.set_pin", "data": {"person": "Carol", "pin": "{{ pin }}"}},
        in_sync,
        {"action": "lock.unlock", "target": {"entity_id": FRONT}, "data": {"code": "{{ pin }}"}},
    ]
    backup = [
        {
            "action": "housekey.export_household",
            "data": {"passphrase": "{{ passphrase }}"},
            "response_variable": "saved",
        }
    ]
    keypad = [{"action": "housekey.submit_code", "data": {"lock": BACK, "code": "{{ code }}"}}]
    scripts = {
        "welcome": {"fields": {"pin": {}}, "sequence": welcome},
        "backup": {"fields": {"passphrase": {}}, "sequence": backup},
        "keypad": {"fields": {"code": {}}, "sequence": keypad},  # a forwarding keypad's
    }
    assert await async_setup_component(hass, "script", {"script": scripts})
    sent = capture_notifications(hass, "admins")
    arrival = [
        *guest_with_notice("Finn", "admins"),
        in_sync,
        {
            "action": "lock.unlock",
            "target": {"entity_id": FRONT},
            "data": {"code": "{{ guest.pin }}"},
        },
    ]
    automation = {
        "id": "finn",
        "triggers": [{"trigger": "event", "event_type": "finn_arrives"}],
        "actions": arrival,
    }
    assert await async_setup_component(hass, "automation", {"automation": automation})
    secrets.add("07419385")
    await attempt(hass.services.async_call("script", "welcome", {"pin": "07419385"}, blocking=True))
    hass.bus.async_fire("finn_arrives")
    await hass.async_block_till_done()
    await settle(entry.runtime_data)
    assert len(sent) == 1
    secrets |= codes_of(hass, entry)

    # Doors: an ordinary and a duress opening, wrong codes, a foreign code, a remote unlock.
    pins = {p.name: p.pin for p in entry.runtime_data.household.people.values()}
    for lock, code in ((FRONT, pins["Alice"]), (BACK, "42850371"), (FRONT, "86294715")):
        await attempt(
            hass.services.async_call(
                "lock", "unlock", {"entity_id": lock, "code": code}, blocking=True
            )
        )
    secrets.add("86294715")
    entry.runtime_data.keypads[FRONT].program(9, "97305826")  # set at the keypad itself
    await settle(entry.runtime_data)
    await attempt(
        hass.services.async_call(
            "lock", "unlock", {"device_id": _device(hass, FRONT), "code": "97305826"}, blocking=True
        )
    )
    secrets.add("97305826")
    await hass.services.async_call("lock", "unlock", {"entity_id": BACK}, blocking=True)

    # Forwarding keypads: an authenticator, a code book, and codes typed at submit_code.
    enrolment = await call(hass, "enrol_authenticator", {"person": "Alice"})
    others = {enrolment["secret"], enrolment["uri"], enrolment["qr_code"]}
    book = (await call(hass, "issue_code_book", {"person": "Dana", "count": 3}))["codes"]
    others |= {c["code"] for c in book}
    # The panel's commands: an enrolment and a code book over the websocket.
    panel_enrolment = await _panel(ws, entry, "enrol_authenticator", person="Carol")
    panel_book = (await _panel(ws, entry, "issue_code_book", person="Carol", count=3))["codes"]
    others |= {panel_enrolment[key] for key in ("secret", "uri", "qr_code")}
    others |= {c["code"] for c in panel_book}
    typed = [pyotp.TOTP(enrolment["secret"]).now(), book[0]["code"], "18273645", pins["Dana"]]
    typed += [pyotp.TOTP(panel_enrolment["secret"]).now(), panel_book[0]["code"]]
    for code in typed:
        assert "granted" in await call(hass, "submit_code", {"lock": FRONT, "code": code})
    await hass.services.async_call("script", "keypad", {"code": "29384756"}, blocking=True)
    others |= {*typed, "29384756"}
    at_keypad = [pins["Carol"], "30495867", "41506978"]  # right, then wrong with Disarm
    for code, event_type in zip(at_keypad, (ENTER, DISARM_ALL, ENTER), strict=True):
        zwave_typed(hass, hall, code, event_type)
        await hass.async_block_till_done()
    others |= set(at_keypad)
    book_key = entry.runtime_data.household.book_key
    assert book_key is not None
    others.add(book_key)

    # The household exported (by hand and from a script), imported back, and a wrong
    # passphrase refused.
    exported = await call(hass, "export_household", {"passphrase": PASSPHRASES[0]})
    await hass.services.async_call(
        "script", "backup", {"passphrase": PASSPHRASES[1]}, blocking=True
    )
    imported = {"path": exported["path"], "passphrase": PASSPHRASES[0]}
    assert await call(hass, "import_household", imported) == {"people": 5}
    wrong = {**imported, "passphrase": PASSPHRASES[1]}
    await attempt(call(hass, "import_household", wrong))
    await settle(entry.runtime_data)
    secrets |= {*PASSPHRASES, *codes_of(hass, entry)}

    # Offboarding, then a restart of the household.
    await call(hass, "offboard_person", {"person": "Bob", "timeout": 5})
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    entry = await setup_household(hass, entry=entry)
    await attempt(
        hass.services.async_call(
            "lock", "unlock", {"entity_id": "LOCK.FRONT_DOOR", "code": pins["Alice"]}, blocking=True
        )
    )
    secrets |= codes_of(hass, entry)

    places = await scan.collect(entry, ws)
    leaks = {secret: where for secret in secrets | others if (where := found(places, secret))}
    assert leaks == {}
    # The scenario reached every place the scan reads.
    assert "script.welcome" in places["traces"] and "automation.finn" in places["traces"]
    assert "script.backup" in places["traces"] and places["exports"].count("HOUSEKEY") == 2
    assert "Bus:Handling <Event call_service" in places["logs"]
    assert "housekey_access" in places["database"] and "housekey_access" in places["bus"]
    assert "Alice opened" in places["logbook"] and "code_in_script" in places["repairs"]
    assert '"person_name":"Alice"' in places["journal"] and '"kind":"stop"' in places["journal"]
    assert len(scan.errors) >= 4 and '"unlock"' in places["database"]
    assert len(secrets) >= 16 and all(len(s) == 8 for s in secrets - set(PASSPHRASES))
    assert "script.keypad" in places["traces"] and len(others) >= 14
    assert "housekey/person/issue_code_book" in places["logs"]  # the websocket's own lines
    assert f"Bus:Handling <Event {KEYPAD_EVENT}" in places["logs"]  # the bus logged it
    assert "(keypad Hall keypad) was granted" in places["logs"]
    assert "keypad_codes_recorded" not in places["repairs"]


async def _panel(ws: Any, entry: MockConfigEntry, command: str, **fields: Any) -> Any:
    """Send one of the panel's commands; return its result."""
    await ws.send_json_auto_id(
        {"type": f"housekey/person/{command}", "entry_id": entry.entry_id, **fields}
    )
    reply = await ws.receive_json()
    assert reply["success"], reply
    return reply["result"]


def _device(hass: HomeAssistant, entity_id: str) -> str:
    device_id = er.async_get(hass).async_get(entity_id).device_id
    assert device_id is not None
    return device_id


async def test_the_scan_finds_a_planted_secret_in_every_place(
    hass: HomeAssistant, scan: Scan
) -> None:
    entry, ws = await scan.begin()
    planted = " ".join(PLANTED)

    logging.getLogger("canary").debug("a line with %s", planted)
    hass.bus.async_fire("canary", {"value": planted})  # the bus, and the database
    hass.states.async_set("sensor.canary", "on", {"value": planted})
    await Store(hass, 1, "canary").async_save({"value": planted})
    step = {"action": "logbook.log", "data": {"name": "Canary", "message": planted}}
    assert await async_setup_component(hass, "script", {"script": {"canary": {"sequence": [step]}}})
    await hass.services.async_call("script", "canary", blocking=True)  # traces and logbook
    hass.config_entries.async_update_entry(entry, options={**entry.options, "note": planted})
    await hass.async_block_till_done()  # diagnostics show the options
    ir.async_create_issue(
        hass,
        "canary",
        "canary",
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key="canary",
        translation_placeholders={"value": planted},
    )
    await scan.attempt(hass.services.async_call("canary", CANARY, blocking=True))
    await scan.attempt(_raise(f"a message with {planted}"))
    # A code in an event's path (an alert's detail) would reach the audit journal.
    fire_alert(hass, entry.runtime_data.name, "tamper", FRONT, detail=f"code {planted}")
    exports = Path(hass.config.path("housekey_exports"))
    exports.mkdir()
    (exports / "canary.hke").write_text(planted)

    places = await scan.collect(entry, ws)
    for canary in PLANTED:
        assert found(places, canary) == set(places), canary
    assert len(places) == 12


async def _raise(message: str) -> None:
    raise HomeAssistantError(message)
