"""A radio-free Zigbee stack under Home Assistant's real ZHA integration.

Home Assistant's `zha` integration, the `zha` library and zigpy all run for
real. Only the radio is replaced: `FakeRadio` is a zigpy ControllerApplication
whose `send_packet` hands every frame to `FakeZigbeeLock`, which decodes the
ZCL frame the way a Door Lock server does, keeps a PIN user table, and answers
with a ZCL frame that zigpy parses back. The lock's signature and attribute
values come from tests/fixtures/zha/.

Tests assert on `lock.received`: the decoded commands that reached the lock.

The lock also keeps each user's type and week-day / year-day schedule entries
(ZCL 7.3.2.17.13-23: Set/Get/Clear Week Day and Year Day Schedule, Set/Get User
Type), as many per user as its NumberOf...SchedulesSupportedPerUser attributes say.
Like the specification, it does not drop a user's entries on Clear PIN Code.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

import zigpy.config
import zigpy.device
import zigpy.endpoint
import zigpy.exceptions
import zigpy.quirks
import zigpy.state
import zigpy.types as t
import zigpy.zdo.types as zdo_t
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event
from pytest_homeassistant_custom_component.common import MockConfigEntry
from zigpy.application import ControllerApplication
from zigpy.zcl import foundation
from zigpy.zcl.clusters.closures import DoorLock
from zigpy.zcl.clusters.general import Alarms, Basic, Groups

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zha"
COORDINATOR_IEEE = t.EUI64.convert("00:12:4b:00:1c:a1:b8:46")
DOOR_LOCK = DoorLock.cluster_id
EMPTY_USER = (DoorLock.UserStatus.Available, DoorLock.UserType.Unrestricted, "")


def load_lock_fixture(name: str = "yale_yrd226_lock.json") -> dict[str, Any]:
    """Return a lock signature with its attribute values."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text())
    return data


@dataclass
class Received:
    """One ZCL command as the lock decoded it from the air."""

    cluster_id: int
    name: str
    args: dict[str, Any]
    payload: bytes = field(repr=False)


