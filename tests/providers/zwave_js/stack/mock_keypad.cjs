// Z-Wave Entry Control keypads for the mock controller (mock_lock.cjs --keypads N).
//
// Each keypad is a node with the Ring Keypad v2's identity (manufacturer 0x0346, product
// type 0x0101, product id 0x0301), so the driver loads that device's own configuration
// file (zwave-js device database, 0x0346/keypad_v2.json: its Entry Control data is not
// validated strictly). It has Entry Control CC v1 (keys 0-9, * and #; the data types and
// events a Ring keypad reports) and Indicator CC v3 with "Code accepted" (8) and "Code not
// accepted" (9), Multilevel property each. zwave-js ships no mock behaviour for Entry
// Control nor for an Indicator Set, so both are answered here; Indicator Gets and
// Supported Gets are zwave-js's own behaviour.
//
// Control operations (mock_lock.cjs passes them on):
//   {"op": "entry", "node": 3, "event": 2, "code": "4711"}
//                                    -> the keypad sends an Entry Control Notification:
//                                       event type 2 (Enter), 3 (Disarm all), 5 (Arm away),
//                                       25 (Cancel), ...; with a code, ASCII data padded
//                                       with 0xFF to 16 bytes, as the CC specifies
//   {"op": "indicators", "node": 3}  -> the Indicator Sets the keypad received, in order:
//                                       [{indicatorId, propertyId, value}]
"use strict";

const { CommandClasses } = require("@zwave-js/core");
const {
	EntryControlCCConfigurationGet,
	EntryControlCCConfigurationReport,
	EntryControlCCConfigurationSet,
	EntryControlCCEventSupportedGet,
	EntryControlCCEventSupportedReport,
	EntryControlCCKeySupportedGet,
	EntryControlCCKeySupportedReport,
	EntryControlCCNotification,
	IndicatorCCSet,
	VersionCCCapabilitiesGet,
	VersionCCCapabilitiesReport,
	VersionCCGet,
	VersionCCReport,
} = require("@zwave-js/cc");
const { createMockZWaveRequestFrame } = require("@zwave-js/testing");

const ASCII = 2;
const NO_DATA = 0;
const CODE_ACCEPTED = 8;
const CODE_NOT_ACCEPTED = 9;
const MULTILEVEL = 1;
// Entry Control event types a Ring keypad sends: Caching, Cached keys, Enter, Disarm all,
// Arm all, Arm away, Arm home, Police, Alert medical, Cancel (EntryControlEventTypes)
const EVENT_TYPES = [0, 1, 2, 3, 4, 5, 6, 17, 19, 25];
const KEYS = "0123456789*#";

// A bit mask with bit n set for each number n (Z-Wave CC bit masks: byte n >> 3, bit n & 7).
function bitMask(numbers, offset = 0) {
	const bytes = new Uint8Array((Math.max(...numbers) - offset >> 3) + 1);
	for (const n of numbers) bytes[(n - offset) >> 3] |= 1 << ((n - offset) & 7);
	return bytes;
}

function nodeConfig(id) {
	return {
		id,
		capabilities: {
			isListening: true, // plugged in (a Ring keypad runs on USB power as well)
			isFrequentListening: false,
			genericDeviceClass: 0x40, // Entry Control
			specificDeviceClass: 0x0b, // Secure Keypad
			manufacturerId: 0x0346,
			productType: 0x0101,
			productId: 0x0301,
			firmwareVersion: "1.18",
			commandClasses: [
				{ ccId: CommandClasses["Manufacturer Specific"], version: 2 },
				{ ccId: CommandClasses.Version, version: 3 },
				{ ccId: CommandClasses["Entry Control"], version: 1 },
				{
					ccId: CommandClasses.Indicator,
					version: 3,
					indicators: {
						[CODE_ACCEPTED]: { properties: [MULTILEVEL] },
						[CODE_NOT_ACCEPTED]: { properties: [MULTILEVEL] },
					},
				},
			],
		},
	};
}

