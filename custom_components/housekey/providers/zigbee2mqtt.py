"""Zigbee2MQTT locks, reached through Home Assistant's own MQTT integration.

Zigbee2MQTT speaks for the lock on MQTT: PIN users are written with
`<base>/<name>/set {"pin_code": {...}}` and read with `<base>/<name>/get`, whose
answer is not a reply but the device's next state publish carrying
`users: {"<id>": {"status": ..., "pin_code": ...}}`. Three consequences shape this
module (all read from Zigbee2MQTT and zigbee-herdsman-converters sources):

- Every state publish carries the whole cached state, deep-merged. `users` keeps
  every user ever read, and a cleared user keeps its old `pin_code` next to
  `status: "available"`. So a slot's content is decided by its status, the PIN is
  trusted only while the device's `expose_pin` option is on, and an answer is told
  apart from a stale copy by waiting for the entry to change (see `_async_ask`).
- `/set` has no reply. Zigbee2MQTT logs a failed command on `<base>/bridge/logging`
  ("Publish 'set' 'pin_code' to '<name>' failed: ..."); that text includes the ZCL
  payload, PIN and all, so it is classified here and never forwarded.
- Zigbee2MQTT numbers PIN users from 0; Housekey slots are 1..N (`slot_to_user`).

Lock schedules stay Home Assistant's here: `pin_code` takes a `user_type`
(unrestricted, year_day_schedule, week_day_schedule, ...) but only on the way in,
zigbee-herdsman-converters has no converter for the Door Lock week-day / year-day
schedule commands, and neither the type nor any entry ever comes back in `users`.
Entries sent through Zigbee2MQTT's generic `command` key could be neither verified nor
noticed lost, so users are written unrestricted and codes come and go at the edges.

Actions, alarms and programming events are normalized in zigbee2mqtt_events.py.
A PIN added, changed or deleted at the lock arrives as a programming event
(`fz.lock_programming_event`: `action` pin_code_added / pin_code_changed /
pin_code_deleted with `action_user`) and becomes SlotChanged, so the sync engine reads
that slot back at once. Housekey's own writes come back the same way with source "rf"
and are not reported while they can be its echo.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from ..core.lock_schedule import NO_SCHEDULES, LockSchedule
from .base import (
    Capabilities,
    LockAlarm,
    LockProvider,
    LockReport,
    LockUnavailable,
    ProviderError,
    Readback,
    ReportCallback,
    SlotChanged,
    SlotRead,
    SlotState,
    WriteResult,
)
from .zigbee2mqtt_events import (
    ALARMS,
    OCCUPIED_STATUSES,
    PinProgramming,
    methods_from_exposes,
    normalize_action,
    pin_programming,
    slot_to_user,
    user_to_slot,
)

if TYPE_CHECKING:
    from homeassistant.components.mqtt import ReceiveMessage

_LOGGER = logging.getLogger(__name__)

BACKEND: Final = "zigbee2mqtt"
REFUSAL_NOT_ZIGBEE2MQTT: Final = "not_zigbee2mqtt"

#: the state key Zigbee2MQTT's generic `read` converter stores the lock's own limits under
CAPABILITIES_PROPERTY: Final = "housekey_door_lock"
#: ZCL Door Lock attributes (zigbee-herdsman names) that say how many PINs of which length
LIMIT_ATTRIBUTES: Final = ("numOfPinUsersSupported", "minPinLen", "maxPinLen")
#: users, shortest and longest PIN assumed when the lock does not report its limits
FALLBACK_LIMITS: Final = (10, 4, 8)
#: state property and Door Lock attributes (herdsman names, 0x0030 / 0x0031) of the
#: keypad's own wrong-code limit and how long it then disables code entry
WRONG_CODE_PROPERTY: Final = "housekey_wrong_code"
WRONG_CODE_ATTRIBUTES: Final = ("wrongCodeEntryLimit", "userCodeTemporaryDisableTime")
_FAILED = re.compile(r"^Publish '(set|get)' '([^']+)' to '(.*)' failed: ", re.DOTALL)
_UNKNOWN_ENTITY = re.compile(r"^Entity '(.*)' is unknown$", re.DOTALL)
#: failures that mean the lock did not hear the command (zigbee-herdsman wording)
_UNREACHABLE_WORDS = ("delivery failed", "timeout", "timed out", "no network route", "mac")


@dataclass(frozen=True, slots=True)
class Zigbee2MqttDevice:
    """Where a lock lives in Zigbee2MQTT's topic tree."""

    base_topic: str
    friendly_name: str
    ieee: str | None

    @property
    def state_topic(self) -> str:
        """Return the topic Zigbee2MQTT publishes the device state on."""
        return f"{self.base_topic}/{self.friendly_name}"

    def topic(self, suffix: str) -> str:
        """Return a topic below the device (set, get)."""
        return f"{self.state_topic}/{suffix}"

    def bridge(self, suffix: str) -> str:
        """Return a bridge topic (info, devices, logging)."""
        return f"{self.base_topic}/bridge/{suffix}"


