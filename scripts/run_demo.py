"""Run Home Assistant with Housekey and a demo household (`make run`).

The first run writes `.run/config`: configuration.yaml, the login (Home Assistant's own
`auth` script), onboarding done, and the household as Home Assistant and Housekey store
it; Housekey writes the codes to the locks as Home Assistant starts. Later runs reuse it;
`--reset` starts afresh. `HOUSEKEY_PORT` changes the port (8123).
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / ".run" / "config"
PORT = int(os.environ.get("HOUSEKEY_PORT") or 8123)
USERNAME, PASSWORD = "demo", "housekey-demo"  # the demo's documented login
HOUSEHOLD = "Demo House"
#: the household's options, as Housekey's config flow stores them
OPTIONS = {"locks": [], "simulated_locks": 3, "pin_min": 6, "pin_max": 8}
OPTIONS |= {"audit_hours": 0, "pin_reuse_days": 90}
GUEST_DAYS = 3
MON_THU_MORNINGS = [{"days": ["mon", "thu"], "start": "09:00", "end": "12:00"}]
#: name, role, demo PIN, what the banner says, access beyond "every lock, any time"
PEOPLE: tuple[tuple[str, str, str, str, dict[str, Any]], ...] = (
    ("Alice", "admin", "482913", "admin, every lock", {}),
    ("Bob", "resident", "739154", "resident, every lock", {}),
    ("Carol", "resident", "610857", "resident, front door only", {"locks": ["lock.front_door"]}),
    ("Dana", "service", "905246", "cleaner, Mon + Thu 09:00-12:00", {"weekly": MON_THU_MORNINGS}),
    ("Eve", "guest", "258174", f"guest for {GUEST_DAYS} days (sponsor Alice)", {"sponsor": "p1"}),
)
CONFIGURATION = """\
# Written by scripts/run_demo.py. Not `default_config`: nothing here goes online.
homeassistant:
  name: Housekey demo
  time_zone: {}
frontend:
config:
history:
logbook:
recorder:
person:
system_health:
{}logger:
  default: warning
  logs:
    custom_components.housekey: info
  # Home Assistant always loads built-in integrations whose packages the demo does not
  # install (it runs with --skip-pip); their failing is expected.
  filters:
    homeassistant.setup:
      - "Unable to import component: No module named '(?!custom_components)"
      - "set ?up dependencies"
    # the demo installs no ffmpeg binary and no libturbojpeg: nothing in it uses them
    homeassistant.components.camera.img_util:
      - "libturbojpeg"
    haffmpeg.tools:
      - "FFmpeg"
    haffmpeg.core:
      - "FFmpeg"
"""
#: the web server, as YAML, for releases that read it from there (up to 2026.10)
HTTP_YAML = """\
http:
  server_host: 127.0.0.1
  server_port: !env_var HOUSEKEY_PORT 8123
"""


def http_store(port: int) -> dict[str, Any] | None:
    """Return the web server's Store, for releases that keep it there (2026.11 on), else None.

    Those releases stage an `http:` YAML section as a change to confirm in the UI within
    five minutes, so the demo writes the confirmed ("stable") settings itself.
    """
    try:
        from homeassistant.components.http import config
    except ImportError:
        return None
    if not hasattr(config, "HTTP_STORAGE_SCHEMA"):
        return None
    stable = dict(config.HTTP_STORAGE_SCHEMA({"server_port": port, "server_host": ["127.0.0.1"]}))
    stable["ssl_profile"] = str(stable["ssl_profile"].value)
    stable |= {"created_at": datetime.now(UTC).isoformat(), "error": None, "error_message": None}
    data = {"stable": stable, "pending": None, "yaml_migration_done": True}
    version, minor = config.STORAGE_VERSION, config.STORAGE_MINOR_VERSION
    return {"version": version, "minor_version": minor, "key": config.STORAGE_KEY, "data": data}


def write_http_store(config: Path) -> bool:
    """Write the web server's Store with the demo's port; return whether this release has one."""
    content = http_store(PORT)
    if content is not None:
        (config / ".storage" / "http").write_text(json.dumps(content, indent=2))
    return content is not None


def config_entry(domain: str, title: str, stamp: str, **fields: Any) -> dict[str, Any]:
    """Return a config entry as Home Assistant stores it."""
    entry = {"entry_id": uuid.uuid4().hex, "domain": domain, "title": title, "source": "user"}
    entry |= {"version": 1, "minor_version": 1, "created_at": stamp, "modified_at": stamp}
    entry |= {"data": {}, "options": {}, "unique_id": None, "subentries": []}
    entry |= {"disabled_by": None, "discovery_keys": {}, "pref_disable_new_entities": False}
    return entry | {"pref_disable_polling": False} | fields


def storage(now: datetime) -> dict[str, dict[str, Any]]:
    """Return the `.storage` files of a fresh demo by key, as their owners store them.

    tests/test_run_demo.py checks that Housekey loads them and puts the codes on the locks.
    """
    stamp = now.isoformat()
    guest = {"valid_from": stamp, "valid_until": (now + timedelta(days=GUEST_DAYS)).isoformat()}
    people = [
        {"person_id": f"p{number}", "name": name, "role": role, "created_at": stamp, "pin": pin}
        | {"pin_version": 1, **access, **(guest if role == "guest" else {})}
        for number, (name, role, pin, _, access) in enumerate(PEOPLE, 1)
    ]
    entry = config_entry("housekey", HOUSEHOLD, stamp, data={"name": HOUSEHOLD}, options=OPTIONS)
    # Off, as a user turns it off: Home Assistant's Marketplace (2026.11) polls GitHub.
    marketplace = config_entry("marketplace", "", stamp, source="system", disabled_by="user")
    household = {"next_number": len(people) + 1, "people": people, "retired": []}
    files = {
        "onboarding": (4, 1, {"done": ["user", "core_config", "analytics", "integration"]}),
        "core.config_entries": (1, 5, {"entries": [entry, marketplace]}),
        f"housekey.{entry['entry_id']}": (1, 2, {"household": household}),
    }
    return {
        key: {"version": major, "minor_version": minor, "key": key, "data": data}
        for key, (major, minor, data) in files.items()
    }


def local_zone() -> str:
    """Return this machine's IANA time zone (TZ, else /etc/localtime), else UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    name = name or str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2]
    return name if name in zoneinfo.available_timezones() else "UTC"


