"""Run Home Assistant with Housekey and a demo household (`make run`).

First run: writes a minimal Home Assistant config in `.run/config`, starts Home
Assistant, completes onboarding through its own HTTP API, creates the "Demo House"
household with three simulated keypad locks and adds a few people with the
Housekey actions. Later runs reuse `.run/config` and only start Home Assistant.

Standard library only. Options: `--reset` wipes `.run/config` first; `--verbose`
streams Home Assistant's console output. `HOUSEKEY_PORT` changes the port (8123).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RUN_DIR = REPO / ".run"
CONFIG_DIR = RUN_DIR / "config"
STATE_FILE = CONFIG_DIR / ".housekey_demo.json"
LOCK_FILE = RUN_DIR / "demo.lock"
INTEGRATION_DIR = REPO / "custom_components" / "housekey"

HOST = "127.0.0.1"
DEFAULT_PORT = 8123
USERNAME = "demo"
PASSWORD = "housekey-demo"  # the demo's documented login
OWNER_NAME = "Demo admin"
HOUSEHOLD = "Demo House"
FRONT_DOOR = "lock.front_door"

START_TIMEOUT = 300.0
#: `hass` exits with this code when asked to restart, expecting to be started again.
RESTART_EXIT_CODE = 100
REQUEST_TIMEOUT = 60.0
#: Logged by Home Assistant's bootstrap once every integration has been set up.
STARTED_MARKER = "Home Assistant initialized in"
#: Onboarding's core_config step starts flows for these integrations. Home Assistant runs
#: with --skip-pip, so their packages are never installed, the flows stop at import and
#: nothing reaches the internet (Met weather, Radio Browser, Google Translate TTS).
ONBOARDING_LEFTOVERS = ("google_translate", "met", "radio_browser", "shopping_list")

CONFIGURATION_YAML = """\
# Home Assistant for the Housekey demo, written by scripts/run_demo.py.
# `make run` reuses this directory; `python scripts/run_demo.py --reset` rewrites it.
# Deliberately not `default_config`: nothing here talks to the internet.
homeassistant:
  name: Housekey demo
  time_zone: {time_zone}
{country}
frontend:
config:
history:
logbook:
recorder:
person:
system_health:

http:
  server_host: {host}
  server_port: !env_var HOUSEKEY_PORT {port}

logger:
  default: info
