"""A Zigbee2MQTT bridge with one keypad door lock, emulated over a real MQTT broker.

It plays both halves that a real installation has: Zigbee2MQTT (topics, state cache,
converters, HA discovery, logging) and the lock behind it (the ZCL Door Lock cluster's
PIN users). What it publishes and how it answers `/set` and `/get` follows Zigbee2MQTT
2.x and zigbee-herdsman-converters as read from their sources:

- `lib/state.ts`: the state cache is deep-merged (`object-assign-deep`), `action` and
  `action_*` are never cached, and every publish carries the whole cached state
  (`cache_state: true`, the default). So `users` accumulates entries, and an entry whose
  slot was cleared keeps a stale `pin_code` next to `status: "available"`.
- `tz.pincode_lock`: `/set {"pin_code": {"user", "user_type", "user_enabled", "pin_code"}}`
  sends setPinCode (pin_code null sends clearPinCode); `user` must be inside
  `0..pinCodeCount-1` (device meta) or the converter throws. `/get {"pin_code": {"user"}}`
  sends getPinCode; nothing is published optimistically.
- `fz.lock_pin_code_response`: `users: {"<id>": {"status": "enabled" | "disabled" |
  "available", "pin_code": "<digits>" only with the expose_pin option}}`.
- `fz.lock_operation_event` / `fz.lock_programming_event`: `action`, `action_user`,
  `action_source`, `action_source_name` (keypad, rf, manual, rfid).
- `tz.read` with `state_property`: the read attributes land in the state.
- `tz.write`: `/set {"write": {"cluster", "payload"}}` writes attributes; nothing is
  published (a failure is logged like any converter's).
- `lib/extension/publish.ts`: a failing converter is logged as
  "Publish 'set' 'pin_code' to '<name>' failed: '<error>'", published on
  `<base>/bridge/logging` (the error text of a ZCL failure contains the payload,
  PIN included - which is why Housekey never forwards that text).
- `lib/extension/homeassistant.ts` / `availability.ts`: discovery config, origin,
  identifiers, `{"state": "online"}` availability, bridge state with a last will.
"""

from __future__ import annotations

import asyncio
import copy
import json
import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho

FIXTURES = Path(__file__).parents[2] / "fixtures" / "zigbee2mqtt"
CACHE_IGNORE = re.compile(r"^(action|action_.*)$")
USER_STATUS = {0: "available", 1: "enabled", 3: "disabled"}
USER_TYPES = {
    "unrestricted": 0,
    "year_day_schedule": 1,
    "week_day_schedule": 2,
    "master": 3,
    "non_access": 4,
}
SOURCE_NAMES = {0: "keypad", 1: "rf", 2: "manual", 3: "rfid"}
Z2M_VERSION = "2.1.1"


@dataclass
class PinUser:
    """One PIN user in the lock's memory (ZCL Door Lock cluster)."""

    status: int
    user_type: int
    pin: str = field(repr=False)


@dataclass
class Traffic:
    """What Housekey (or anyone) sent to the bridge, for assertions and figures."""

    sets: list[dict[str, Any]] = field(default_factory=list)
    gets: list[dict[str, Any]] = field(default_factory=list)

    def count(self, kind: str, key: str) -> int:
        """Count `/set` or `/get` messages carrying a key."""
        messages = self.sets if kind == "set" else self.gets
        return sum(1 for m in messages if key in m)