class FakeRadio(ControllerApplication):  # type: ignore[misc]
    """zigpy controller with no radio: frames go to the simulated devices."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self.locks: dict[int, FakeZigbeeLock] = {}

    async def connect(self) -> None:
        """Nothing to connect to."""

    async def disconnect(self) -> None:
        """Nothing to disconnect from."""

    async def start_network(self) -> None:
        """The network state is preset in make_radio."""

    async def load_network_info(self, *, load_devices: bool = False) -> None:
        """The network state is preset in make_radio."""

    async def write_network_info(self, *, network_info: Any, node_info: Any) -> None:
        """Nothing is persisted."""

    async def reset_network_info(self) -> None:
        """Nothing is persisted."""

    async def add_endpoint(self, descriptor: zdo_t.SimpleDescriptor) -> None:
        """The coordinator endpoints are preset."""

    async def force_remove(self, dev: zigpy.device.Device) -> None:
        """Nothing to remove."""

    async def permit_ncp(self, time_s: int = 60) -> None:
        """Joining is not simulated."""

    async def permit_with_link_key(self, node: Any, link_key: Any, time_s: int = 60) -> None:
        """Joining is not simulated."""

    async def move_network_to_channel(self, new_channel: int, *, num_broadcasts: int = 5) -> None:
        """Channel changes are not simulated."""

    async def send_packet(self, packet: t.ZigbeePacket) -> None:
        """Hand a unicast frame to the simulated device it is addressed to."""
        if packet.dst is None or packet.dst.addr_mode != t.AddrMode.NWK:
            return  # broadcasts (permit join at startup) reach nobody
        lock = self.locks.get(int(packet.dst.address))
        if lock is not None:
            lock.handle_packet(packet)


def make_radio(*locks: FakeZigbeeLock) -> FakeRadio:
    """Build the controller with a formed network, a coordinator and the locks."""
    app = FakeRadio(
        {
            zigpy.config.CONF_DATABASE: None,
            zigpy.config.CONF_DEVICE: {zigpy.config.CONF_DEVICE_PATH: "/dev/null"},
            zigpy.config.CONF_STARTUP_ENERGY_SCAN: False,
            zigpy.config.CONF_NWK_BACKUP_ENABLED: False,
            zigpy.config.CONF_TOPO_SCAN_ENABLED: False,
            zigpy.config.CONF_WATCHDOG_ENABLED: False,
            zigpy.config.CONF_OTA: {zigpy.config.CONF_OTA_ENABLED: False},
        }
    )
    app.state.node_info.nwk = 0x0000
    app.state.node_info.ieee = COORDINATOR_IEEE
    app.state.node_info.manufacturer = "Texas Instruments"
    app.state.node_info.model = "CC2652"
    app.state.network_info.pan_id = 0x1A62
    app.state.network_info.extended_pan_id = COORDINATOR_IEEE
    app.state.network_info.channel = 15
    app.state.network_info.network_key.key = t.KeyData(range(16))
    app.state.counters = zigpy.state.CounterGroups()
    coordinator = app.add_device(nwk=app.state.node_info.nwk, ieee=COORDINATOR_IEEE)
    coordinator.node_desc = zdo_t.NodeDescriptor()
    coordinator.node_desc.logical_type = zdo_t.LogicalType.Coordinator
    coordinator.manufacturer = "Texas Instruments"
    coordinator.model = "CC2652"
    endpoint = coordinator.add_endpoint(1)
    endpoint.status = zigpy.endpoint.Status.ZDO_INIT
    endpoint.profile_id = 260
    endpoint.device_type = 0x0005
    endpoint.add_input_cluster(Basic.cluster_id)
    endpoint.add_input_cluster(Groups.cluster_id)
    for lock in locks:
        lock.join(app)
    return app


class FakeZigbeeLock:
    """A Door Lock server answering ZCL frames like the fixture's lock.

    Knobs model what real locks do: `online` (frames are not delivered),
    `masked` (Get PIN Code answers without the digits), `get_pin_supported`,
    `write_status` (the status of the next Set PIN Code response), `read_only`
    (attributes a Write Attributes is refused for).
    """

    def __init__(self, fixture: dict[str, Any]) -> None:
        self.fixture = fixture
        self.nwk = int(fixture["nwk"], 16)
        self.ieee = t.EUI64.convert(fixture["ieee"])
        self.received: list[Received] = []
        self.unanswered: list[t.ZigbeePacket] = []
        self.online = True
        self.masked = False
        self.get_pin_supported = True
        self.write_status: int | None = None
        #: some locks answer Get PIN Code for an unused user with NOT_FOUND
        self.empty_is_not_found = False
        #: answer the next command with a frame that does not parse
        self.garble_next = False
        #: announce PIN changes made over Zigbee too (source RF), as some locks do
        self.announce_rf_writes = False
        #: attributes the lock reads out but refuses to have written (READ_ONLY)
        self.read_only: set[str] = set()
        self._tsn = 0xA0
        attrs = fixture["attributes"]
        self.attributes: dict[int, dict[str, Any]] = {
            int(cluster, 16): dict(values) for cluster, values in attrs.items()
        }
        door = self.attributes[DOOR_LOCK]
        self.users = int(door["num_of_pin_users_supported"])
        self.pin_min = int(door["min_pin_len"])
        self.pin_max = int(door["max_pin_len"])
        #: user_id -> (status, type, code)
        self.table: dict[int, tuple[int, int, str]] = {}
        #: (user_id, schedule_id) -> (days mask, start hour, start minute, end hour, end minute)
        self.week_days: dict[tuple[int, int], tuple[int, int, int, int, int]] = {}
        #: (user_id, schedule_id) -> (local start time, local end time)
        self.year_days: dict[tuple[int, int], tuple[int, int]] = {}

    def join(self, app: FakeRadio) -> None:
        """Be a device of this controller, as zigpy restores it from its database.

        ZHA opens a new controller on every setup or reload, and builds its
        zigpy device objects anew; the lock's user table stays with the lock.
        """
        self.app = app
        self.device = self._build_device()
        app.devices[self.ieee] = self.device
        app.locks[self.nwk] = self

    # ---- building the zigpy device from the signature ------------------------------------

    def _build_device(self) -> zigpy.device.Device:
        fixture = self.fixture
        device = zigpy.device.Device(self.app, self.ieee, t.NWK(self.nwk))
        device.manufacturer = fixture["manufacturer"]
        device.model = fixture["model"]
        device.node_desc, _ = zdo_t.NodeDescriptor.deserialize(
            bytes.fromhex(fixture["node_descriptor"])
        )
        for ep_id, ep in fixture["endpoints"].items():
            endpoint = device.add_endpoint(int(ep_id))
            endpoint.status = zigpy.endpoint.Status.ZDO_INIT
            endpoint.profile_id = ep["profile_id"]
            endpoint.device_type = ep["device_type"]
            for cluster_id in ep["in_clusters"]:
                endpoint.add_input_cluster(cluster_id)
            for cluster_id in ep["out_clusters"]:
                endpoint.add_output_cluster(cluster_id)
        device.status = zigpy.device.Status.ENDPOINTS_INIT
        device = zigpy.quirks.get_device(device)
        device.last_seen = time.time()
        # What ZHA restores from its database at startup: the attribute cache.
        endpoint = device.endpoints[1]
        for cluster_id, values in self.attributes.items():
            cluster = endpoint.in_clusters[cluster_id]
            for name, value in values.items():
                attr = cluster.find_attribute(name)
                cluster._attr_cache[attr.id] = attr.type(value)
        return device

    @property
    def door_lock(self) -> Any:
        """The zigpy Door Lock cluster object (the one ZHA uses)."""
        return self.device.endpoints[1].in_clusters[DOOR_LOCK]

    # ---- the lock's side of the air ------------------------------------------------------

    def handle_packet(self, packet: t.ZigbeePacket) -> None:
        """Decode a frame for the lock and answer it."""
        if not self.online:
            raise zigpy.exceptions.DeliveryError(
                "Failed to deliver packet: MAC_NO_ACK", status=t.MACStatus.MAC_NO_ACK
            )
        if packet.dst_ep == 0:
            self.unanswered.append(packet)  # ZDO is not simulated
            return
        data = packet.data.serialize()
        hdr, payload = foundation.ZCLHeader.deserialize(data)
        cluster_id = int(packet.cluster_id)
        endpoint = self.device.endpoints[packet.dst_ep]
        cluster = endpoint.in_clusters.get(cluster_id) or endpoint.out_clusters.get(cluster_id)
        if cluster is None:
            self._default_response(packet, hdr, foundation.Status.UNSUPPORTED_CLUSTER)
            return
        if hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND:
            self._general(packet, hdr, payload, cluster)
            return
        command = cluster.server_commands.get(hdr.command_id)
        if command is None:
            self._default_response(packet, hdr, foundation.Status.UNSUP_CLUSTER_COMMAND)
            return
        args, _ = command.schema.deserialize(payload)
        self.received.append(Received(cluster_id, command.name, args.as_dict(), payload))
        if cluster_id == DOOR_LOCK:
            self._door_lock(packet, hdr, command.name, args)
        else:
            self._default_response(packet, hdr, foundation.Status.SUCCESS)

    def _general(
        self, packet: t.ZigbeePacket, hdr: foundation.ZCLHeader, payload: bytes, cluster: Any
    ) -> None:
        command = foundation.GENERAL_COMMANDS[hdr.command_id]
        args, _ = command.schema.deserialize(payload)
        self.received.append(
            Received(
                int(packet.cluster_id),
                foundation.GeneralCommand(hdr.command_id).name,
                args.as_dict(),
                payload,
            )
        )
        if hdr.command_id == foundation.GeneralCommand.Read_Attributes:
            values = self.attributes.get(int(packet.cluster_id), {})
            records = []
            for attr_id in args.attribute_ids:
                attr = cluster.attributes.get(attr_id)
                if attr is None or attr.name not in values:
                    records.append(
                        foundation.ReadAttributeRecord(
                            attr_id, foundation.Status.UNSUPPORTED_ATTRIBUTE
                        )
                    )
                    continue
                value = attr.type(values[attr.name])
                data_type = foundation.DataType.from_python_type(attr.type).type_id
                records.append(
                    foundation.ReadAttributeRecord(
                        attr_id,
                        foundation.Status.SUCCESS,
                        foundation.TypeValue(type=data_type, value=value),
                    )
                )
            rsp = foundation.GENERAL_COMMANDS[foundation.GeneralCommand.Read_Attributes_rsp]
            self._reply(packet, hdr, rsp.schema(status_records=records), general=True)
        elif hdr.command_id == foundation.GeneralCommand.Write_Attributes:
            self._write_attributes(packet, hdr, args.attributes, cluster)
        elif hdr.command_id == foundation.GeneralCommand.Configure_Reporting:
            rsp = foundation.GENERAL_COMMANDS[foundation.GeneralCommand.Configure_Reporting_rsp]
            record = foundation.ConfigureReportingResponseRecord(status=foundation.Status.SUCCESS)
            self._reply(packet, hdr, rsp.schema(status_records=[record]), general=True)
        else:
            self._default_response(packet, hdr, foundation.Status.SUCCESS)

    def _write_attributes(
        self, packet: t.ZigbeePacket, hdr: foundation.ZCLHeader, records: Any, cluster: Any
    ) -> None:
        """Store written attributes the lock has; answer as ZCL 2.5.3 says (one SUCCESS
        record when all were written, else one failure record per attribute refused)."""
        values = self.attributes.setdefault(int(packet.cluster_id), {})
        failed = []
        for record in records:
            attr = cluster.attributes.get(record.attrid)
            if attr is None or attr.name not in values or attr.name in self.read_only:
                status = (
                    foundation.Status.READ_ONLY
                    if attr is not None and attr.name in self.read_only
                    else foundation.Status.UNSUPPORTED_ATTRIBUTE
                )
                failed.append(foundation.WriteAttributesStatusRecord(status, record.attrid))
            else:
                values[attr.name] = record.value.value
        status = failed or [foundation.WriteAttributesStatusRecord(foundation.Status.SUCCESS)]
        rsp = foundation.GENERAL_COMMANDS[foundation.GeneralCommand.Write_Attributes_rsp]
        self._reply(packet, hdr, rsp.schema(status_records=status), general=True)

    def _door_lock(
        self, packet: t.ZigbeePacket, hdr: foundation.ZCLHeader, name: str, args: Any
    ) -> None:
        rsp = DoorLock.ClientCommandDefs
        if name == "set_pin_code":
            status = self._set_pin(
                int(args.user_id), args.user_status, args.user_type, args.pin_code
            )
            self._reply(packet, hdr, rsp.set_pin_code_response.schema(status=status))
            if status == 0 and self.announce_rf_writes:
                user_id = int(args.user_id)
                self.send_programming_event("RF", "PINCodeAdded", user_id, str(args.pin_code))
        elif name == "get_pin_code":
            user_id = int(args.user_id)
            if not self.get_pin_supported:
                self._default_response(packet, hdr, foundation.Status.UNSUP_CLUSTER_COMMAND)
                return
            if user_id >= self.users:
                self._default_response(packet, hdr, foundation.Status.INVALID_FIELD)
                return
            if self.empty_is_not_found and user_id not in self.table:
                self._default_response(packet, hdr, foundation.Status.NOT_FOUND)
                return
            status, user_type, code = self.table.get(user_id, EMPTY_USER)
            self._reply(
                packet,
                hdr,
                rsp.get_pin_code_response.schema(
                    user_id=user_id,
                    user_status=status,
                    user_type=user_type,
                    code="" if self.masked else code,
                ),
            )
        elif name == "clear_pin_code":
            user_id = int(args.user_id)
            status = 0 if user_id < self.users else 1
            self.table.pop(user_id, None)
            self._reply(packet, hdr, rsp.clear_pin_code_response.schema(status=status))
            if status == 0 and self.announce_rf_writes:
                self.send_programming_event("RF", "PINCodeDeleted", user_id, "")
        elif name.endswith("_schedule") and "holiday" not in name:
            self._schedule_command(packet, hdr, name, args)
        elif name == "set_user_type":
            status = self._set_user_type(int(args.user_id), int(args.user_type))
            self._reply(packet, hdr, rsp.set_user_type_response.schema(status=status))
        elif name == "get_user_type":
            user_id = int(args.user_id)
            if user_id >= self.users:
                self._default_response(packet, hdr, foundation.Status.INVALID_FIELD)
                return
            user_type = self.table.get(user_id, EMPTY_USER)[1]
            self._reply(
                packet, hdr, rsp.get_user_type_response.schema(user_id=user_id, user_type=user_type)
            )
        elif name in ("lock_door", "unlock_door"):
            self.attributes[DOOR_LOCK]["lock_state"] = 1 if name == "lock_door" else 2
            response = rsp.lock_door_response if name == "lock_door" else rsp.unlock_door_response
            self._reply(packet, hdr, response.schema(status=foundation.Status.SUCCESS))
        else:
            self._default_response(packet, hdr, foundation.Status.UNSUP_CLUSTER_COMMAND)

    def schedules_supported(self, kind: str) -> int:
        """How many entries of a kind ("week_day", "year_day") each user holds."""
        door = self.attributes[DOOR_LOCK]
        return int(door.get(f"num_of_{kind}_schedules_supported_per_user", 0))

    def _schedule_command(
        self, packet: t.ZigbeePacket, hdr: foundation.ZCLHeader, name: str, args: Any
    ) -> None:
        """Set, get or clear one week-day or year-day entry of a user."""
        verb, kind = name.split("_", 1)
        kind = kind.removesuffix("_schedule")
        if not self.schedules_supported(kind):
            self._default_response(packet, hdr, foundation.Status.UNSUP_CLUSTER_COMMAND)
            return
        key = (int(args.user_id), int(args.schedule_id))
        table: dict[Any, Any] = self.week_days if kind == "week_day" else self.year_days
        valid = key[0] < self.users and key[1] < self.schedules_supported(kind)
        rsp = getattr(DoorLock.ClientCommandDefs, f"{name}_response")
        if verb == "get":
            entry = table.get(key) if valid else None
            status = foundation.Status.SUCCESS if entry else foundation.Status.NOT_FOUND
            if not valid:
                status = foundation.Status.INVALID_FIELD
            fields = (
                ("days_mask", "start_hour", "start_minute", "end_hour", "end_minute")
                if kind == "week_day"
                else ("local_start_time", "local_end_time")
            )
            body = rsp.schema(
                schedule_id=key[1],
                user_id=key[0],
                status=status,
                **(dict(zip(fields, entry, strict=True)) if entry else {}),
            )
            self._reply(packet, hdr, body)
            return
        status = foundation.Status.SUCCESS if valid else foundation.Status.INVALID_FIELD
        if valid and verb == "set":
            if kind == "week_day":
                entry = (
                    int(args.days_mask),
                    int(args.start_hour),
                    int(args.start_minute),
                    int(args.end_hour),
                    int(args.end_minute),
                )
                start, end = (entry[1], entry[2]), (entry[3], entry[4])
                ok = entry[0] != 0 and entry[1] < 24 and entry[3] < 24 and start < end
            else:
                entry = (int(args.local_start_time), int(args.local_end_time))
                ok = entry[0] < entry[1]
            if ok:
                table[key] = entry
            else:
                status = foundation.Status.INVALID_FIELD
        elif valid:
            table.pop(key, None)
        self._reply(packet, hdr, rsp.schema(status=status))

    def _set_user_type(self, user_id: int, user_type: int) -> int:
        if user_id >= self.users:
            return int(foundation.Status.INVALID_FIELD)
        if user_id not in self.table:
            return int(foundation.Status.NOT_FOUND)
        status, _type, code = self.table[user_id]
        self.table[user_id] = (status, user_type, code)
        return int(foundation.Status.SUCCESS)

    def _set_pin(self, user_id: int, status: int, user_type: int, code: str) -> int:
        """Apply Set PIN Code the way ZCL 7.3.2.17.6 describes; return the status."""
        if self.write_status is not None:
            forced, self.write_status = self.write_status, None
            return forced
        if user_id >= self.users or not self.pin_min <= len(code) <= self.pin_max:
            return 1  # general failure
        if any(entry[2] == code for uid, entry in self.table.items() if uid != user_id):
            return 3  # duplicate code
        self.table[user_id] = (int(status), int(user_type), str(code))
        return 0

    # ---- frames from the lock --------------------------------------------------------------

    def _reply(
        self,
        packet: t.ZigbeePacket,
        request: foundation.ZCLHeader,
        response: Any,
        *,
        general: bool = False,
    ) -> None:
        make = foundation.ZCLHeader.general if general else foundation.ZCLHeader.cluster
        # An answer goes back the way the request came: a read of one of the lock's
        # client clusters (OTA) is answered client to server, or zigpy never matches it.
        to_client = request.direction != foundation.Direction.Server_to_Client
        hdr = make(
            tsn=request.tsn,
            command_id=response.command.id,
            direction=(
                foundation.Direction.Server_to_Client
                if to_client
                else foundation.Direction.Client_to_Server
            ),
        )
        if self.garble_next:
            self.garble_next = False
            response = t.SerializableBytes(response.serialize()[:-1])  # cut short on the air
        self._transmit(int(packet.cluster_id), packet.dst_ep, packet.src_ep, hdr, response)

    def _default_response(
        self, packet: t.ZigbeePacket, request: foundation.ZCLHeader, status: foundation.Status
    ) -> None:
        rsp = foundation.GENERAL_COMMANDS[foundation.GeneralCommand.Default_Response]
        self._reply(
            packet, request, rsp.schema(command_id=request.command_id, status=status), general=True
        )

    def _transmit(
        self, cluster_id: int, src_ep: int, dst_ep: int, hdr: foundation.ZCLHeader, body: Any
    ) -> None:
        frame = t.ZigbeePacket(
            src=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=t.NWK(self.nwk)),
            src_ep=src_ep,
            dst=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=t.NWK(0x0000)),
            dst_ep=dst_ep,
            tsn=self._next_tsn(),
            profile_id=260,
            cluster_id=cluster_id,
            data=t.SerializableBytes(hdr.serialize() + body.serialize()),
            lqi=180,
            rssi=-60,
        )
        asyncio.get_running_loop().call_soon(self.app.packet_received, frame)

    def _next_tsn(self) -> int:
        self._tsn = (self._tsn + 1) % 256
        return self._tsn

    def send_operation_event(self, source: str, operation: str, user_id: int) -> None:
        """The lock reports a keypad/RF/manual operation (Operation Event Notification)."""
        cmd = DoorLock.ClientCommandDefs.operation_event_notification
        body = cmd.schema(
            operation_event_source=DoorLock.OperationEventSource[source],
            operation_event_code=DoorLock.OperationEvent[operation],
            user_id=user_id,
            pin="",
            local_time=t.LocalTime(0),
        )
        hdr = foundation.ZCLHeader.cluster(
            tsn=self._next_tsn(),
            command_id=cmd.id,
            direction=foundation.Direction.Server_to_Client,
        )
        self._transmit(DOOR_LOCK, 1, 1, hdr, body)

    def send_programming_event(self, source: str, event: str, user_id: int, pin: str) -> None:
        """The lock reports a change of its user table (Programming Event Notification)."""
        cmd = DoorLock.ClientCommandDefs.programming_event_notification
        body = cmd.schema(
            program_event_source=DoorLock.OperationEventSource[source],
            program_event_code=DoorLock.ProgrammingEvent[event],
            user_id=user_id,
            pin=pin,
            user_type=DoorLock.UserType.Unrestricted,
            user_status=DoorLock.UserStatus.Enabled if pin else DoorLock.UserStatus.Available,
            local_time=t.LocalTime(0),
        )
        hdr = foundation.ZCLHeader.cluster(
            tsn=self._next_tsn(),
            command_id=cmd.id,
            direction=foundation.Direction.Server_to_Client,
        )
        self._transmit(DOOR_LOCK, 1, 1, hdr, body)

    def program_at_keypad(self, slot: int, code: str | None) -> None:
        """Someone adds, changes (code) or deletes (None) ZHA slot `slot` with the master code.

        The lock announces it as a real one does: a Programming Event Notification
        from the keypad naming the user id, with the PIN in the frame.
        """
        user_id = slot - 1
        had = user_id in self.table
        if code is None:
            self.table.pop(user_id, None)
            event = "PINCodeDeleted"
        else:
            self.table[user_id] = (
                DoorLock.UserStatus.Enabled,
                DoorLock.UserType.Unrestricted,
                code,
            )
            event = "PINCodeChanges" if had else "PINCodeAdded"
        self.send_programming_event("Keypad", event, user_id, code or "")

    def send_alarm(self, alarm_code: int) -> None:
        """The lock raises a Door Lock alarm through its Alarms cluster."""
        cmd = Alarms.ClientCommandDefs.alarm
        body = cmd.schema(alarm_code=alarm_code, cluster_id=DOOR_LOCK)
        hdr = foundation.ZCLHeader.cluster(
            tsn=self._next_tsn(),
            command_id=cmd.id,
            direction=foundation.Direction.Server_to_Client,
        )
        self._transmit(Alarms.cluster_id, 1, 1, hdr, body)

    def send_lock_state(self, state: int) -> None:
        """The lock reports its lock state (any frame tells ZHA it is back)."""
        self.attributes[DOOR_LOCK]["lock_state"] = state
        rsp = foundation.GENERAL_COMMANDS[foundation.GeneralCommand.Report_Attributes]
        attr = DoorLock.AttributeDefs.lock_state
        body = rsp.schema(
            attribute_reports=[
                foundation.Attribute(
                    attrid=attr.id,
                    value=foundation.TypeValue(
                        type=foundation.DataType.from_python_type(attr.type).type_id,
                        value=attr.type(state),
                    ),
                )
            ]
        )
        hdr = foundation.ZCLHeader.general(
            tsn=self._next_tsn(),
            command_id=foundation.GeneralCommand.Report_Attributes,
            direction=foundation.Direction.Server_to_Client,
        )
        self._transmit(DOOR_LOCK, 1, 1, hdr, body)

    # ---- test helpers ----------------------------------------------------------------------

    def pin_commands(self) -> list[Received]:
        """The PIN user commands the lock received, in order."""
        return [r for r in self.received if r.cluster_id == DOOR_LOCK and "pin_code" in r.name]

    def user_commands(self) -> list[tuple[str, dict[str, Any]]]:
        """The user table and schedule commands the lock received, in order, with their args."""
        return [
            (r.name, r.args)
            for r in self.received
            if r.cluster_id == DOOR_LOCK
            and ("pin_code" in r.name or "schedule" in r.name or "user_type" in r.name)
        ]

    def user_type(self, slot: int) -> int | None:
        """The type of ZHA slot `slot`'s user (None: no user)."""
        entry = self.table.get(slot - 1)
        return None if entry is None else int(entry[1])

    def schedules_of(self, slot: int) -> dict[str, dict[int, tuple[int, ...]]]:
        """The week-day and year-day entries ZHA slot `slot`'s user holds, by schedule id."""
        user_id = slot - 1
        return {
            kind: {sid: entry for (uid, sid), entry in table.items() if uid == user_id}
            for kind, table in (
                ("week_day", dict(self.week_days)),
                ("year_day", dict(self.year_days)),
            )
        }

    def code_in_slot(self, slot: int) -> str | None:
        """What a person typing on the keypad would find in ZHA slot `slot`."""
        entry = self.table.get(slot - 1)
        return entry[2] if entry and entry[0] == DoorLock.UserStatus.Enabled else None