@callback
def async_zigbee2mqtt_device(hass: HomeAssistant, entity_id: str) -> Zigbee2MqttDevice | None:
    """Find a Zigbee2MQTT lock's base topic and friendly name from its discovery config.

    This is the one place that reaches into Home Assistant's MQTT integration for
    data it keeps for itself: the discovery payload an entity was created from,
    as the MQTT device debug-info API (`debug_info.info_for_device`, behind the
    "MQTT info" dialog) returns it. Zigbee2MQTT marks its entities with
    `origin.name` "Zigbee2MQTT" and device identifiers `zigbee2mqtt_<ieee>`, and
    lists its `<base>/bridge/state` topic in `availability`, which gives the base
    topic even when the friendly name contains slashes.
    """
    entry = er.async_get(hass).async_get(entity_id)
    if entry is None or entry.platform != "mqtt" or entry.device_id is None:
        return None
    from homeassistant.components.mqtt import debug_info

    info = debug_info.info_for_device(hass, entry.device_id)
    payload: Mapping[str, Any] | None = next(
        (
            e["discovery_data"]["payload"]
            for e in info["entities"]
            if e["entity_id"] == entity_id and isinstance(e["discovery_data"]["payload"], dict)
        ),
        None,
    )
    if not payload:
        return None
    device = dr.async_get(hass).async_get(entry.device_id)
    identifiers = [
        value for domain, value in (device.identifiers if device else set()) if domain == "mqtt"
    ]
    origin = payload.get("origin") or {}
    ieee = next(
        (i.removeprefix("zigbee2mqtt_") for i in identifiers if i.startswith("zigbee2mqtt_0x")),
        None,
    )
    if origin.get("name") != "Zigbee2MQTT" and ieee is None:
        return None
    state_topic = payload.get("state_topic")
    command_topic = payload.get("command_topic")
    if not isinstance(state_topic, str) or command_topic != f"{state_topic}/set":
        return None
    base = next(
        (
            a["topic"].removesuffix("/bridge/state")
            for a in payload.get("availability") or []
            if isinstance(a, dict) and str(a.get("topic", "")).endswith("/bridge/state")
        ),
        None,
    )
    if base is None:
        # availability switched off: the unique id ends with the base topic instead
        unique_id = str(payload.get("unique_id", ""))
        base = next(
            (
                state_topic[:cut]
                for cut in range(1, len(state_topic))
                if state_topic[cut] == "/" and unique_id.endswith("_" + state_topic[:cut])
            ),
            None,
        )
    if not base or not state_topic.startswith(base + "/"):
        return None
    return Zigbee2MqttDevice(base, state_topic[len(base) + 1 :], ieee)


