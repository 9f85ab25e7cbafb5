"""Home Assistant's real web server in this process, and a headless Chromium to visit it.

The browser runs in its own Node process (driver.mjs, a line protocol) for a whole test
module; each test opens fresh pages (browser contexts). Tests are coroutines on Home
Assistant's event loop, and the browser talks to that same Home Assistant: every request
is sent from a worker thread (`asyncio.to_thread`), so the loop keeps serving the browser
while the test waits for it. The benchmark (bench/panel.py) uses the same pieces.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import threading
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest.mock import patch

from homeassistant.auth.models import User
from homeassistant.auth.providers.homeassistant import HassAuthProvider
from homeassistant.components.http import config as http_config
from homeassistant.components.onboarding import const as onboarding
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

BROWSER_DIR = Path(__file__).parent
DRIVER = BROWSER_DIR / "driver.mjs"
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = BROWSER_DIR / "screenshots"
#: Playwright's own limit for one step (ms), and ours for its answer (s) on top of it
STEP_MS = 30_000
ANSWER_S = STEP_MS / 1000 + 20


def free_port() -> int:
    """Return a loopback port nobody listens on (each xdist worker gets its own)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def serve(hass: HomeAssistant, storage: dict[str, Any]) -> str:
    """Start Home Assistant's web server and frontend on a free loopback port; return its URL.

    `storage` is Home Assistant's (mocked) storage: onboarding is marked done in it, and
    the web server's settings are stored as an admin confirmed them (settings that came
    from YAML would be a trial the frontend asks to confirm, and reverts unconfirmed).
    """
    storage[onboarding.DOMAIN] = {
        "version": 4,
        "minor_version": 1,
        "key": onboarding.DOMAIN,
        "data": {"done": list(onboarding.STEPS)},
    }
    port = free_port()
    listen = http_config.HTTP_STORAGE_SCHEMA({"server_host": ["127.0.0.1"], "server_port": port})
    storage[http_config.STORAGE_KEY] = {
        "version": http_config.STORAGE_VERSION,
        "minor_version": http_config.STORAGE_MINOR_VERSION,
        "key": http_config.STORAGE_KEY,
        "data": {
            "stable": {**listen, "created_at": "2026-01-01T00:00:00+00:00", "error": None},
            "pending": None,
            "yaml_migration_done": True,
        },
    }
    # The source address is looked up by opening a socket towards a public address: here
    # it is loopback by definition, and the test sockets may reach nothing else.
    with patch("homeassistant.components.http.async_get_source_ip", return_value="127.0.0.1"):
        assert await async_setup_component(hass, "http", {})
    assert await async_setup_component(hass, "frontend", {})
    await hass.async_block_till_done()
    return f"http://127.0.0.1:{port}"


async def login_provider(hass: HomeAssistant) -> HassAuthProvider:
    """Add Home Assistant's username-and-password provider (the login page's form)."""
    provider = HassAuthProvider(hass, hass.auth._store, {"type": "homeassistant"})
    await provider.async_initialize()
    hass.auth._providers[(provider.type, provider.id)] = provider
    return provider


async def add_user(
    hass: HomeAssistant, provider: HassAuthProvider, login: tuple[str, str], group: str
) -> User:
    """Create a Home Assistant user who logs in with a username and password."""
    username, password = login
    await provider.async_add_auth(username, password)
    credentials = await provider.async_get_or_create_credentials({"username": username})
    user = await hass.auth.async_create_user(username.title(), group_ids=[group])
    await hass.auth.async_link_user(user, credentials)
    return user


class BrowserError(AssertionError):
    """A browser step failed or did not answer: the test fails with what the page logged."""