def create(config: Path) -> None:
    """Write a fresh config directory; it appears complete or not at all."""
    new = config.with_name(f"{config.name}.new")
    shutil.rmtree(new, ignore_errors=True)
    (new / ".storage").mkdir(parents=True)
    (new / "custom_components").mkdir()
    (new / "custom_components" / "housekey").symlink_to("../../../custom_components/housekey")
    time_zone = local_zone()
    http_yaml = "" if write_http_store(new) else HTTP_YAML
    (new / "configuration.yaml").write_text(CONFIGURATION.format(time_zone, http_yaml))
    auth = [sys.executable, "-m", "homeassistant", "--script", "auth", "-c", str(new)]
    subprocess.run([*auth, "add", USERNAME, PASSWORD], check=True, stdout=subprocess.DEVNULL)
    for key, content in storage(datetime.now(UTC)).items():
        # Private, like Home Assistant's own Stores: Housekey's holds the PINs.
        fd = os.open(new / ".storage" / key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as file:
            json.dump(content, file, indent=2)
    new.rename(config)
    print(f"Wrote {config.relative_to(REPO)} (time zone {time_zone})")


def banner(fresh: bool) -> str:
    """Return what a person needs to look around.

    The demo PINs are those of the household as seeded: shown only when it was just seeded,
    since people may have been offboarded, added or given new PINs since.
    """
    url = f"http://127.0.0.1:{PORT}"
    if fresh:
        pins = "Demo PINs (type one at a door: its lock card, or lock.unlock with a code):\n"
        pins += "\n".join(f"      {name:<6} {pin:<9} {note}" for name, _, pin, note, _ in PEOPLE)
    else:
        pins = "The demo PINs were shown when it was seeded (make run ARGS=--reset reseeds)."
    return f"""
 Housekey demo on {url} in a few seconds. Log in as {USERNAME} / {PASSWORD}
   Household "{HOUSEHOLD}": simulated keypad locks lock.front_door, lock.back_door and
   lock.garage_door. {pins}
   Open Housekey in the sidebar: {url}/housekey (doors, people, activity).
 Log: {CONFIG.relative_to(REPO)}/home-assistant.log. Ctrl+C stops; make run ARGS=--reset resets.
"""


def main() -> None:
    """Create the config on first use, then become Home Assistant."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="start from a fresh .run/config")
    if parser.parse_args().reset:
        shutil.rmtree(CONFIG, ignore_errors=True)
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"Something listens on 127.0.0.1:{PORT}; stop it or set HOUSEKEY_PORT.")
    fresh = not CONFIG.exists()
    if fresh:
        create(CONFIG)
    else:
        write_http_store(CONFIG)  # HOUSEKEY_PORT may have changed since
    print(banner(fresh), flush=True)
    # Home Assistant installs nothing (Housekey's after_dependencies would fetch the
    # Z-Wave, ZHA and Matter libraries, which simulated locks never use).
    hass = [sys.executable, "-m", "homeassistant", "-c", str(CONFIG), "--skip-pip"]
    os.execv(sys.executable, hass)  # noqa: S606


if __name__ == "__main__":
    main()