def _has_pin_code(exposes: list[Any]) -> bool:
    """Return whether the device exposes the pin_code composite (tz.pincode_lock)."""
    for expose in exposes:
        if not isinstance(expose, dict):
            continue
        if expose.get("type") == "composite" and expose.get("property") == "pin_code":
            return True
        if _has_pin_code(expose.get("features") or []):
            return True
    return False


def _json(payload: Any) -> Any:
    if isinstance(payload, bytes):
        payload = payload.decode("utf-8", "replace")
    try:
        return json.loads(payload)
    except (TypeError, ValueError):
        return payload


class _Waiter:
    """One outstanding question to the lock: the state change that answers it, or a failure."""

    def __init__(
        self,
        future: asyncio.Future[Any],
        key: str,
        pick: Callable[[Mapping[str, Any]], Any],
        before: Any,
    ) -> None:
        self.future = future
        self.key = key
        self.pick = pick
        self.before = before
        self.candidate: Any = None
        self.settle: asyncio.TimerHandle | None = None


class Zigbee2MqttProvider(LockProvider):
    """Provider for a lock Zigbee2MQTT exposes, spoken to over Home Assistant's MQTT.

    The lock entity's availability is Zigbee2MQTT's own: bridge state and device
    availability (discovery sets `availability_mode: all`), plus the MQTT connection.
    """

    backend = BACKEND
    #: Zigbee locks take their time from the coordinator: zigbee-herdsman answers their
    #: genTime reads with its host's time and time zone, so no clock command is sent
    clock_served = True
    integration = "mqtt"
    #: Zigbee locks are sleepy end devices polled by their parent; leave them room.
    pacing = 0.5
    #: seconds to wait for the retained bridge topics after subscribing
    READY_TIMEOUT = 10.0
    #: seconds to wait for the lock's answer (zigbee-herdsman gives up after ~10 s)
    ANSWER_TIMEOUT = 15.0
    #: seconds an answer equal to the cached one is held back in case a newer one follows
    SETTLE = 0.25
    #: an "rf" programming event this long after Housekey sent a PIN change for that
    #: user is its echo (Zigbee2MQTT delivers within ANSWER_TIMEOUT)
    echo_window = ANSWER_TIMEOUT

    def __init__(self, hass: HomeAssistant, entity_id: str) -> None:
        """Bind to a Zigbee2MQTT lock entity; MQTT is subscribed on first use."""
        super().__init__(hass, entity_id)
        self._device: Zigbee2MqttDevice | None = None
        self._unsubs: list[Callable[[], None]] = []
        self._subscribing: asyncio.Task[None] | None = None
        self._state: dict[str, Any] = {}
        self._bridge_info: dict[str, Any] | None = None
        self._bridge_devices: list[Any] | None = None
        self._ready = asyncio.Event()
        self._waiters: list[_Waiter] = []
        self._reports: list[ReportCallback] = []
        self._last_alarm: Any = None
        self._seen_state = False

    # ---- Home Assistant side -------------------------------------------------------------

    @classmethod
    def refusal(cls, hass: HomeAssistant, entity_id: str) -> str | None:
        """Refuse MQTT locks that Zigbee2MQTT did not create (Tasmota, YAML, ...)."""
        if async_zigbee2mqtt_device(hass, entity_id) is None:
            return REFUSAL_NOT_ZIGBEE2MQTT
        return None

    def _target(self) -> Zigbee2MqttDevice:
        if self._device is None:
            self._device = async_zigbee2mqtt_device(self.hass, self.entity_id)
        if self._device is None:
            raise LockUnavailable(f"{self.entity_id} is not (yet) discovered from Zigbee2MQTT")
        return self._device

    async def _async_ensure_subscribed(self) -> Zigbee2MqttDevice:
        """Subscribe once and wait for the retained bridge topics.

        The retained topics are subscribed after the device topic, so their arrival
        proves the broker has the device subscription too: no answer can be missed.
        """
        device = self._target()
        await asyncio.shield(self._start_subscribing(device))
        try:
            async with asyncio.timeout(self.READY_TIMEOUT):
                await self._ready.wait()
        except TimeoutError as err:
            raise LockUnavailable("Zigbee2MQTT bridge topics are not on the broker") from err
        return device

    def _start_subscribing(self, device: Zigbee2MqttDevice) -> asyncio.Task[None]:
        """Subscribe to the device's and the bridge's topics, once."""
        if self._subscribing is None:
            self._subscribing = self.hass.async_create_task(
                self._async_subscribe(device), eager_start=True
            )
        return self._subscribing

    async def _async_subscribe(self, device: Zigbee2MqttDevice) -> None:
        from homeassistant.components import mqtt

        try:
            for topic, handler in (
                (device.state_topic, self._on_state),
                (device.bridge("logging"), self._on_logging),
                (device.bridge("devices"), self._on_devices),
                (device.bridge("info"), self._on_info),
            ):
                self._unsubs.append(await mqtt.async_subscribe(self.hass, topic, handler))
        except Exception as err:
            self._subscribing = None
            raise LockUnavailable("MQTT is not available") from err

    async def async_unload(self) -> None:
        """Drop the MQTT subscriptions and fail whatever still waits."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        self._subscribing = None
        self._ready.clear()
        for waiter in list(self._waiters):
            self._finish(waiter, exc=LockUnavailable("provider unloaded"))

    # ---- MQTT callbacks -------------------------------------------------------------------

    @callback
    def _on_devices(self, msg: ReceiveMessage) -> None:
        data = _json(msg.payload)
        if isinstance(data, list):
            self._bridge_devices = data
            self._check_ready()

    @callback
    def _on_info(self, msg: ReceiveMessage) -> None:
        data = _json(msg.payload)
        if isinstance(data, dict):
            self._bridge_info = data
            self._check_ready()

    def _check_ready(self) -> None:
        if self._bridge_devices is not None and self._bridge_info is not None:
            self._ready.set()

    @callback
    def _on_logging(self, msg: ReceiveMessage) -> None:
        """Classify Zigbee2MQTT's error log lines about this device (never keep the text)."""
        data = _json(msg.payload)
        if not isinstance(data, dict) or data.get("level") != "error" or self._device is None:
            return
        text = str(data.get("message", ""))
        if (failed := _FAILED.match(text)) and failed.group(3) == self._device.friendly_name:
            kind, key = failed.group(1), failed.group(2)
            lowered = text.lower()
            unreachable = any(word in lowered for word in _UNREACHABLE_WORDS)
            exc: ProviderError = (
                LockUnavailable(f"the lock did not answer the '{key}' {kind}")
                if unreachable
                else ProviderError(f"Zigbee2MQTT refused the '{key}' {kind}")
            )
            for waiter in list(self._waiters):
                if waiter.key == key:
                    self._finish(waiter, exc=exc)
        elif (unknown := _UNKNOWN_ENTITY.match(text)) and unknown.group(
            1
        ) == self._device.friendly_name:
            for waiter in list(self._waiters):
                self._finish(waiter, exc=LockUnavailable("Zigbee2MQTT does not know the lock"))

    @callback
    def _on_state(self, msg: ReceiveMessage) -> None:
        data = _json(msg.payload)
        if not isinstance(data, dict):
            return
        self._state = data
        for waiter in list(self._waiters):
            self._offer(waiter, data)
        self._dispatch_reports(data)

    def _dispatch_reports(self, data: Mapping[str, Any]) -> None:
        reports: list[LockReport] = []
        if (event := normalize_action(data)) is not None:
            reports.append(event)
        alarm = data.get("alarm")
        kind = ALARMS.get(alarm) if isinstance(alarm, str) else None
        if self._seen_state and kind is not None and alarm != self._last_alarm:
            reports.append(LockAlarm(kind, str(alarm)))
        self._last_alarm = alarm
        self._seen_state = True
        if (programming := pin_programming(data)) is not None:
            reports.extend(self._slot_changes(programming, data))
        for report in reports:
            for listener in list(self._reports):
                listener(report)

    def _slot_changes(
        self, programming: PinProgramming, data: Mapping[str, Any]
    ) -> list[SlotChanged]:
        """Turn a programming event into the slots the sync engine should read back.

        Housekey's own writes come back as "rf" events and are left out while they can
        be its echo; keypad (and any other local) programming is always reported. For
        "all deleted", the users Zigbee2MQTT last knew occupied are the ones to read.
        """
        if programming.user is None:
            users = data.get("users")
            return [
                SlotChanged(user_to_slot(int(user)))
                for user, entry in (users.items() if isinstance(users, dict) else ())
                if str(user).isdigit()
                and isinstance(entry, dict)
                and entry.get("status") in OCCUPIED_STATUSES
            ]
        slot = user_to_slot(programming.user)
        if programming.over_zigbee and self.is_echo(slot):
            return []
        return [SlotChanged(slot)]

    # ---- asking the lock --------------------------------------------------------------------

    def _offer(self, waiter: _Waiter, data: Mapping[str, Any]) -> None:
        """Give one state publish to a waiter: a changed answer wins at once.

        An answer equal to what was cached before the question may be a stale copy
        carried by an unrelated publish, so it is held for SETTLE seconds.
        """
        if waiter.future.done():
            return
        answer = waiter.pick(data)
        if answer is None:
            return
        if waiter.before is None or answer != waiter.before:
            self._finish(waiter, result=answer)
            return
        waiter.candidate = answer
        if waiter.settle is None:
            waiter.settle = self.hass.loop.call_later(
                self.SETTLE, lambda: self._finish(waiter, result=waiter.candidate)
            )

    def _finish(
        self,
        waiter: _Waiter,
        *,
        result: Any = None,
        exc: BaseException | None = None,
        cancel: bool = False,
    ) -> None:
        if waiter.settle is not None:
            waiter.settle.cancel()
            waiter.settle = None
        if waiter in self._waiters:
            self._waiters.remove(waiter)
        if waiter.future.done():
            return
        if cancel:
            waiter.future.cancel()
        elif exc is not None:
            waiter.future.set_exception(exc)
        else:
            waiter.future.set_result(result)

    async def _async_publish(self, device: Zigbee2MqttDevice, kind: str, body: Any) -> None:
        from homeassistant.components import mqtt

        if not self.available:
            raise LockUnavailable(f"{self.entity_id} is unavailable")
        try:
            await mqtt.async_publish(self.hass, device.topic(kind), json.dumps(body))
        except Exception as err:
            raise LockUnavailable("MQTT publish failed") from err

    async def _async_ask(
        self,
        kind: str,
        body: Mapping[str, Any],
        key: str,
        pick: Callable[[Mapping[str, Any]], Any],
    ) -> Any:
        """Publish to /set or /get and wait for the state publish that answers it."""
        device = await self._async_ensure_subscribed()
        waiter = _Waiter(self.hass.loop.create_future(), key, pick, pick(self._state))
        self._waiters.append(waiter)
        try:
            await self._async_publish(device, kind, body)
            async with asyncio.timeout(self.ANSWER_TIMEOUT):
                return await waiter.future
        except TimeoutError as err:
            raise LockUnavailable(f"{self.entity_id} did not answer") from err
        finally:
            self._finish(waiter, cancel=True)

    # ---- the provider interface -------------------------------------------------------------

    async def async_capabilities(self) -> Capabilities:
        """Read slots, PIN lengths, readback and reported methods from Zigbee2MQTT.

        The exposes and the `expose_pin` option come from the retained
        bridge/devices and bridge/info; the lock's own limits are read from its
        Door Lock cluster through Zigbee2MQTT's generic `read` converter.
        """
        device = await self._async_ensure_subscribed()
        entry = self._bridge_device(device)
        definition = entry.get("definition") or {}
        exposes = definition.get("exposes") or []
        if not _has_pin_code(exposes):
            raise ProviderError(f"{self.entity_id} has no PIN codes in Zigbee2MQTT")
        advanced = ((self._bridge_info or {}).get("config") or {}).get("advanced") or {}
        if advanced.get("output") == "attribute":
            # answers arrive only as <name>/users/... attribute topics, never as JSON
            raise ProviderError("Zigbee2MQTT publishes no JSON state (advanced.output)")
        slots, pin_min, pin_max = await self._async_read_limits()
        if slots < 1 or not 0 < pin_min <= pin_max:
            raise ProviderError(f"{self.entity_id} reported unusable PIN limits")
        return Capabilities(
            slots=slots,
            pin_min=pin_min,
            pin_max=pin_max,
            readback=Readback.FULL if self._expose_pin() else Readback.MASKED,
            # No schedules: Zigbee2MQTT has no converter for the Door Lock schedule
            # commands and reads back no user type, so the windows are Home Assistant's.
            methods=methods_from_exposes(exposes),
        )

    async def _async_read_limits(self) -> tuple[int, int, int]:
        """Read PIN user count and PIN length range from the lock's Door Lock cluster.

        Locks that do not implement these optional attributes make Zigbee2MQTT log
        the read as failed; then Housekey assumes the small, common subset
        (FALLBACK_LIMITS) rather than guessing high and writing to users the lock
        does not have.
        """
        try:
            limits = await self._async_ask(
                "set",
                {
                    "read": {
                        "cluster": "closuresDoorLock",
                        "attributes": list(LIMIT_ATTRIBUTES),
                        "state_property": CAPABILITIES_PROPERTY,
                    }
                },
                "read",
                lambda state: state.get(CAPABILITIES_PROPERTY) or None,
            )
        except LockUnavailable:
            raise
        except ProviderError:
            _LOGGER.warning(
                "%s does not report its PIN limits; assuming %s users of %s-%s digits",
                self.entity_id,
                *FALLBACK_LIMITS,
            )
            return FALLBACK_LIMITS
        try:
            return (
                int(limits["numOfPinUsersSupported"]),
                int(limits["minPinLen"]),
                int(limits["maxPinLen"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ProviderError(f"{self.entity_id} reported unreadable PIN limits") from err

    async def async_harden_keypad(self, limit: int, lockout_s: int) -> bool:
        """Write WrongCodeEntryLimit and UserCodeTemporaryDisableTime where the lock has them.

        Zigbee2MQTT's generic `read` converter reads both (a lock without them makes
        it log the read as failed: not supported), its generic `write` converter sets
        those that differ, and since `/set` has no reply a second read confirms them.
        """
        try:
            current = await self._async_read_wrong_code()
        except LockUnavailable:
            raise
        except ProviderError:
            return False
        wanted = {
            name: min(max(value, 1), 255)
            for name, value in zip(WRONG_CODE_ATTRIBUTES, (limit, lockout_s), strict=True)
        }
        changes = {n: v for n, v in wanted.items() if current.get(n) != v}
        if changes:
            device = await self._async_ensure_subscribed()
            body = {"write": {"cluster": "closuresDoorLock", "payload": changes}}
            await self._async_publish(device, "set", body)
            confirmed = await self._async_read_wrong_code()
            if any(confirmed.get(n) != v for n, v in changes.items()):
                raise ProviderError(f"{self.entity_id} did not take its wrong-code limit")
        return True

    async def _async_read_wrong_code(self) -> Mapping[str, Any]:
        answer: Mapping[str, Any] = await self._async_ask(
            "set",
            {
                "read": {
                    "cluster": "closuresDoorLock",
                    "attributes": list(WRONG_CODE_ATTRIBUTES),
                    "state_property": WRONG_CODE_PROPERTY,
                }
            },
            "read",
            lambda state: state.get(WRONG_CODE_PROPERTY) or None,
        )
        return answer

    def _bridge_device(self, device: Zigbee2MqttDevice) -> dict[str, Any]:
        for entry in self._bridge_devices or []:
            if not isinstance(entry, dict):
                continue
            if (device.ieee and entry.get("ieee_address") == device.ieee) or (
                entry.get("friendly_name") == device.friendly_name
            ):
                return entry
        raise ProviderError(f"{self.entity_id} is not in Zigbee2MQTT's device list")

    def _expose_pin(self) -> bool:
        """Return the device's expose_pin option (its own setting over device_options)."""
        config = (self._bridge_info or {}).get("config") or {}
        defaults = config.get("device_options") or {}
        own: Any = None
        if self._device is not None:
            devices = config.get("devices") or {}
            own = devices.get(self._device.ieee) if self._device.ieee else None
            if not isinstance(own, dict):
                own = next(
                    (
                        d
                        for d in devices.values()
                        if isinstance(d, dict)
                        and d.get("friendly_name") == self._device.friendly_name
                    ),
                    {},
                )
        return bool(own.get("expose_pin", defaults.get("expose_pin", False)))

    async def async_read_slot(self, slot: int) -> SlotRead:
        """Read one slot with a `/get` round trip on the pin_code composite."""
        user = str(slot_to_user(slot))

        def pick(state: Mapping[str, Any]) -> Any:
            users = state.get("users")
            entry = users.get(user) if isinstance(users, dict) else None
            return dict(entry) if isinstance(entry, dict) else None

        entry = await self._async_ask(
            "get", {"pin_code": {"user": slot_to_user(slot)}}, "pin_code", pick
        )
        return self._slot_read(entry)

    def _slot_read(self, entry: Mapping[str, Any]) -> SlotRead:
        status = entry.get("status")
        if status == "available":
            return SlotRead(SlotState.EMPTY)
        if status not in OCCUPIED_STATUSES:
            return SlotRead(SlotState.UNKNOWN)
        pin = entry.get("pin_code")
        if self._expose_pin() and isinstance(pin, str) and pin:
            return SlotRead(SlotState.KNOWN, pin)
        return SlotRead(SlotState.MASKED)

    async def async_write_code(
        self, slot: int, code: str, schedule: LockSchedule | None = None
    ) -> WriteResult:
        """Store an enabled, unrestricted PIN user; the PIN goes as a string (leading zeros)."""
        self.refuse_schedule(schedule, NO_SCHEDULES)
        device = await self._async_ensure_subscribed()
        with self.own_change(slot):
            await self._async_publish(
                device,
                "set",
                {
                    "pin_code": {
                        "user": slot_to_user(slot),
                        "user_type": "unrestricted",
                        "user_enabled": True,
                        "pin_code": code,
                    }
                },
            )
        return WriteResult.SENT

    async def async_clear_code(self, slot: int) -> WriteResult:
        """Clear a PIN user (pin_code null sends clearPinCode)."""
        device = await self._async_ensure_subscribed()
        with self.own_change(slot):
            await self._async_publish(
                device, "set", {"pin_code": {"user": slot_to_user(slot), "pin_code": None}}
            )
        return WriteResult.SENT

    @callback
    def _attach(self, on_report: ReportCallback) -> Callable[[], None] | None:
        """Deliver what the device's state topic reports (subscribed once, for commands too)."""
        try:
            self._start_subscribing(self._target())
        except LockUnavailable:
            _LOGGER.debug("%s not discovered yet; listening later", self.entity_id)
            return None
        self._reports.append(on_report)

        def unsubscribe() -> None:
            if on_report in self._reports:
                self._reports.remove(on_report)

        return unsubscribe