"""


@dataclass(frozen=True, slots=True)
class DemoPerson:
    """One member of the demo household; `pin` is the demo PIN this script chooses."""

    name: str
    role: str
    pin: str
    note: str
    fields: dict[str, Any] = field(default_factory=dict)
    guest_days: int | None = None


DEMO_PEOPLE = (
    DemoPerson("Alice", "admin", "482913", "admin, every lock"),
    DemoPerson("Bob", "resident", "739154", "resident, every lock"),
    DemoPerson("Carol", "resident", "610857", "resident, front door only", {"locks": [FRONT_DOOR]}),
    DemoPerson(
        "Dana",
        "service",
        "905246",
        "cleaner, Mon + Thu 09:00-12:00 only",
        {"weekly": [{"days": ["mon", "thu"], "start": "09:00", "end": "12:00"}]},
    ),
    DemoPerson("Eve", "guest", "258174", "guest for 3 days, sponsored by Alice", guest_days=3),
)


class DemoError(Exception):
    """Setup could not finish; the message says why."""


class Stopped(Exception):
    """Ctrl+C or SIGTERM arrived."""


# ---- Home Assistant child process ---------------------------------------------------------


class HomeAssistant:
    """`hass -c .run/config` as a child process whose output is watched, not shown."""

    def __init__(self, port: int, *, verbose: bool, onboarding: bool) -> None:
        """Prepare, but do not start, Home Assistant."""
        self.port = port
        self.verbose = verbose
        self.onboarding = onboarding
        self.started = threading.Event()
        self.tail: collections.deque[str] = collections.deque(maxlen=60)
        self.process: subprocess.Popen[str] | None = None
        self.signals = 0

    def start(self) -> None:
        """Start Home Assistant in its own session; signals reach it only through us."""
        self.started.clear()
        hass = Path(sys.prefix) / "bin" / "hass"
        if not hass.exists():
            hass = REPO / ".venv" / "bin" / "hass"
        # Home Assistant installs nothing: the venv holds what the demo loads. (Housekey's
        # after_dependencies would otherwise make it install the Z-Wave, ZHA and Matter
        # libraries, which simulated locks never use.)
        command = [str(hass), "-c", str(CONFIG_DIR), "--skip-pip"]
        env = {**os.environ, "HOUSEKEY_PORT": str(self.port), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process is not None
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.tail.append(line.rstrip("\n"))
            if STARTED_MARKER in line:
                self.started.set()
            if self.verbose:
                sys.stdout.write(line)
                sys.stdout.flush()

    def running(self) -> bool:
        """Return whether the child is alive."""
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        """Ask Home Assistant to stop; a third request kills it."""
        self.signals += 1
        if not self.running():
            return
        assert self.process is not None
        if self.signals >= 3:
            self.process.kill()
        else:
            self.process.send_signal(signal.SIGTERM if signum == signal.SIGTERM else signal.SIGINT)

    def stop(self, timeout: float = 60.0) -> int:
        """Stop Home Assistant and return its exit code."""
        if self.process is None:
            return 0
        if self.running():
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def wait(self) -> int:
        """Wait for Home Assistant to exit; restart it when it asks to be restarted."""
        assert self.process is not None
        while (code := self.process.wait()) == RESTART_EXIT_CODE and self.signals == 0:
            print("Home Assistant asked for a restart; starting it again ...", flush=True)
            self.start()
        return code

    def exited_message(self) -> str:
        """Describe an unexpected exit, with the last lines Home Assistant printed."""
        code = self.process.poll() if self.process else None
        lines = "\n".join(f"    {line}" for line in list(self.tail)[-25:])
        return f"Home Assistant exited with code {code}. Its last output:\n{lines}"


# ---- HTTP -----------------------------------------------------------------------------------


class Api:
    """A tiny client for Home Assistant's HTTP API."""

    def __init__(self, port: int) -> None:
        """Talk to Home Assistant on 127.0.0.1:port."""
        self.base = f"http://{HOST}:{port}"
        self.client_id = f"{self.base}/"
        self.token: str | None = None

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        form: dict[str, str] | None = None,
        auth: bool = True,
        timeout: float = REQUEST_TIMEOUT,
    ) -> tuple[int, Any]:
        """Send one request; return the status and the decoded JSON body (or text)."""
        headers = {"Accept": "application/json"}
        data: bytes | None = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        except OSError as err:  # refused, reset, timed out
            raise DemoError(f"{method} {path}: {err}") from err
        text = raw.decode(errors="replace")
        try:
            return status, json.loads(text) if text else None
        except json.JSONDecodeError:
            return status, text

    def expect(
        self, method: str, path: str, body: dict[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        """Send one request and return its body; any non-2xx status is a DemoError."""
        status, answer = self.call(method, path, body, **kwargs)
        if not 200 <= status < 300:
            message = answer.get("message", answer) if isinstance(answer, dict) else answer
            if status == 500:
                # The REST API hides why; Home Assistant's log has the exception.
                message = last_logged_exception() or message
            raise DemoError(f"{method} {path} answered {status}: {message}")
        return answer

    def answers(self) -> bool:
        """Return whether the HTTP server answers at all."""
        try:
            self.call("GET", "/manifest.json", auth=False, timeout=2)
        except DemoError:
            return False
        return True

    def action(self, service: str, data: dict[str, Any]) -> dict[str, Any]:
        """Call a Housekey action and return its response."""
        path = f"/api/services/housekey/{service}?return_response"
        answer = self.expect("POST", path, data)
        response: dict[str, Any] = answer.get("service_response") or {}
        return response


# ---- helpers --------------------------------------------------------------------------------


def local_time_zone() -> str:
    """Return this machine's IANA time zone name, or UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        candidates.append(str(localtime.resolve()).partition("zoneinfo/")[2])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    for name in candidates:
        if not name or name.startswith("/"):
            continue
        try:
            zoneinfo.ZoneInfo(name)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            continue
        return name
    return "UTC"


def local_country(time_zone: str) -> str | None:
    """Return this machine's ISO country: from zone.tab for the time zone, else the locale."""
    with contextlib.suppress(OSError):
        for line in Path("/usr/share/zoneinfo/zone.tab").read_text().splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and not line.startswith("#") and parts[2] == time_zone:
                return parts[0]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        # e.g. en_GB.UTF-8 -> GB
        region = os.environ.get(var, "").partition(".")[0].partition("_")[2]
        if len(region) == 2 and region.isalpha() and region.isupper():
            return region
    return None


def last_logged_exception() -> str | None:
    """Return the last exception line of Home Assistant's log (`Module.Error: text`)."""
    try:
        lines = (CONFIG_DIR / "home-assistant.log").read_text(errors="replace").splitlines()
    except OSError:
        return None
    for line in reversed(lines[-400:]):
        head, sep, _ = line.partition(": ")
        if sep and " " not in head and head.endswith(("Error", "Exception")):
            return line
    return None


def port_in_use(port: int) -> bool:
    """Return whether something already listens on 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((HOST, port)) == 0


def load_state() -> dict[str, Any]:
    """Return what earlier runs finished."""
    try:
        state: dict[str, Any] = json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return state


def save_state(state: dict[str, Any]) -> None:
    """Record progress so an interrupted first run resumes where it stopped."""
    tmp = STATE_FILE.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n")
    tmp.replace(STATE_FILE)


def step(message: str) -> None:
    """Print one setup step."""
    print(f"  - {message}", flush=True)


def prepare_config() -> None:
    """Write the config directory on first use and link the integration into it."""
    CONFIG_DIR.mkdir(parents=True, exist_ok=True)
    configuration = CONFIG_DIR / "configuration.yaml"
    if not configuration.exists():
        time_zone = local_time_zone()
        country = local_country(time_zone)
        configuration.write_text(
            CONFIGURATION_YAML.format(
                time_zone=time_zone,
                country=f"  country: {country}\n" if country else "",
                host=HOST,
                port=DEFAULT_PORT,
            )
        )
        step(f"wrote {configuration.relative_to(REPO)} (time zone {time_zone})")
    link = CONFIG_DIR / "custom_components" / "housekey"
    link.parent.mkdir(exist_ok=True)
    target = Path(os.path.relpath(INTEGRATION_DIR, link.parent))
    if link.is_symlink() and link.readlink() == target:
        return
    if link.is_symlink() or link.is_file():
        link.unlink()
    elif link.exists():
        shutil.rmtree(link)
    link.symlink_to(target, target_is_directory=True)


def wait_until_up(api: Api, hass: HomeAssistant) -> None:
    """Wait for the HTTP server, then for Home Assistant to finish starting."""
    deadline = time.monotonic() + START_TIMEOUT
    while not api.answers():
        if not hass.running():
            raise DemoError(hass.exited_message())
        if time.monotonic() > deadline:
            raise DemoError(f"{api.base} did not answer within {START_TIMEOUT:.0f} s")
        time.sleep(0.5)
    # HTTP comes up early in the bootstrap; onboarding should find `person` loaded.
    while not hass.started.wait(0.5):
        if not hass.running():
            raise DemoError(hass.exited_message())
        if time.monotonic() > deadline:
            break


# ---- first-run setup ------------------------------------------------------------------------


def exchange_code(api: Api, code: str) -> None:
    """Trade an authorization code for an access token."""
    answer = api.expect(
        "POST",
        "/auth/token",
        form={"grant_type": "authorization_code", "code": code, "client_id": api.client_id},
        auth=False,
    )
    api.token = answer["access_token"]


def log_in(api: Api) -> None:
    """Log in as the demo owner through the login flow (resuming an interrupted setup)."""
    flow = api.expect(
        "POST",
        "/auth/login_flow",
        {
            "client_id": api.client_id,
            "handler": ["homeassistant", None],
            "redirect_uri": api.client_id,
        },
        auth=False,
    )
    result = api.expect(
        "POST",
        f"/auth/login_flow/{flow['flow_id']}",
        {"client_id": api.client_id, "username": USERNAME, "password": PASSWORD},
        auth=False,
    )
    if result.get("type") != "create_entry":
        raise DemoError(
            f"could not log in as {USERNAME!r} ({result.get('errors')}); "
            "run with --reset to start over"
        )
    exchange_code(api, result["result"])


def onboard(api: Api) -> None:
    """Complete Home Assistant's onboarding as the frontend would, or log in if done."""
    status, answer = api.call("GET", "/api/onboarding", auth=False)
    # Once onboarding is complete, Home Assistant no longer serves its views.
    steps = {s["step"]: s["done"] for s in answer} if status == 200 else {}
    if status == 404:
        steps = {"user": True, "core_config": True, "analytics": True, "integration": True}
    elif status != 200:
        raise DemoError(f"GET /api/onboarding answered {status}: {answer}")
    if not steps.get("user"):
        answer = api.expect(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": api.client_id,
                "name": OWNER_NAME,
                "username": USERNAME,
                "password": PASSWORD,
                "language": "en",
            },
            auth=False,
        )
        exchange_code(api, answer["auth_code"])
        step(f"onboarding: created owner {USERNAME!r} ({OWNER_NAME})")
    else:
        log_in(api)
    if not steps.get("core_config"):
        api.expect("POST", "/api/onboarding/core_config", {})
        remove_onboarding_leftovers(api)
    if not steps.get("analytics"):
        api.expect("POST", "/api/onboarding/analytics", {})
    if not steps.get("integration"):
        api.expect(
            "POST",
            "/api/onboarding/integration",
            {"client_id": api.client_id, "redirect_uri": f"{api.client_id}?auth_callback=1"},
        )
    step("onboarding: finished (core config, analytics off, integration)")


def remove_onboarding_leftovers(api: Api, timeout: float = 15.0) -> None:
    """Delete the entries onboarding's core_config step creates (TTS, shopping list).

    The step starts its flows as background tasks; wait for the two that can load
    without the skipped packages, then delete whatever of the four was created.
    """
    expected = {"google_translate", "shopping_list"}
    seen: set[str] = set()
    deadline = time.monotonic() + timeout
    while True:
        for entry in api.expect("GET", "/api/config/config_entries/entry"):
            if entry["domain"] in ONBOARDING_LEFTOVERS:
                seen.add(entry["domain"])
                api.expect("DELETE", f"/api/config/config_entries/entry/{entry['entry_id']}")
        if seen >= expected or time.monotonic() > deadline:
            return
        time.sleep(0.5)


def create_household(api: Api) -> str:
    """Create the household through the config flow and return its entry id."""
    for entry in api.expect("GET", "/api/config/config_entries/entry?domain=housekey"):
        if entry["title"] == HOUSEHOLD:
            return str(entry["entry_id"])
    flow = api.expect(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": "housekey", "show_advanced_options": False},
    )
    if flow.get("type") != "form":
        raise DemoError(f"the Housekey config flow did not show its form: {flow}")
    fields = {item["name"] for item in flow.get("data_schema", [])}
    user_input: dict[str, Any] = {
        "name": HOUSEHOLD,
        "simulated_locks": 3,
        "pin_min": 6,
        "pin_max": 8,
    }
    if "locks" in fields:
        user_input["locks"] = []
    result = api.expect("POST", f"/api/config/config_entries/flow/{flow['flow_id']}", user_input)
    if result.get("type") != "create_entry":
        raise DemoError(f"the Housekey config flow refused the household: {result}")
    entry_id = str(result["result"]["entry_id"])
    step(f"created household {HOUSEHOLD!r} with 3 simulated locks (entry {entry_id})")
    return entry_id


def wait_for_entity(api: Api, entity_id: str, timeout: float = 30.0) -> None:
    """Wait until an entity has a state."""
    deadline = time.monotonic() + timeout
    while True:
        status, _ = api.call("GET", f"/api/states/{entity_id}")
        if status == 200:
            return
        if time.monotonic() > deadline:
            locks = [
                s["entity_id"]
                for s in api.expect("GET", "/api/states")
                if s["entity_id"].startswith("lock.")
            ]
            raise DemoError(f"{entity_id} did not appear; lock entities: {locks or 'none'}")
        time.sleep(0.5)


def add_people(api: Api, entry_id: str, state: dict[str, Any]) -> None:
    """Add the demo people with Housekey's actions."""
    done: list[str] = state.setdefault("people", [])
    # A run stopped between an action and saving its progress already added that person.
    present = {
        s["attributes"].get("friendly_name")
        for s in api.expect("GET", "/api/states")
        if s["entity_id"].startswith("sensor.") and "person_id" in s["attributes"]
    }
    for person in DEMO_PEOPLE:
        if person.name in done:
            continue
        if f"{HOUSEHOLD} {person.name}" in present:
            done.append(person.name)
            save_state(state)
            continue
        data: dict[str, Any] = {"config_entry_id": entry_id, "name": person.name, **person.fields}
        if person.guest_days is not None:
            until = datetime.now(UTC).astimezone() + timedelta(days=person.guest_days)
            data |= {"valid_until": until.isoformat(timespec="seconds"), "sponsor": "Alice"}
            # A guest's PIN is generated and returned once; the demo replaces it with its
            # own, so the generated one is never printed.
            answer = api.action("add_guest", data)
            api.action(
                "set_pin",
                {"config_entry_id": entry_id, "person": answer["person_id"], "pin": person.pin},
            )
        else:
            api.action("add_person", data | {"role": person.role, "pin": person.pin})
        done.append(person.name)
        save_state(state)
        step(f"added {person.name} ({person.note})")


def first_run(api: Api, state: dict[str, Any]) -> None:
    """Onboard, create the household and its people; resumable step by step."""
    resuming = "onboarded" in state
    print(
        "Resuming the demo setup ..." if resuming else "First run: setting up the demo ...",
        flush=True,
    )
    onboard(api)
    state["onboarded"] = True
    save_state(state)
    entry_id = create_household(api)
    state["entry_id"] = entry_id
    save_state(state)
    wait_for_entity(api, FRONT_DOOR)
    add_people(api, entry_id, state)
    sync = api.action("sync", {"config_entry_id": entry_id})
    step("codes written to the locks: " + ", ".join(f"{k} {v}" for k, v in sorted(sync.items())))
    # Onboarding's core_config step logged errors for the flows it could not load;
    # they are expected here, so the log page starts clean (home-assistant.log keeps them).
    api.expect("POST", "/api/services/system_log/clear", {})
    state["complete"] = True
    save_state(state)


# ---- banner and main ------------------------------------------------------------------------


def banner(port: int, seconds: float, *, first: bool) -> str:
    """Return what a person needs to look around."""
    url = f"http://{HOST}:{port}"
    pins = "\n".join(f"      {p.name:<6} {p.pin:<9} {p.note}" for p in DEMO_PEOPLE)
    how = "set up and started" if first else "started; set up on an earlier run"
    return f"""
================================================================================
 Housekey demo is running: {url}
 ({how}, {seconds:.0f} s)

   Log in as   {USERNAME} / {PASSWORD}

   Demo household "{HOUSEHOLD}" with simulated keypad locks lock.front_door,
   lock.back_door and lock.garage_door. Demo PINs:
{pins}

 Look at:
   - Settings > Devices & services > Housekey: the household and its locks
     {url}/config/integrations/integration/housekey
   - the people sensors (status of each person) and each lock's "Code sync" sensor:
     {url}/config/entities?search=housekey
   - Developer tools > Actions: `lock.unlock` on lock.front_door with a code, e.g.
     Carol's on the back door is refused, Dana's only works Mon/Thu 09-12.
     Or call housekey.add_guest / suspend_person / offboard_person.
   - Logbook: every access and admin change   {url}/logbook

 Home Assistant's log: {CONFIG_DIR.relative_to(REPO)}/home-assistant.log
 Stop with Ctrl+C. Start over with: make run ARGS=--reset
================================================================================
"""


def run(port: int, *, verbose: bool, began: float) -> int:
    """Start Home Assistant, set the demo up on first run, and wait; return the exit code."""
    state = load_state()
    first = not state.get("complete")
    hass = HomeAssistant(port, verbose=verbose, onboarding=first)

    def forward(signum: int, _frame: FrameType | None) -> None:
        hass.signal(signum)
        raise Stopped

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    api = Api(port)
    print(f"Starting Home Assistant on http://{HOST}:{port} ...", flush=True)
    try:
        hass.start()
        wait_until_up(api, hass)
        if first:
            first_run(api, state)
        print(banner(port, time.monotonic() - began, first=first), flush=True)
        code = hass.wait()
    except Stopped:
        signal.signal(signal.SIGINT, lambda signum, _frame: hass.signal(signum))
        signal.signal(signal.SIGTERM, lambda signum, _frame: hass.signal(signum))
        if hass.process is not None:
            print("\nStopping Home Assistant ...", flush=True)
            hass.wait()
            print("Home Assistant stopped.", flush=True)
        return 0
    except DemoError as err:
        print(f"\nDemo setup failed: {err}", file=sys.stderr, flush=True)
        if hass.running():
            print("Stopping Home Assistant ...", file=sys.stderr, flush=True)
            hass.stop()
        print("Run `make run` again to resume, or add --reset to start over.", file=sys.stderr)
        return 1
    finally:
        hass.stop()  # only does something when leaving on an unexpected error
    if code != 0:
        print(hass.exited_message(), file=sys.stderr)
    return code


def main() -> int:
    """Parse the options, claim `.run`, prepare the config and run the demo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="wipe .run/config first")
    parser.add_argument(
        "--verbose", action="store_true", help="show Home Assistant's console output"
    )
    args = parser.parse_args()
    port = int(os.environ.get("HOUSEKEY_PORT") or DEFAULT_PORT)
    began = time.monotonic()

    RUN_DIR.mkdir(exist_ok=True)
    with LOCK_FILE.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            print(f"Another demo already runs from {RUN_DIR.relative_to(REPO)}.", file=sys.stderr)
            return 1
        if args.reset and CONFIG_DIR.exists():
            shutil.rmtree(CONFIG_DIR)
            print(f"Removed {CONFIG_DIR.relative_to(REPO)}", flush=True)
        if port_in_use(port):
            print(
                f"Something already listens on {HOST}:{port}. Stop it or set HOUSEKEY_PORT.",
                file=sys.stderr,
            )
            return 1
        prepare_config()
        return run(port, verbose=args.verbose, began=began)


if __name__ == "__main__":
    sys.exit(main())
