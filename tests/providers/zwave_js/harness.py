"""The real Z-Wave JS stack on loopback: zwave-js mock controller + driver + websocket server.

Two Node.js processes, as a real installation has them:
- `mock_lock.cjs`: zwave-js's MockServer, a fake controller with one keypad lock (node 2)
  and, when asked, Entry Control keypads (nodes 3, 4, ...: `mock_keypad.cjs`), on a free
  TCP port. Its stdin/stdout is the test's hand on the lock itself (what codes it
  holds, a code typed in at its keypad, notifications it sends, going dead).
- `zwave_server.mjs`: the real zwave-js driver talking to that controller over TCP, served
  by the real @zwave-js/server on a websocket, which Home Assistant's zwave_js connects to.

The server can be stopped and started again on the same port while the lock keeps its
codes, which is what "the Z-Wave stack went down" looks like to Home Assistant.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

STACK_DIR = Path(__file__).parent / "stack"
NODE = os.environ.get("NODE", "node")
LOCK_NODE_ID = 2
KEYPAD_NODE_ID = 3
#: Entry Control event types (zwave-js EntryControlEventTypes)
ENTER, DISARM_ALL, ARM_AWAY, CANCEL = 2, 3, 5, 25
START_TIMEOUT = 60.0


class StackError(RuntimeError):
    """The stack did not do what the test asked."""


def free_port() -> int:
    """Return a loopback TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ZwaveStack:
    """One mock lock, one driver and one websocket server, owned by one test."""

    workdir: Path
    #: what the mock lock is: `--schedules V,W,Y,D` adds Schedule Entry Lock CC,
    #: `--user-credential` puts User Credential CC in place of User Code (mock_lock.cjs)
    lock_args: tuple[str, ...] = ()
    #: the clock command class of the lock: "none", "time-parameters" or "clock"
    clock: str = "none"
    #: the time zone of the driver's host (zwave-js converts to local time in it)
    server_tz: str = "UTC"
    #: Entry Control keypads beside the lock (node ids from KEYPAD_NODE_ID)
    keypads: int = 0
    mock: asyncio.subprocess.Process | None = None
    server: asyncio.subprocess.Process | None = None
    mock_port: int = 0
    ws_port: int = 0
    _ids: int = 0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def url(self) -> str:
        """The websocket URL Home Assistant connects to."""
        return f"ws://127.0.0.1:{self.ws_port}"

    async def start(self) -> None:
        """Start the lock, then the driver and server in front of it."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.mock = await asyncio.create_subprocess_exec(
            NODE,
            str(STACK_DIR / "mock_lock.cjs"),
            "--port",
            "0",
            "--clock",
            self.clock,
            *self.lock_args,
            "--keypads",
            str(self.keypads),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=(self.workdir / "mock.log").open("ab"),
            cwd=STACK_DIR,
        )
        self.mock_port = (await self._first_line(self.mock))["port"]
        await self.start_server()

    async def start_server(self) -> None:
        """Start (or restart) the driver and websocket server, keeping the driver cache."""
        config = self.workdir / "driver.json"
        if not config.exists():
            config.write_text(json.dumps(driver_options(self.workdir / "cache")))
        self.server = await asyncio.create_subprocess_exec(
            NODE,
            str(STACK_DIR / "zwave_server.mjs"),
            "--serial",
            f"tcp://127.0.0.1:{self.mock_port}",
            "--config",
            str(config),
            "--port",
            str(self.ws_port or free_port()),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=(self.workdir / "server.log").open("ab"),
            cwd=STACK_DIR,
            env={**os.environ, "TZ": self.server_tz},
        )
        self.ws_port = (await self._first_line(self.server))["port"]

    async def stop_server(self) -> None:
        """Stop the driver and websocket server; the lock keeps running."""
        if self.server is not None:
            await _stop(self.server)
            self.server = None

    async def stop(self) -> None:
        """Stop everything."""
        await self.stop_server()
        if self.mock is not None:
            await _stop(self.mock)
            self.mock = None

    async def _first_line(self, proc: asyncio.subprocess.Process) -> dict[str, Any]:
        assert proc.stdout is not None
        try:
            line = await asyncio.wait_for(proc.stdout.readline(), START_TIMEOUT)
        except TimeoutError as err:
            raise StackError(f"no start-up line; see {self.workdir}") from err
        if not line:
            raise StackError(f"process exited during start-up:\n{self._log_tails()}")
        data: dict[str, Any] = json.loads(line)
        return data

    def _log_tails(self, lines: int = 15) -> str:
        """Return the last lines of the processes' logs (the work directory goes with the test)."""
        tails = []
        for log in sorted(self.workdir.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {log.name}\n" + "\n".join(tail))
        return "\n".join(tails)

    # ---- the lock's side ----------------------------------------------------------------

    async def lock(self, op: str, **args: Any) -> Any:
        """Send one command to the mock lock and return its result."""
        assert self.mock is not None
        assert self.mock.stdin is not None
        assert self.mock.stdout is not None
        async with self._lock:
            self._ids += 1
            self.mock.stdin.write(json.dumps({"id": self._ids, "op": op, **args}).encode() + b"\n")
            await self.mock.stdin.drain()
            reply = json.loads(await asyncio.wait_for(self.mock.stdout.readline(), 10))
        if not reply.get("ok"):
            raise StackError(reply.get("error"))
        return reply["result"]

    async def codes(self) -> dict[int, str]:
        """Return the codes the lock holds, by slot (occupied slots only)."""
        held = await self.lock("codes")
        return {int(slot): v["code"] for slot, v in held.items() if v["status"] != 0}

    async def keypad_unlock(self, slot: int) -> None:
        """Someone opens the lock at its keypad with the code in `slot`."""
        await self.lock("notify", type=6, event=6, params=[slot])

    async def type_at_keypad(
        self, code: str, *, node: int = KEYPAD_NODE_ID, event: int = ENTER
    ) -> None:
        """Someone types a code at a keypad and presses a key (Enter, Disarm, ...)."""
        await self.lock("entry", node=node, event=event, code=code)

    async def indicators(self, node: int = KEYPAD_NODE_ID) -> list[dict[str, int]]:
        """Return the Indicator Sets a keypad received, in order."""
        received: list[dict[str, int]] = await self.lock("indicators", node=node)
        return received

    async def clock_sets(self) -> list[dict[str, Any]]:
        """Return every Time Parameters or Clock Set the lock received, with its arguments."""
        sets: list[dict[str, Any]] = (await self.lock("clock"))["sets"]
        return sets

    async def keypad(self, slot: int, code: str, *, granted: bool = True) -> None:
        """Someone types a code at the keypad: the lock logs it, and reports it unless dead."""
        await self.lock("keypad", slot=slot, code=code, granted=granted)

    async def frames(self) -> dict[str, int]:
        """Return how many commands the lock received, per command class."""
        received: dict[str, int] = await self.lock("frames")
        return received

    async def received(self) -> list[dict[str, Any]]:
        """Return the Schedule Entry Lock and User Code commands received, with their fields."""
        commands: list[dict[str, Any]] = await self.lock("received")
        return commands

    async def schedules(self) -> dict[int, dict[str, Any]]:
        """Return what each user's schedule is on the lock (users with none are left out)."""
        held: dict[str, dict[str, Any]] = await self.lock("schedules")
        return {int(user): schedule for user, schedule in held.items()}

    async def opens(self, code: str, at: datetime) -> bool:
        """Return whether the lock itself opens for `code` when its clock shows `at`."""
        decision: dict[str, Any] = await self.lock(
            "try_code", code=code, at=at.strftime("%Y-%m-%dT%H:%M")
        )
        return bool(decision["granted"])


def driver_options(cache_dir: Path) -> dict[str, Any]:
    """Driver options as the Z-Wave JS add-on passes them, with throwaway keys."""
    return {
        "securityKeys": {
            name: secrets.token_hex(16)
            for name in ("S0_Legacy", "S2_Unauthenticated", "S2_Authenticated", "S2_AccessControl")
        },
        "storage": {"cacheDir": str(cache_dir)},
        "interview": {"queryAllUserCodes": True},
        "emitValueUpdateAfterSetValue": True,
    }


async def _stop(proc: asyncio.subprocess.Process) -> None:
    """Close stdin (the process shuts down cleanly on EOF), then make sure it is gone."""
    if proc.returncode is None:
        if proc.stdin is not None:
            with contextlib.suppress(ConnectionError):
                proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 5)
        except TimeoutError:
            proc.kill()
            await proc.wait()