// The keypad's side of the Entry Control interview, the Version CC queries (zwave-js has no
// mock behaviour for either), and the Indicator Sets it records.
function behaviours(keypad) {
	return {
		handleCC(controller, self, receivedCC) {
			const nodeId = controller.ownNodeId;
			if (receivedCC instanceof EntryControlCCKeySupportedGet) {
				const keys = bitMask([...KEYS].map((k) => k.charCodeAt(0)));
				const payload = Uint8Array.from([keys.length, ...keys]);
				return { action: "sendCC", cc: new EntryControlCCKeySupportedReport({ nodeId, payload }) };
			}
			if (receivedCC instanceof EntryControlCCEventSupportedGet) {
				const dataTypes = bitMask([NO_DATA, ASCII]);
				const events = bitMask(EVENT_TYPES);
				const payload = Uint8Array.from([
					dataTypes.length,
					...dataTypes,
					events.length,
					...events,
					4, // key cache size: 4 to 10 keys
					10,
					1, // key cache timeout: 1 to 10 s
					10,
				]);
				const cc = new EntryControlCCEventSupportedReport({ nodeId, payload });
				return { action: "sendCC", cc };
			}
			if (receivedCC instanceof EntryControlCCConfigurationGet) {
				const payload = Uint8Array.from([keypad.cacheSize, keypad.cacheTimeout]);
				return { action: "sendCC", cc: new EntryControlCCConfigurationReport({ nodeId, payload }) };
			}
			if (receivedCC instanceof EntryControlCCConfigurationSet) {
				return { action: "ok" };
			}
			if (receivedCC instanceof IndicatorCCSet) {
				const values = receivedCC.values ?? [
					{ indicatorId: 0, propertyId: 0, value: receivedCC.indicator0Value },
				];
				for (const { indicatorId, propertyId, value } of values) {
					keypad.indicators.push({ indicatorId, propertyId, value });
				}
				return { action: "ok" };
			}
			if (receivedCC instanceof VersionCCGet) {
				const cc = new VersionCCReport({
					nodeId,
					libraryType: 3, // slave library
					protocolVersion: "7.18",
					firmwareVersions: ["1.18"],
				});
				return { action: "sendCC", cc };
			}
			if (receivedCC instanceof VersionCCCapabilitiesGet) {
				const cc = new VersionCCCapabilitiesReport({ nodeId, supportsZWaveSoftwareGet: false });
				return { action: "sendCC", cc };
			}
			return undefined;
		},
	};
}

// Entry Control Notification: sequence number, data type, event type, data length, data.
// zwave-js encodes it only when parsing, so the payload is built here.
function notificationPayload(keypad, event, code) {
	keypad.sequence = (keypad.sequence + 1) % 256; // the driver drops a repeated number
	if (!code) return Uint8Array.from([keypad.sequence, NO_DATA, event, 0]);
	const data = Buffer.alloc(Math.ceil(code.length / 16) * 16, 0xff);
	data.write(code, "ascii");
	return Uint8Array.from([keypad.sequence, ASCII, event, data.length, ...data]);
}

// `count` keypads with node ids from `firstId`.
function create(count, firstId) {
	const keypads = new Map();
	for (let i = 0; i < count; i++) {
		keypads.set(firstId + i, { node: null, sequence: 0, cacheSize: 8, cacheTimeout: 5, indicators: [] });
	}

	function keypadOf(msg) {
		const keypad = keypads.get(msg.node);
		if (!keypad) throw new Error(`no keypad node ${msg.node}`);
		return keypad;
	}

	return {
		nodes: [...keypads.keys()].map(nodeConfig),
		init(nodes) {
			for (const [id, keypad] of keypads) {
				keypad.node = nodes.find((n) => n.id === id);
				keypad.node.defineBehavior(behaviours(keypad));
			}
		},
		ops: {
			async entry(msg) {
				const keypad = keypadOf(msg);
				const payload = notificationPayload(keypad, msg.event, msg.code ?? "");
				const cc = new EntryControlCCNotification({ nodeId: keypad.node.controller.ownNodeId, payload });
				await keypad.node.sendToController(createMockZWaveRequestFrame(cc, { ackRequested: false }));
				return true;
			},
			indicators(msg) {
				return keypadOf(msg).indicators;
			},
		},
	};
}

module.exports = { create };