def _deep_merge(target: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """Merge like object-assign-deep: nested objects merge, everything else replaces."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


class Zigbee2MqttLockEmulator:
    """Zigbee2MQTT plus one Yale keypad lock, talking to a real broker."""

    def __init__(
        self,
        port: int,
        *,
        base_topic: str = "zigbee2mqtt",
        friendly_name: str = "front_door",
        ieee: str = "0x000d6f0011a2b3c4",
        expose_pin: bool = True,
        pin_code_count: int = 10,
        min_pin_len: int = 4,
        max_pin_len: int = 8,
        discovery_prefix: str = "homeassistant",
        zigbee_latency: float = 0.02,
        delivery_timeout: float = 0.3,
        programming_events: bool = True,
        wrong_code_entry_limit: int | None = 5,
        user_code_temporary_disable_time: int | None = 60,
    ) -> None:
        """Describe the installation; nothing is connected until start()."""
        self.port = port
        self.base = base_topic
        self.name = friendly_name
        self.ieee = ieee
        self.expose_pin = expose_pin
        self.pin_code_count = pin_code_count
        self.min_pin_len = min_pin_len
        self.max_pin_len = max_pin_len
        self.discovery_prefix = discovery_prefix
        self.zigbee_latency = zigbee_latency
        self.delivery_timeout = delivery_timeout
        self.programming_events = programming_events
        #: the Door Lock cluster's writable security attributes (None: the lock lacks it)
        self.security: dict[str, int | None] = {
            "wrongCodeEntryLimit": wrong_code_entry_limit,
            "userCodeTemporaryDisableTime": user_code_temporary_disable_time,
        }
        #: the lock reads them out but refuses writes (READ_ONLY)
        self.security_read_only = False
        self.users: dict[int, PinUser] = {}
        self.state: dict[str, Any] = {"state": "LOCK", "lock_state": "locked", "battery": 87}
        self.traffic = Traffic()
        self.published: list[tuple[str, dict[str, Any]]] = []
        self.device_online = True
        self.running = False
        self._lock = threading.RLock()
        self._client: paho.Client | None = None
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._worker: threading.Thread | None = None

    # ---- topics ------------------------------------------------------------------------

    @property
    def device_topic(self) -> str:
        """Return the device's state topic."""
        return f"{self.base}/{self.name}"

    @property
    def discovery_topic(self) -> str:
        """Return the HA discovery topic of the lock entity."""
        return f"{self.discovery_prefix}/lock/{self.ieee}/lock/config"

    # ---- the Zigbee2MQTT process ---------------------------------------------------------

    def start(self) -> None:
        """Start 'Zigbee2MQTT': connect, publish the retained bridge topics and discovery."""
        client = paho.Client(
            paho.CallbackAPIVersion.VERSION2, client_id=f"z2m-emulator-{id(self)}-{time.time()}"
        )
        client.will_set(
            f"{self.base}/bridge/state", json.dumps({"state": "offline"}), qos=1, retain=True
        )
        client.on_message = self._on_message
        connected = threading.Event()
        client.on_connect = lambda *_args: connected.set()
        client.connect("127.0.0.1", self.port, keepalive=30)
        client.loop_start()
        if not connected.wait(5):
            client.loop_stop()
            raise RuntimeError("emulator could not connect to the broker")
        client.subscribe(f"{self.base}/#", qos=1)
        self._client = client
        self.running = True
        self._worker = threading.Thread(target=self._work, name="z2m-emulator", daemon=True)
        self._worker.start()
        self._publish("bridge/state", {"state": "online"}, retain=True)
        self._publish("bridge/info", self.bridge_info(), retain=True)
        self._publish("bridge/devices", self.bridge_devices(), retain=True)
        self._publish(
            f"{self.name}/availability",
            {"state": "online" if self.device_online else "offline"},
            retain=True,
        )
        self._publish_raw(self.discovery_topic, self.discovery_payload(), retain=True)
        self.publish_state({})

    def stop(self) -> None:
        """Stop 'Zigbee2MQTT' the way it stops: bridge offline (retained), then disconnect."""
        client = self._client
        if client is None:
            return
        self._queue.put(None)
        if self._worker is not None:
            self._worker.join(5)
            self._worker = None
        info = client.publish(
            f"{self.base}/bridge/state", json.dumps({"state": "offline"}), qos=1, retain=True
        )
        info.wait_for_publish(2)
        self.running = False
        client.disconnect()
        client.loop_stop()
        self._client = None

    def remove_discovery(self) -> None:
        """Clear the retained discovery config (as when a device is removed)."""
        self._publish_raw(self.discovery_topic, None, retain=True)

    # ---- payloads --------------------------------------------------------------------------

    def bridge_devices(self) -> list[dict[str, Any]]:
        """Return bridge/devices from the fixture, with this test's lock identity."""
        devices: list[dict[str, Any]] = json.loads((FIXTURES / "bridge_devices.json").read_text())
        for device in devices:
            if device["type"] != "Coordinator":
                device["ieee_address"] = self.ieee
                device["friendly_name"] = self.name
        return devices

    def bridge_info(self) -> dict[str, Any]:
        """Return bridge/info: the config includes per-device options (expose_pin)."""
        return {
            "version": Z2M_VERSION,
            "commit": "emulated",
            "coordinator": {"ieee_address": "0x00124b0018e2a1f0", "type": "zStack3x0"},
            "network": {"channel": 11, "pan_id": 6754, "extended_pan_id": "0xdddddddddddddddd"},
            "log_level": "info",
            "permit_join": False,
            "restart_required": False,
            "config": {
                "homeassistant": {
                    "enabled": True,
                    "discovery_topic": self.discovery_prefix,
                    "status_topic": "homeassistant/status",
                },
                "mqtt": {"base_topic": self.base, "server": f"mqtt://127.0.0.1:{self.port}"},
                "advanced": {"cache_state": True, "output": "json", "log_level": "info"},
                "availability": {"enabled": True},
                "device_options": {},
                "devices": {
                    self.ieee: {"friendly_name": self.name, "expose_pin": self.expose_pin},
                },
            },
        }

    def discovery_payload(self) -> dict[str, Any]:
        """Return the HA discovery config Zigbee2MQTT publishes for the lock entity."""
        return {
            "availability": [
                {"topic": f"{self.base}/bridge/state", "value_template": "{{ value_json.state }}"},
                {
                    "topic": f"{self.base}/{self.name}/availability",
                    "value_template": "{{ value_json.state }}",
                },
            ],
            "availability_mode": "all",
            "command_topic": f"{self.base}/{self.name}/set",
            "device": {
                "identifiers": [f"zigbee2mqtt_{self.ieee}"],
                "manufacturer": "Yale",
                "model": "Assure lock",
                "model_id": "YRD226HA2619",
                "name": self.name,
                "sw_version": "2.1.12",
                "via_device": "zigbee2mqtt_bridge_0x00124b0018e2a1f0",
            },
            "name": None,
            "object_id": self.name.replace("/", "_"),
            "origin": {
                "name": "Zigbee2MQTT",
                "sw": Z2M_VERSION,
                "url": "https://www.zigbee2mqtt.io",
            },
            "state_locked": "LOCK",
            "state_topic": f"{self.base}/{self.name}",
            "state_unlocked": "UNLOCK",
            "unique_id": f"{self.ieee}_lock_{self.base}",
            "value_template": '{{ value_json["state"] }}',
        }

    # ---- publishing ------------------------------------------------------------------------

    def _publish_raw(self, topic: str, payload: Any, *, retain: bool = False) -> None:
        client = self._client
        if client is None:
            return
        data = "" if payload is None else json.dumps(payload)
        client.publish(topic, data, qos=1, retain=retain)

    def _publish(self, subtopic: str, payload: Any, *, retain: bool = False) -> None:
        self._publish_raw(f"{self.base}/{subtopic}", payload, retain=retain)

    def publish_state(self, update: dict[str, Any]) -> None:
        """publishEntityState: merge into the cache, publish the merged state."""
        with self._lock:
            merged = _deep_merge(copy.deepcopy(self.state), update)
            self.state = {k: v for k, v in merged.items() if not CACHE_IGNORE.match(k)}
            message = {**merged, "linkquality": 112}
            self.published.append((self.device_topic, message))
        self._publish_raw(self.device_topic, message)

    def log_error(self, message: str) -> None:
        """Publish an error on bridge/logging, as Zigbee2MQTT's logger transport does."""
        self._publish("bridge/logging", {"level": "error", "message": message, "namespace": "z2m"})

    # ---- incoming --------------------------------------------------------------------------

    def _on_message(self, _client: paho.Client, _userdata: Any, msg: paho.MQTTMessage) -> None:
        match = re.match(
            rf"^{re.escape(self.base)}/(?!bridge)(.+?)/(get|set)(?:/(.+))?$", msg.topic
        )
        if match is None or match.group(1) != self.name:
            return
        kind = match.group(2)
        raw = msg.payload.decode()
        try:
            message = json.loads(raw)
        except ValueError:
            if raw.lower() not in ("lock", "unlock", "toggle"):
                self.log_error(f"Invalid message '{raw}', skipping...")
                return
            message = {"state": raw}
        if match.group(3):
            message = {match.group(3): message}
        if not isinstance(message, dict):
            return
        with self._lock:
            (self.traffic.sets if kind == "set" else self.traffic.gets).append(message)
        # zigbee-herdsman sends commands in order, one radio round trip each.
        self._queue.put(lambda: self._handle(kind, message))

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            time.sleep(self.zigbee_latency)
            job()

    def _handle(self, kind: str, message: dict[str, Any]) -> None:
        for key, value in message.items():
            try:
                if kind == "set":
                    self._convert_set(key, value)
                else:
                    self._convert_get(key, value)
            except Z2mError as err:
                self.log_error(f"Publish '{kind}' '{key}' to '{self.name}' failed: 'Error: {err}'")

    def _radio(self, command: str, payload: dict[str, Any]) -> None:
        """Deliver a ZCL command to the lock, or fail the way herdsman does."""
        if not self.device_online:
            time.sleep(self.delivery_timeout)
            raise Z2mError(
                f"ZCL command {self.ieee}/1 closuresDoorLock.{command}"
                f"({json.dumps(payload)}, {{}}) failed (Delivery failed for '{self.ieee}'.)"
            )

    def _convert_set(self, key: str, value: Any) -> None:
        if key == "pin_code":
            self._set_pin_code(value)
        elif key == "read":
            self._read(value)
        elif key == "write":
            self._write(value)
        elif key == "state":
            state = str(value).upper()
            if state not in ("LOCK", "UNLOCK", "TOGGLE"):
                raise Z2mError(f"'{value}' not one of LOCK, UNLOCK, TOGGLE")
            self._radio(f"{state.lower()}Door", {"pincodevalue": ""})
            locked = state == "LOCK"
            self.publish_state(
                {
                    "state": "LOCK" if locked else "UNLOCK",
                    "lock_state": "locked" if locked else "unlocked",
                    "action": "lock" if locked else "unlock",
                    "action_user": 0,
                    "action_source": 1,
                    "action_source_name": "rf",
                }
            )
        else:
            self.log_error(f"No converter available for '{key}' on '{self.name}': ({value})")

    def _check_user(self, user: Any) -> int:
        if not isinstance(user, int) or isinstance(user, bool):
            raise Z2mError("user must be numbers")
        if not 0 <= user <= self.pin_code_count - 1:
            raise Z2mError("user must be in range for device")
        return user

    def _set_pin_code(self, value: Any) -> None:
        if not isinstance(value, dict):
            raise Z2mError(f"The value of 'pin_code' must be an object, got {type(value)}")
        user = self._check_user(value.get("user"))
        pin = value.get("pin_code")
        if pin is None:
            self._radio("clearPinCode", {"userid": user})
            with self._lock:
                existed = self.users.pop(user, None) is not None
            if existed and self.programming_events:
                self._programming_event("pin_code_deleted", user, source=1)
            return
        enabled = value.get("user_enabled", True)
        user_type = USER_TYPES[value.get("user_type") or "unrestricted"]
        code = str(pin)
        payload = {
            "userid": user,
            "userstatus": 1 if enabled else 3,
            "usertype": user_type,
            "pincodevalue": code,
        }
        self._radio("setPinCode", payload)
        # The lock itself refuses codes outside its length range or already in use
        # (setPinCodeRsp status 1 / 3): nothing changes and nothing is logged.
        with self._lock:
            duplicate = any(u.pin == code for uid, u in self.users.items() if uid != user)
            if not code.isdigit() or not self.min_pin_len <= len(code) <= self.max_pin_len:
                return
            if duplicate:
                return
            changed = user in self.users
            self.users[user] = PinUser(payload["userstatus"], user_type, code)
        if self.programming_events:
            self._programming_event("pin_code_changed" if changed else "pin_code_added", user, 1)

    def _read(self, value: Any) -> None:
        if not isinstance(value, dict) or value.get("cluster") != "closuresDoorLock":
            raise Z2mError("Cluster not supported by this emulator")
        attributes = {
            "numOfPinUsersSupported": self.pin_code_count,
            "minPinLen": self.min_pin_len,
            "maxPinLen": self.max_pin_len,
            "numOfWeekDaySchedulesSupportedPerUser": 0,
            "numOfYearDaySchedulesSupportedPerUser": 0,
            **{name: v for name, v in self.security.items() if v is not None},
        }
        self._radio("read", {"attributes": value.get("attributes")})
        result = {a: attributes[a] for a in value.get("attributes", []) if a in attributes}
        if len(result) != len(value.get("attributes", [])):
            raise Z2mError("Status 'UNSUPPORTED_ATTRIBUTE'")
        if value.get("state_property") is not None:
            self.publish_state({value["state_property"]: result})

    def _write(self, value: Any) -> None:
        if not isinstance(value, dict) or value.get("cluster") != "closuresDoorLock":
            raise Z2mError("Cluster not supported by this emulator")
        payload = value.get("payload") or {}
        self._radio("write", payload)
        if any(self.security.get(name) is None for name in payload):
            raise Z2mError("Status 'UNSUPPORTED_ATTRIBUTE'")
        if self.security_read_only:
            raise Z2mError("Status 'READ_ONLY'")
        self.security.update({name: int(v) for name, v in payload.items()})

    def _convert_get(self, key: str, value: Any) -> None:
        if key == "pin_code":
            user = value.get("user") if isinstance(value, dict) else None
            users = range(self.pin_code_count) if user is None else [self._check_user(user)]
            for uid in users:
                self._radio("getPinCode", {"userid": uid})
                self._pin_code_response(uid)
        elif key == "state":
            self._radio("read", {"attributes": ["lockState"]})
            self.publish_state({"state": self.state.get("state", "LOCK")})
        else:
            self.log_error(f"No converter available for 'get' '{key}' ({value})")

    def _pin_code_response(self, uid: int) -> None:
        with self._lock:
            user = self.users.get(uid)
        entry: dict[str, Any] = {"status": USER_STATUS[user.status if user else 0]}
        if self.expose_pin and user is not None and user.pin:
            entry["pin_code"] = user.pin
        self.publish_state({"users": {str(uid): entry}})

    def _programming_event(self, action: str, user: int, source: int) -> None:
        self.publish_state(
            {
                "action": action,
                "action_user": user,
                "action_source": source,
                "action_source_name": SOURCE_NAMES[source],
            }
        )

    # ---- the physical lock -----------------------------------------------------------------

    def type_code(self, code: str) -> bool:
        """Someone types a code on the keypad: open on a match, report the operation event."""
        with self._lock:
            match = next(
                (uid for uid, u in self.users.items() if u.pin == code and u.status == 1), None
            )
        if match is None:
            self.publish_state(
                {
                    "action": "unlock_failure_invalid_pin_or_id",
                    "action_user": 65535,
                    "action_source": 0,
                    "action_source_name": "keypad",
                }
            )
            return False
        self.publish_state(
            {
                "state": "UNLOCK",
                "lock_state": "unlocked",
                "action": "unlock",
                "action_user": match,
                "action_source": 0,
                "action_source_name": "keypad",
            }
        )
        return True

    def turn_thumb(self) -> None:
        """Someone opens from inside: a manual operation event (no user)."""
        self.publish_state(
            {
                "state": "UNLOCK",
                "lock_state": "unlocked",
                "action": "manual_unlock",
                "action_user": 0,
                "action_source": 2,
                "action_source_name": "manual",
            }
        )

    def program_at_keypad(self, user: int, code: str | None) -> None:
        """Someone adds, changes (or with None deletes) a code with the master code at the
        lock, behind Housekey's back; the lock sends its programming event notification,
        which Zigbee2MQTT publishes as pin_code_added / _changed / _deleted."""
        with self._lock:
            existed = user in self.users
            if code is None:
                self.users.pop(user, None)
            else:
                self.users[user] = PinUser(1, 0, code)
        if code is None:
            action = "pin_code_deleted"
        else:
            action = "pin_code_changed" if existed else "pin_code_added"
        if self.programming_events and (code is not None or existed):
            self._programming_event(action, user, source=0)

    def raise_alarm(self, alarm: str, **extra: Any) -> None:
        """Publish a lock alarm the way Yale's alarm converter does (cached in state)."""
        self.publish_state({"alarm": alarm, **extra})

    def set_device_online(self, online: bool) -> None:
        """Take the lock off the Zigbee network, or bring it back (availability topic)."""
        self.device_online = online
        self._publish(
            f"{self.name}/availability", {"state": "online" if online else "offline"}, retain=True
        )

    def pin_of(self, slot: int) -> str | None:
        """Return the PIN stored for a Housekey slot (Zigbee user slot-1), lock side."""
        with self._lock:
            user = self.users.get(slot - 1)
            return None if user is None or user.status != 1 else user.pin

    def codes(self) -> dict[int, str]:
        """Return every enabled code by Housekey slot number, lock side."""
        with self._lock:
            return {uid + 1: u.pin for uid, u in self.users.items() if u.status == 1}


class Z2mError(Exception):
    """An error Zigbee2MQTT logs for a failed publish."""


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll a condition from the test's event loop (the emulator lives in paho's thread)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)