class Driver:
    """The Node process that owns the browser; one request at a time, each with a timeout."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("wb")
        self._proc = subprocess.Popen(
            ["node", str(DRIVER)],
            cwd=BROWSER_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env={**os.environ, "HOUSEKEY_BROWSER_TIMEOUT": str(STEP_MS)},
            start_new_session=True,  # its own process group: the browser goes with it
        )
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, name="browser-driver", daemon=True)
        self._reader.start()
        self._lock = threading.Lock()
        self._next_id = 0
        self.version = self._receive(0, 60)

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._answers.put(json.loads(line))
        self._answers.put(None)

    def _receive(self, request_id: int, timeout: float) -> Any:
        try:
            answer = self._answers.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise BrowserError(f"the browser did not answer in {timeout:.0f} s") from None
        if answer is None:
            raise BrowserError(f"the browser driver exited: {self.stderr()}")
        assert answer["id"] == request_id, answer
        if not answer["ok"]:
            console = "\n".join(answer.get("console") or [])
            raise BrowserError(f"{answer['error']}\n-- page console --\n{console}")
        return answer["result"]

    def request(self, op: str, **fields: Any) -> Any:
        """Send one request and wait for its answer (blocking: call it from a thread)."""
        with self._lock:
            self._next_id += 1
            request_id = self._next_id
            assert self._proc.stdin is not None
            self._proc.stdin.write(json.dumps({"id": request_id, "op": op, **fields}).encode())
            self._proc.stdin.write(b"\n")
            self._proc.stdin.flush()
            return self._receive(request_id, ANSWER_S)

    async def arequest(self, op: str, **fields: Any) -> Any:
        """Send one request from a worker thread, so Home Assistant's loop keeps running."""
        return await asyncio.to_thread(self.request, op, **fields)

    def stderr(self) -> str:
        self._log.flush()
        return Path(self._log.name).read_text(errors="replace")[-4000:]

    def kill(self) -> None:
        """End the driver's process group (Node and every Chromium process it started)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signal.SIGKILL)
        self._proc.wait(10)

    def close(self) -> None:
        """Ask the driver to close the browser; kill it if it does not within a few seconds."""
        if self._proc.poll() is None:
            with contextlib.suppress(Exception):
                assert self._proc.stdin is not None
                self._proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(10)
        self.kill()
        self._reader.join(5)
        self._log.close()


class Page:
    """One browser context and its page, named on the driver's side."""

    def __init__(self, driver: Driver, name: str, base_url: str) -> None:
        self.driver = driver
        self.name = name
        self.base_url = base_url

    async def open(self, path: str = "/", **options: Any) -> None:
        await self.driver.arequest("open", page=self.name, url=self.base_url + path, **options)

    async def close(self) -> None:
        await self.driver.arequest("close", page=self.name)

    async def call(self, method: str, *args: Any) -> Any:
        """Call a method of Playwright's page (goto, waitForURL, screenshot, ...)."""
        return await self.driver.arequest("page", page=self.name, method=method, args=list(args))

    async def on(self, selector: str, method: str, *args: Any) -> Any:
        """Call a method of a Playwright locator (click, fill, waitFor, count, ...)."""
        return await self.driver.arequest(
            "locator", page=self.name, selector=selector, method=method, args=list(args)
        )

    async def evaluate(self, expression: str) -> Any:
        return await self.driver.arequest("evaluate", page=self.name, expression=expression)

    async def all_text(self) -> str:
        """Return every text the page holds, inside open shadow roots too."""
        return str(await self.driver.arequest("text", page=self.name))

    async def set_time(self, moment: datetime) -> None:
        """Make the page's clock (Date) read `moment`, as Home Assistant's does; timers run."""
        await self.driver.arequest(
            "clock", page=self.name, method="setFixedTime", args=[moment.isoformat()]
        )

    async def goto(self, path: str) -> None:
        await self.call("goto", self.base_url + path)

    async def wait(self, selector: str, state: str = "visible") -> None:
        await self.on(selector, "waitFor", {"state": state})

    async def click(self, selector: str) -> None:
        await self.on(selector, "click")

    async def fill(self, selector: str, value: str) -> None:
        await self.on(selector, "fill", value)

    async def text(self, selector: str) -> str:
        return str(await self.on(selector, "innerText"))

    async def count(self, selector: str) -> int:
        return int(await self.on(selector, "count"))

    async def attr(self, selector: str, name: str) -> str | None:
        value = await self.on(selector, "getAttribute", name)
        return None if value is None else str(value)

    async def attrs(self, selector: str, *names: str) -> list[tuple[str | None, ...]]:
        """Return those attributes of every element the selector finds, read at one moment."""
        found = await self.driver.arequest(
            "attrs", page=self.name, selector=selector, names=list(names)
        )
        return [tuple(values) for values in found]

    async def qr(self, selector: str) -> str | None:
        """Return what the QR code an element shows on screen says (None: none could be read)."""
        found = await self.driver.arequest("qr", page=self.name, selector=selector)
        return None if found is None else str(found)

    async def download(self, selector: str, path: Path) -> str:
        """Click what starts a download, save the file at `path`; return the name it came with."""
        name = await self.driver.arequest(
            "download", page=self.name, selector=selector, path=str(path)
        )
        return str(name)

    async def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        await self.call("screenshot", {"path": str(path), "fullPage": True})
        return path


async def log_in(page: Page, login: tuple[str, str], **options: Any) -> None:
    """Open Home Assistant and log in through its real login page."""
    await page.open("/", **options)
    await page.call("waitForURL", "**/auth/authorize**")
    username, password = login
    await page.fill("input[name=username]", username)
    await page.fill("input[name=password]", password)
    await page.on("input[name=password]", "press", "Enter")
    await page.wait("home-assistant ha-sidebar")
    await page.wait("#ha-launch-screen", "detached")