@dataclass
class ZhaStack:
    """Home Assistant's ZHA set up on the fake radio with one lock."""

    hass: HomeAssistant
    lock: FakeZigbeeLock
    entry: MockConfigEntry
    entity_id: str

    def zha_device(self) -> Any:
        """The zha library's Device for the lock (for availability changes)."""
        from homeassistant.components.zha.helpers import get_zha_gateway

        return get_zha_gateway(self.hass).get_device(self.lock.ieee)

    async def reload_zha(self) -> None:
        """Reload Home Assistant's ZHA config entry (a user's "Reload")."""
        with _radio_patches(self.lock):
            assert await self.hass.config_entries.async_reload(self.entry.entry_id)
            await self.hass.async_block_till_done()

    async def go_offline(self) -> None:
        """The lock stops answering and ZHA's availability check notices."""
        self.lock.online = False
        self.zha_device().update_available(False)
        await self.hass.async_block_till_done()

    async def come_back(self) -> None:
        """The lock answers again and reports its state; ZHA marks it available."""
        self.lock.online = True
        # ZHA re-reads the lock's clusters in its own tasks before the entity returns.
        back = asyncio.Event()

        @callback
        def _changed(event: Event[EventStateChangedData]) -> None:
            new = event.data["new_state"]
            if new is not None and new.state != STATE_UNAVAILABLE:
                back.set()

        unsub = async_track_state_change_event(self.hass, self.entity_id, _changed)
        try:
            self.lock.send_lock_state(1)
            async with asyncio.timeout(5):
                await back.wait()
        finally:
            unsub()
        await self.hass.async_block_till_done()


