"""The real Matter stack: a matter.js door lock commissioned by a real python-matter-server.

Two processes, as a Matter installation has them:
- `stack/door_lock.mjs`: a Matter device built with matter.js, whose Door Lock cluster keeps
  users, PIN credentials and schedules itself. Its control socket (TCP on loopback) is the
  test's hand on the lock: what it holds (PINs in clear, read from the lock's own store), a
  code typed at its keypad, a code programmed at its keypad.
- python-matter-server (the CHIP SDK controller Home Assistant's matter integration speaks to),
  from its own venv, in a private mount namespace: the SDK keeps files at fixed paths (/data,
  /tmp/chip_kvs), so each server gets its own directories there.

Matter runs over IPv6 link-local addresses and mDNS, which both sides ignore on loopback: the
stack adds a veth pair to the network namespace the tests run in (`scripts/py314.sh run REL
--offline` gives them one with only loopback); both ends stay in it, so nothing leaves it. The
server commissions the lock on the network with its setup code, filtered by its discriminator,
once per stack; Home Assistant's matter integration then connects to the server's websocket.

One stack serves the tests of a module: the first test that needs it starts it (inside a test,
where pytest-socket lets it pick free ports and reach the websocket), a module-scoped fixture
stops it. Between tests the lock's tables are emptied through its control socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import selectors
import shutil
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

STACK_DIR = Path(__file__).parent / "stack"
SERVER_PYTHON = STACK_DIR / "server-venv" / "bin" / "python"
NODE = os.environ.get("NODE", "node")
START_TIMEOUT = 60.0
#: the time zone of the matter.js lock's clock
LOCK_TIME_ZONE = "Europe/Berlin"
COMMISSION_TIMEOUT = 60.0
#: Both processes get SIGTERM when the test process dies, however it dies: nothing of the
#: stack outlives the run (the network namespace would live on with them).
ORPHANS_DIE = ("setpriv", "--pdeathsig", "TERM")
#: Passcodes the Matter specification forbids (and 0).
FORBIDDEN_PASSCODES = frozenset(
    {0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999}
    | {12345678, 87654321}
)


class StackError(RuntimeError):
    """The stack did not do what the test asked."""


def free_port(kind: socket.SocketKind = socket.SOCK_STREAM) -> int:
    """Return a port nobody uses right now (TCP on loopback, or UDP on every address)."""
    with socket.socket(socket.AF_INET6 if kind == socket.SOCK_DGRAM else socket.AF_INET, kind) as s:
        s.bind(("::" if kind == socket.SOCK_DGRAM else "127.0.0.1", 0))
        return int(s.getsockname()[1])


def missing() -> str | None:
    """Return why the real stack cannot run here, or None when it can."""
    if shutil.which(NODE) is None or not (STACK_DIR / "node_modules" / "@matter" / "main").is_dir():
        return "the matter.js lock is not installed: run scripts/e2e_deps.sh (make e2e-deps)"
    if not SERVER_PYTHON.exists() or not Path("/data").is_dir():
        return "python-matter-server is not installed: run scripts/e2e_deps.sh (make e2e-deps)"
    if os.geteuid() != 0 or not all(shutil.which(tool) for tool in ("ip", "unshare", "setpriv")):
        return "the real Matter stack needs root, ip, unshare, setpriv (scripts/py314.sh --offline)"
    others = sorted(
        name for name in _interfaces() if name != "lo" and not name.startswith(VETH_PREFIX)
    )
    if others:
        # the veth pair must go into a namespace of the tests' own, never the host's
        return (
            f"the network namespace has interfaces besides loopback ({', '.join(others)}): "
            "run the tests with scripts/py314.sh run REL --offline"
        )
    return None


VETH_PREFIX = "hkm"


@dataclass
class MatterStack:
    """One matter.js lock and one python-matter-server, shared by the tests of a module."""

    workdir: Path
    passcode: int = field(default_factory=lambda: _passcode())
    discriminator: int = field(default_factory=lambda: secrets.randbelow(4096))
    ws_port: int = 0
    control_port: int = 0
    node_id: int | None = None
    lock: subprocess.Popen[bytes] | None = None
    server: subprocess.Popen[bytes] | None = None
    veth: tuple[str, str] = ("", "")

    @property
    def server_dir(self) -> Path:
        """The server's own directories: data/ (its /data) and tmp/ (its /tmp)."""
        return self.workdir / "server"

    @property
    def url(self) -> str:
        """The websocket URL Home Assistant's matter integration connects to."""
        return f"ws://127.0.0.1:{self.ws_port}/ws"

    # ---- lifecycle ----------------------------------------------------------------------

    async def ready(self) -> int:
        """Start the stack and commission the lock, once; return the lock's node id."""
        if self.node_id is None:
            if self.lock is None:
                await self._start()
            self.node_id = await self._commission()
        return self.node_id

    async def _start(self) -> None:
        """Add the veth pair, start the lock; once it wrote its PAA, start the server."""
        self._spawn_lock()
        assert self.lock is not None
        self.control_port = (await self._ready_line(self.lock, "lock.log"))["control"]
        self._spawn_server()

    def _spawn_lock(self) -> None:
        """Add the veth pair and start the matter.js lock on its end.

        The processes outlive the test that starts them, so they are plain Popen children,
        bound to no event loop.
        """
        self.workdir.mkdir(parents=True, exist_ok=True)
        tag = f"{VETH_PREFIX}{os.getpid() % 100000}"
        self.veth = (f"{tag}s", f"{tag}l")  # the server's end, the lock's end
        _ip("link", "add", self.veth[0], "type", "veth", "peer", "name", self.veth[1])
        for name in self.veth:
            # no duplicate address detection: the link-local address is usable at once
            Path(f"/proc/sys/net/ipv6/conf/{name}/accept_dad").write_text("0")
            _ip("link", "set", name, "up")
        paa = self.server_dir / "data" / "paa"
        for sub in (self.server_dir / "tmp", paa):
            sub.mkdir(parents=True, exist_ok=True)
        # a fresh PAA store: fetched "just now", so the server asks no DCL for more
        (paa / ".version").write_text("1")
        with (self.workdir / "lock.log").open("ab") as log:
            self.lock = subprocess.Popen(
                [
                    *ORPHANS_DIE,
                    NODE,
                    str(STACK_DIR / "door_lock.mjs"),
                    *("--port", str(free_port(socket.SOCK_DGRAM))),
                    *("--passcode", str(self.passcode)),
                    *("--discriminator", str(self.discriminator)),
                    *("--paa-out", str(paa / "matter-test-paa.der")),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=STACK_DIR,
                env={
                    **os.environ,
                    "MATTER_STORAGE_PATH": str(self.workdir / "lock"),
                    # the lock's clock shows the household's time (the tests' Home Assistant
                    # runs in this zone when it asserts on schedules)
                    "TZ": LOCK_TIME_ZONE,
                    "MATTER_MDNS_NETWORKINTERFACE": self.veth[1],
                },
            )

    def _spawn_server(self) -> None:
        """Start python-matter-server with /data and /tmp of its own (a mount namespace)."""
        self.ws_port = free_port()
        script = (
            'mount --bind "$1/data" /data && mount --bind "$1/tmp" /tmp && exec "$2" '
            "-m matter_server.server --storage-path /data/storage --paa-root-cert-dir /data/paa "
            f"--listen-address 127.0.0.1 --port {self.ws_port} "
            f"--primary-interface {self.veth[0]} --log-level info"
        )
        unshare = [*ORPHANS_DIE, "unshare", "--mount", "--propagation", "unchanged"]
        args = [str(self.server_dir), str(SERVER_PYTHON)]
        with (self.workdir / "server.log").open("ab") as log:
            self.server = subprocess.Popen(
                [*unshare, "sh", "-c", script, "sh", *args],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        """Stop both processes and remove the veth pair."""
        if self.server is not None:
            _end(self.server, signal_first=True)
            self.server = None
        if self.lock is not None:
            _end(self.lock, signal_first=False)
            self.lock = None
        if self.veth[0]:
            with contextlib.suppress(StackError):
                _ip("link", "del", self.veth[0])  # takes its peer with it

    async def _ready_line(self, proc: subprocess.Popen[bytes], log: str) -> dict[str, Any]:
        """Wait for the start-up line a process prints on stdout (without blocking the loop)."""
        assert proc.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT
        with selectors.DefaultSelector() as selector:
            selector.register(proc.stdout, selectors.EVENT_READ)
            while not selector.select(0):
                if time.monotonic() > deadline:
                    raise StackError(f"no start-up line; see {self.workdir / log}")
                await asyncio.sleep(0.05)
        line = proc.stdout.readline()
        if not line:
            raise StackError(f"the process exited during start-up; see {self.workdir / log}")
        data: dict[str, Any] = json.loads(line)
        return data

    async def _commission(self) -> int:
        """Have the server commission the lock on the network; return its node id.

        One command on the server's websocket API, spoken directly: the server's own filter
        arguments (MatterClient does not pass them on; 2 is the long discriminator, so only
        this stack's lock answers), and no client left behind with timers in the test's loop.
        """
        async with aiohttp.ClientSession() as session:
            ws = await self._connect(session)
            try:
                await asyncio.wait_for(ws.receive_json(), START_TIMEOUT)  # the server's info
                await ws.send_json(
                    {
                        "message_id": "commission",
                        "command": "commission_on_network",
                        "args": {
                            "setup_pin_code": self.passcode,
                            "filter_type": 2,
                            "filter": self.discriminator,
                        },
                    }
                )
                async with asyncio.timeout(COMMISSION_TIMEOUT):
                    while (answer := await ws.receive_json()).get("message_id") != "commission":
                        pass
            finally:
                await ws.close()
        if "result" not in answer:
            raise StackError(f"commissioning failed: {answer}; see {self.workdir / 'server.log'}")
        return int(answer["result"]["node_id"])

    async def _connect(self, session: aiohttp.ClientSession) -> aiohttp.ClientWebSocketResponse:
        """Open the server's websocket as soon as it accepts."""
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.server is None or self.server.poll() is not None:
                raise StackError(f"the Matter server exited; see {self.workdir / 'server.log'}")
            try:
                return await session.ws_connect(self.url)
            except aiohttp.ClientError as err:  # until the server listens
                if time.monotonic() > deadline:
                    raise StackError(f"the Matter server did not start: {err}") from err
                await asyncio.sleep(0.2)

    async def at_lock(self, op: str, **args: Any) -> dict[str, Any]:
        """Send one request over the lock's control socket and return its answer."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.control_port)
        try:
            writer.write(json.dumps({"op": op, **args}).encode() + b"\n")
            await writer.drain()
            reply: dict[str, Any] = json.loads(await asyncio.wait_for(reader.readline(), 10))
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()
        if not reply.pop("ok"):
            raise StackError(reply.get("error"))
        return reply

    async def held(self) -> LockContents:
        """Return what the lock holds, from its own store."""
        return LockContents.of(await self.at_lock("state"))

    async def keypad(self, pin: str, *, credential: bool = True) -> dict[str, Any]:
        """Someone types `pin` at the lock's keypad; the lock decides and reports it.

        With `credential` False the lock's report names only the user index.
        """
        return await self.at_lock("keypad", pin=pin, credential=credential)

    async def admits(self, user: int, instants: Sequence[datetime]) -> list[bool]:
        """Return whether the lock would open for the user's PIN at each instant (aware)."""
        at = [round(instant.timestamp() * 1000) for instant in instants]
        answer = await self.at_lock("admits", user=user, at=at)
        return [bool(granted) for granted in answer["admits"]]

    async def program(self, index: int, pin: str | None) -> dict[str, Any]:
        """Someone programs (or, with None, clears) PIN credential `index` at the keypad."""
        return await self.at_lock("program", index=index, pin=pin)

    async def reset(self) -> None:
        """Empty the lock's user and credential tables (between tests)."""
        await self.at_lock("reset")


@dataclass(frozen=True)
class LockContents:
    """The lock's user and PIN credential tables as the lock itself keeps them."""

    users: dict[int, dict[str, Any]]
    pins: dict[int, str]
    week_day_schedules: list[dict[str, Any]]
    year_day_schedules: list[dict[str, Any]]
    lock_state: int
    wrong_code_entry_limit: int
    user_code_temporary_disable_time: int

    @classmethod
    def of(cls, state: dict[str, Any]) -> LockContents:
        """Build from the lock's answer to "state"."""
        return cls(
            users={u["index"]: u for u in state["users"]},
            pins={int(index): pin for index, pin in state["pins"].items()},
            week_day_schedules=state["weekDaySchedules"],
            year_day_schedules=state["yearDaySchedules"],
            lock_state=state["lockState"],
            wrong_code_entry_limit=state["wrongCodeEntryLimit"],
            user_code_temporary_disable_time=state["userCodeTemporaryDisableTime"],
        )

    def index_of(self, pin: str) -> int | None:
        """Return the PIN credential index that holds `pin`, if any."""
        return next((index for index, held in self.pins.items() if held == pin), None)

    def user_of(self, index: int) -> int | None:
        """Return the user that holds PIN credential `index`, if any."""
        return next(
            (u for u, user in self.users.items() if [1, index] in user["credentials"]), None
        )


def _interfaces() -> list[str]:
    """Return the network interfaces of this process's network namespace.

    /proc/net is per namespace; /sys/class/net shows the namespace sysfs was mounted in.
    """
    lines = Path("/proc/net/dev").read_text().splitlines()[2:]
    return [line.split(":", 1)[0].strip() for line in lines]


def _passcode() -> int:
    """Return a random setup passcode the specification allows."""
    while (code := 1 + secrets.randbelow(99999998)) in FORBIDDEN_PASSCODES:
        pass
    return code


def _ip(*args: str) -> None:
    """Run one `ip` command."""
    done = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StackError(f"ip {' '.join(args)}: {done.stderr.strip()}")


def _end(proc: subprocess.Popen[bytes], *, signal_first: bool) -> None:
    """End a process: SIGTERM (server) or end of stdin (lock), then kill if it lingers."""
    if proc.poll() is None:
        if signal_first:
            proc.terminate()
        elif proc.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()
