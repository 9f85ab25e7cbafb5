"""A throw-away Debian mosquitto on a free loopback port, one per test."""

from __future__ import annotations

import contextlib
import getpass
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

MOSQUITTO_CANDIDATES = ("mosquitto", "/usr/sbin/mosquitto")


def mosquitto_binary() -> str:
    """Return the mosquitto executable (installed by scripts/e2e_deps.d/zigbee2mqtt.sh)."""
    for candidate in MOSQUITTO_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    raise RuntimeError("mosquitto is not installed: run `make e2e-deps`")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mosquitto:
    """One broker process with its own temp config, listening on 127.0.0.1 only."""

    def __init__(self) -> None:
        self.port = 0
        self._dir = Path(tempfile.mkdtemp(prefix="housekey-mosquitto-"))
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start on a free port; retry when another worker grabbed the port first."""
        for _attempt in range(5):
            self.port = _free_port()
            conf = self._dir / "mosquitto.conf"
            conf.write_text(
                f"listener {self.port} 127.0.0.1\n"
                "allow_anonymous true\n"
                "persistence false\n"
                f"user {getpass.getuser()}\n"
                "log_dest stderr\n"
                "log_type error\n"
                "log_type warning\n"
            )
            log = (self._dir / "mosquitto.log").open("ab")
            self._proc = subprocess.Popen(
                [mosquitto_binary(), "-c", str(conf)], stdout=log, stderr=log
            )
            log.close()
            if self._wait_listening():
                return
            self.stop()
        raise RuntimeError(f"mosquitto did not start: {self.log()}")

    def _wait_listening(self, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                return True
            time.sleep(0.02)
        return False

    def log(self) -> str:
        """Return what the broker wrote (errors and warnings)."""
        path = self._dir / "mosquitto.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop the broker process."""
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(5)
            self._proc = None

    def cleanup(self) -> None:
        """Stop and remove the temp directory."""
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)