@contextmanager
def _radio_patches(lock: FakeZigbeeLock) -> Iterator[None]:
    """Make ZHA open a fake radio (with the lock on its network) instead of a serial port."""

    async def new(*_args: Any, **_kwargs: Any) -> FakeRadio:
        return make_radio(lock)

    with (
        patch("bellows.zigbee.application.ControllerApplication.new", side_effect=new),
        patch("homeassistant.components.zha.radio_manager.CONNECT_DELAY_S", 0),
    ):
        yield


@asynccontextmanager
async def zha_stack(
    hass: HomeAssistant, fixture: str = "yale_yrd226_lock.json"
) -> AsyncIterator[ZhaStack]:
    """Set up Home Assistant's `zha` integration with the fixture's lock on a fake radio."""
    lock = FakeZigbeeLock(load_lock_fixture(fixture))
    entry = MockConfigEntry(
        domain="zha",
        version=4,
        data={
            "device": {"path": "/dev/ttyFAKE0", "baudrate": 115200, "flow_control": None},
            "radio_type": "ezsp",
        },
        options={},
    )
    entry.add_to_hass(hass)
    # zigpy drops a frame identical to one seen in the last 10 s. The fake lock
    # answers 250 slot reads in well under that, so ZCL sequence numbers wrap and
    # a repeated answer would be taken for a radio duplicate; a real lock is slower.
    with patch("zigpy.device.PACKET_DEBOUNCE_WINDOW", 0):
        with _radio_patches(lock):
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done()
        registry = er.async_get(hass)
        entity_ids = [
            e.entity_id
            for e in er.async_entries_for_config_entry(registry, entry.entry_id)
            if e.domain == "lock"
        ]
        assert len(entity_ids) == 1, entity_ids
        try:
            yield ZhaStack(hass, lock, entry, entity_ids[0])
        finally:
            await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
