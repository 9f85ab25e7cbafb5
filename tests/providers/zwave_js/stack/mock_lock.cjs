#!/usr/bin/env node
// A fake Z-Wave controller with one keypad door lock, served on a loopback TCP port.
//
// It runs zwave-js's own MockServer (the same one its `mock-server` binary starts), so the
// real driver talks to it exactly as it talks to a serial stick over TCP. The lock node has
// User Code (v1, 10 slots), Notification (v8, Access Control), Door Lock (v2),
// Door Lock Logging (v1, the last 16 events) and Configuration (v4) command classes.
// zwave-js ships mock behaviours for User Code, Notification and Configuration; Door Lock
// and Door Lock Logging are answered here. Its configuration parameters
// are the wrong-code settings of a Yale Assure YRD226 (zwave-js device database,
// 0x0129/yrc_yrd_226_246_256_446-zw2.json: #4 "Wrong Code Limit" 3-10, default 5;
// #7 "Wrong Code Lockout Time" 10-127 s, default 60), self-described as Configuration v4
// locks do (name and range in Name / Properties Reports), plus its #1 "Volume".
//
// The test drives the lock's side over stdin/stdout, one JSON object per line:
//   {"id": 1, "op": "codes"}                        -> slot -> {status, code} as the lock holds it
//   {"id": 2, "op": "set_code", "slot": 3, "code": "4711", "report": true, "notify": true}
//                                                   -> a code typed in at the lock's keypad;
//                                                      report: unsolicited User Code Report,
//                                                      notify: Access Control 14 / 13 (new
//                                                      code added / single code deleted)
//                                                      carrying that User Code Report
//   {"id": 7, "op": "wipe_codes", "notify": true}   -> every code deleted at the lock
//                                                      (notify: Access Control 12)
//   {"id": 3, "op": "notify", "type": 6, "event": 6, "params": [1]}
//                                                   -> the lock sends a Notification Report
//   {"id": 4, "op": "alarm", "alarmType": 19, "alarmLevel": 1}
//                                                   -> the lock sends a V1 alarm report
//   {"id": 5, "op": "dead"} / {"op": "alive"}       -> the lock stops / resumes answering
//   {"id": 6, "op": "frames"}                       -> count of commands received per CC
//   {"id": 8, "op": "fault", "truncate": 6}         -> store only 6 digits of longer codes
//   {"id": 9, "op": "fault", "die_after_set": true} -> store the next code written, then go
//                                                      dead before answering anything more
//   {"id": 10, "op": "config"}                      -> configuration parameter -> value
//   {"id": 11, "op": "clock"}                       -> the lock's clock: {wall, sets}; wall is
//                                                      its wall-clock time (ISO, no zone) and
//                                                      sets every Time Parameters / Clock Set
//                                                      it received, with its arguments
//   {"id": 12, "op": "clock_fault", "off_s": -600, "ignore_sets": true}
//                                                      -> its clock runs 600 s behind; it
//                                                      acknowledges clock sets but keeps its time
//   {"id": 13, "op": "keypad", "slot": 3, "code": "4711", "granted": true}
//                                                   -> someone types a code at the keypad: the
//                                                      lock logs it (Door Lock Logging) and,
//                                                      unless dead, sends Access Control 6
//                                                      (keypad unlock) or 50 (invalid code)
//   {"id": 14, "op": "log"}                         -> the Door Lock Logging records it holds
//
// With `--clock time-parameters` the lock has Time Parameters CC (v1: date and time), with
// `--clock clock` Clock CC (v1: weekday, hour and minute); zwave-js has no mock behaviour
// for either, so both are answered here. Without the option the lock has no clock CC.
//
// With --schedules V,W,Y,D the lock also has Schedule Entry Lock CC version V with W week-day,
// Y year-day and D daily-repeating (v3) slots per user, answered by this file's own model of
// the CC (see `scheduleEntryLock` below), and:
//   {"id": 15, "op": "schedules"}                   -> user id -> {enabled, kind, week_day,
//                                                      year_day, daily_repeating} it holds
//   {"id": 16, "op": "received"}                    -> the Schedule Entry Lock and User Code
//                                                      commands received, in order, with
//                                                      their fields (cleared by reset_frames)
//
// A lock that is less than this one, for the locks Housekey must not take for granted:
// --no-codes leaves out User Code (and User Credential) CC, a lock with no PIN support at
// all; --no-notifications leaves out Notification CC, a lock that reports no accesses;
// --no-log leaves out Door Lock Logging CC.
//   {"id": 17, "op": "try_code", "code": "4711", "at": "2026-06-01T08:30"}
//                                                   -> whether the lock itself opens for that
//                                                      code at that time of its own clock
//   {"id": 18, "op": "lose_schedules", "slot": 3}   -> the lock forgets user 3's schedule
//   {"id": 19, "op": "put_entry", "slot": 3, "kind": "week_day", "slot_id": 2, "entry": {...}}
//                                                   -> an entry set by another controller
//                                                      (as a Set would: scheduling on)
// With --user-credential the lock has User Credential CC (zwave-js's own mock behaviour, every
// user type, 10 users, PINs of 4 to 10 digits) instead of User Code, and:
//   {"id": 20, "op": "users"}                       -> user id -> {userType, active, pins}
// With --keypads N the controller also has N Entry Control keypads (nodes 3..N+2), with the
// operations of mock_keypad.cjs.
// Replies are {"id": n, "ok": true, "result": ...}. The first line printed is
// {"event": "listening", "port": n}. Everything else (logs) goes to stderr.
"use strict";

const path = require("node:path");
const readline = require("node:readline");
const { once } = require("node:events");

// stdout carries the control protocol only.
for (const level of ["log", "info", "warn", "debug"]) {
	console[level] = (...args) => process.stderr.write(args.join(" ") + "\n");
}
console._stdout = process.stderr;

const zwaveJsDir = path.dirname(require.resolve("zwave-js/package.json"));

// The mock server advertises itself over mDNS and has no switch for it. Replace the mDNS
// module with an inert one before the server loads it, so nothing leaves loopback.
const ciaoPath = require.resolve("@homebridge/ciao", { paths: [zwaveJsDir] });
const inertService = {
	advertise: async () => {},
	end: async () => {},
	destroy: async () => {},
};
require.cache[ciaoPath] = {
	id: ciaoPath,
	filename: ciaoPath,
	loaded: true,
	exports: {
		getResponder: () => ({
			createService: () => inertService,
			shutdown: async () => {},
		}),
	},
};

const { MockServer } = require(path.join(zwaveJsDir, "build/cjs/mockServer.js"));
const { CommandClasses } = require("@zwave-js/core");
const {
	ClockCCGet,
	ClockCCReport,
	ClockCCSet,
	DoorLockCCOperationGet,
	DoorLockCCOperationReport,
	DoorLockCCOperationSet,
	DoorLockCCConfigurationGet,
	DoorLockCCConfigurationReport,
	DoorLockCCConfigurationSet,
	DoorLockLoggingCCRecordGet,
	DoorLockLoggingCCRecordReport,
	DoorLockLoggingCCRecordsSupportedGet,
	DoorLockLoggingCCRecordsSupportedReport,
	NotificationCCGet,
	NotificationCCReport,
	ScheduleEntryLockCCDailyRepeatingScheduleGet,
	ScheduleEntryLockCCDailyRepeatingScheduleReport,
	ScheduleEntryLockCCDailyRepeatingScheduleSet,
	ScheduleEntryLockCCEnableAllSet,
	ScheduleEntryLockCCEnableSet,
	ScheduleEntryLockCCWeekDayScheduleGet,
	ScheduleEntryLockCCWeekDayScheduleReport,
	ScheduleEntryLockCCWeekDayScheduleSet,
	ScheduleEntryLockCCYearDayScheduleGet,
	ScheduleEntryLockCCYearDayScheduleReport,
	ScheduleEntryLockCCYearDayScheduleSet,
	ScheduleEntryLockSetAction,
	TimeParametersCCGet,
	TimeParametersCCReport,
	TimeParametersCCSet,
	UserCodeCCGet,
	UserCodeCCReport,
	UserCodeCCSet,
	VersionCCCapabilitiesGet,
	VersionCCCapabilitiesReport,
	VersionCCGet,
	VersionCCReport,
} = require("@zwave-js/cc");
const { createMockZWaveRequestFrame } = require("@zwave-js/testing");

const LOCK_NODE_ID = 2;
const NUM_USERS = 10;
const SECURED = 0xff;

function argValue(name, fallback) {
	const i = process.argv.indexOf(name);
	return i === -1 ? fallback : process.argv[i + 1];
}

const port = Number.parseInt(argValue("--port", "0"), 10);
const clockCC = argValue("--clock", "none");
// --schedules V,W,Y,D: Schedule Entry Lock CC version and slots per user of each kind
const scheduleArg = argValue("--schedules", "");
const [SCHEDULE_VERSION, WEEK_DAY_SLOTS, YEAR_DAY_SLOTS, DAILY_REPEATING_SLOTS] = scheduleArg
	? scheduleArg.split(",").map((n) => Number.parseInt(n, 10))
	: [0, 0, 0, 0];
const USER_CREDENTIAL = process.argv.includes("--user-credential");
const NO_CODES = process.argv.includes("--no-codes");
const NO_NOTIFICATIONS = process.argv.includes("--no-notifications");
const NO_LOG = process.argv.includes("--no-log");
const keypads = require("./mock_keypad.cjs").create(
	Number.parseInt(argValue("--keypads", "0"), 10),
	LOCK_NODE_ID + 1,
);

const doorLockState = { mode: SECURED };

const CONFIG_PARAMETERS = [
	{ "#": 1, valueSize: 1, name: "Volume", minValue: 1, maxValue: 3, defaultValue: 2 },
	{ "#": 4, valueSize: 1, name: "Wrong Code Limit", minValue: 3, maxValue: 10, defaultValue: 5 },
	{
		"#": 7,
		valueSize: 1,
		name: "Wrong Code Lockout Time",
		minValue: 10,
		maxValue: 127,
		defaultValue: 60,
	},
];


// zwave-js encodes Door Lock reports only when parsing, never for sending, so the lock builds
// their payloads itself (Door Lock CC v2). Door condition bits: door closed, bolt unlocked,
// latch closed.
const HANDLES = 0x11; // outside handle 1 (high nibble) and inside handle 1 (low nibble)
const NO_TIMEOUT = [0xfe, 0xfe];

function operationReport(controller) {
	const boltUnlocked = doorLockState.mode === SECURED ? 0 : 0b010;
	return new DoorLockCCOperationReport({
		nodeId: controller.ownNodeId,
		payload: Uint8Array.from([doorLockState.mode, HANDLES, 0b101 | boltUnlocked, ...NO_TIMEOUT]),
	});
}

// Door Lock CC, Notification Get and the Version CC's own queries: zwave-js has no mock
// behaviour for them.
const respondToDoorLockAndVersion = {
	handleCC(controller, self, receivedCC) {
		if (receivedCC instanceof DoorLockCCOperationGet) {
			return { action: "sendCC", cc: operationReport(controller) };
		}
		if (receivedCC instanceof DoorLockCCOperationSet) {
			doorLockState.mode = receivedCC.mode;
			return { action: "ok" };
		}
		if (receivedCC instanceof DoorLockCCConfigurationGet) {
			return {
				action: "sendCC",
				cc: new DoorLockCCConfigurationReport({
					nodeId: controller.ownNodeId,
					payload: Uint8Array.from([1 /* constant */, HANDLES, ...NO_TIMEOUT]),
				}),
			};
		}
		if (receivedCC instanceof DoorLockCCConfigurationSet) {
			return { action: "ok" };
		}
		if (receivedCC instanceof NotificationCCGet) {
			// pull-mode status query during the interview: nothing pending
			return {
				action: "sendCC",
				cc: new NotificationCCReport({
					nodeId: controller.ownNodeId,
					notificationType: receivedCC.notificationType ?? 6,
					notificationEvent: 0,
				}),
			};
		}
		if (receivedCC instanceof VersionCCGet) {
			return {
				action: "sendCC",
				cc: new VersionCCReport({
					nodeId: controller.ownNodeId,
					libraryType: 3, // slave library
					protocolVersion: "7.18",
					firmwareVersions: ["1.0"],
				}),
			};
		}
		if (receivedCC instanceof VersionCCCapabilitiesGet) {
			return {
				action: "sendCC",
				cc: new VersionCCCapabilitiesReport({
					nodeId: controller.ownNodeId,
					supportsZWaveSoftwareGet: false,
				}),
			};
		}
		return undefined;
	},
};

// The lock's clock: its wall-clock time (kept as if it were UTC, as a lock keeps no zone)
// runs on from the moment it was last set. Before any set it is the host's UTC time.
const lockClock = { wallMs: Date.now(), atMs: Date.now(), sets: [], ignoreSets: false };

function clockNow() {
	return new Date(lockClock.wallMs + (Date.now() - lockClock.atMs));
}

function setClock(wallMs, received) {
	lockClock.sets.push(received);
	if (lockClock.ignoreSets) return;
	lockClock.wallMs = wallMs;
	lockClock.atMs = Date.now();
}

// zwave-js encodes Clock Set only for sending: the lock parses it itself (Clock CC v1:
// weekday in the top 3 bits and hour in the low 5 of the first byte, then the minute).
ClockCCSet.from = (raw, ctx) =>
	new ClockCCSet({
		nodeId: ctx.sourceNodeId,
		weekday: raw.payload[0] >>> 5,
		hour: raw.payload[0] & 31,
		minute: raw.payload[1],
	});

const respondToClock = {
	handleCC(controller, self, receivedCC) {
		if (receivedCC instanceof TimeParametersCCSet) {
			// zwave-js parses the fields as UTC; the lock keeps them as its wall clock
			const wall = receivedCC.dateAndTime;
			setClock(wall.getTime(), { cc: "Time Parameters", dateAndTime: wall.toISOString().slice(0, 19) });
			return { action: "ok" };
		}
		if (receivedCC instanceof TimeParametersCCGet) {
			const now = clockNow();
			const payload = Buffer.from([0, 0, now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(),
				now.getUTCMinutes(), now.getUTCSeconds()]);
			payload.writeUInt16BE(now.getUTCFullYear(), 0);
			return {
				action: "sendCC",
				cc: new TimeParametersCCReport({ nodeId: controller.ownNodeId, payload: Uint8Array.from(payload) }),
			};
		}
		if (receivedCC instanceof ClockCCSet) {
			const { weekday, hour, minute } = receivedCC;
			// the same wall-clock day of the week, at that hour and minute
			const now = clockNow();
			const day = weekday === 0 ? now.getUTCDay() : weekday % 7;
			const wall = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + day - now.getUTCDay(),
				hour, minute);
			setClock(wall, { cc: "Clock", weekday, hour, minute });
			return { action: "ok" };
		}
		if (receivedCC instanceof ClockCCGet) {
			const now = clockNow();
			const weekday = now.getUTCDay() === 0 ? 7 : now.getUTCDay(); // Monday 1 … Sunday 7
			return {
				action: "sendCC",
				cc: new ClockCCReport({
					nodeId: controller.ownNodeId,
					payload: Uint8Array.from([(weekday << 5) | now.getUTCHours(), now.getUTCMinutes()]),
				}),
			};
		}
		return undefined;
	},
};

// Door Lock Logging: the lock's own record of its last LOG_SIZE events, numbered 1..LOG_SIZE
// round robin, each with the lock's local date and time (zwave-js encodes these reports only
// when parsing, so the payload is built here). A record holds the code that was typed, as
// real locks log it.
const LOG_SIZE = 16;
const LOG_UNLOCK_CODE = 2;
const LOG_ILLEGAL_CODE = 7;
const eventLog = { records: new Map(), next: 1 };

function logEvent(eventType, userId, code) {
	eventLog.records.set(eventLog.next, { at: new Date(), eventType, userId, code: code ?? "" });
	eventLog.next = (eventLog.next % LOG_SIZE) + 1;
}

function recordReportPayload(number) {
	const record = eventLog.records.get(number);
	if (!record) return Uint8Array.from([number, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
	const at = record.at;
	const code = Buffer.from(record.code, "ascii");
	return Uint8Array.from([
		number,
		at.getFullYear() >> 8,
		at.getFullYear() & 0xff,
		at.getMonth() + 1,
		at.getDate(),
		(1 << 5) | at.getHours(), // record status: holds legal data
		at.getMinutes(),
		at.getSeconds(),
		record.eventType,
		record.userId,
		code.length,
		...code,
	]);
}

// zwave-js is a controller: it sends Record Get but never parses one. The lock does, as its
// firmware would (one byte, the record number; 0 asks for the newest). This patches the
// mock's own copy only; the driver runs in another process.
DoorLockLoggingCCRecordGet.from = function from(raw, ctx) {
	return new this({ nodeId: ctx.sourceNodeId, recordNumber: raw.payload[0] ?? 0 });
};

const respondToDoorLockLogging = {
	handleCC(controller, self, receivedCC) {
		const nodeId = controller.ownNodeId;
		if (receivedCC instanceof DoorLockLoggingCCRecordsSupportedGet) {
			const payload = Uint8Array.from([LOG_SIZE]);
			const cc = new DoorLockLoggingCCRecordsSupportedReport({ nodeId, payload });
			return { action: "sendCC", cc };
		}
		if (receivedCC instanceof DoorLockLoggingCCRecordGet) {
			// record 0 asks for the newest one
			const newest = ((eventLog.next + LOG_SIZE - 2) % LOG_SIZE) + 1;
			const number = receivedCC.recordNumber || newest;
			const payload = recordReportPayload(number);
			const cc = new DoorLockLoggingCCRecordReport({ nodeId, payload });
			return { action: "sendCC", cc };
		}
		return undefined;
	},
};

// Over TCP one chunk from the driver may carry an ACK and the next request together (or a
// request in pieces); the mock controller expects one serial message per chunk. Split the
// stream into messages: single-byte ACK / NAK / CAN headers and SOF-framed messages.
const SOF = 0x01;
const SINGLE_BYTE_HEADERS = new Set([0x06, 0x15, 0x18]);
let pending = Buffer.alloc(0);
const splitHostData = {
	onHostData(controller, data) {
		pending = Buffer.concat([pending, Buffer.from(data)]);
		while (pending.length > 0) {
			const head = pending[0];
			if (SINGLE_BYTE_HEADERS.has(head)) {
				void controller.serialOnData(head);
				pending = pending.subarray(1);
			} else if (head === SOF) {
				if (pending.length < 2 || pending.length < pending[1] + 2) break;
				const size = pending[1] + 2;
				void controller.serialOnData(Uint8Array.from(pending.subarray(0, size)));
				pending = pending.subarray(size);
			} else {
				pending = pending.subarray(1); // line noise: skipped, as a stick does
			}
		}
		return true;
	},
};

// A dead lock: receives nothing, acknowledges nothing.
const deadState = { dead: false };
const dropWhenDead = {
	handleCC() {
		return deadState.dead ? { action: "stop" } : undefined;
	},
};

// Faults real locks have: a code stored shorter than written, an answer lost after a write.
const faults = { truncate: 0, dieAfterSet: false };
const applyFaults = {
	handleCC(controller, self, receivedCC) {
		if (deadState.dead) return { action: "stop" };
		if (!(receivedCC instanceof UserCodeCCSet) || (!faults.truncate && !faults.dieAfterSet)) {
			return undefined;
		}
		const slot = receivedCC.userId;
		let code = receivedCC.userCode ?? "";
		if (typeof code !== "string") code = Buffer.from(code).toString("ascii");
		const occupied = receivedCC.userIdStatus !== 0;
		if (occupied && faults.truncate) code = code.slice(0, faults.truncate);
		self.state.set(stateKey("userIdStatus", slot), occupied ? 1 : 0);
		self.state.set(stateKey("userCode", slot), occupied ? code : undefined);
		if (faults.dieAfterSet) {
			faults.dieAfterSet = false;
			deadState.dead = true;
			lockNode.autoAckControllerFrames = false;
			return { action: "stop" };
		}
		return { action: "ok" };
	},
};

// Counts what the controller sent to the lock, per command class, for the benchmark.
const counted = new Map();
const countFrames = {
	handleCC(controller, self, receivedCC) {
		if (!deadState.dead) {
			const key = CommandClasses[receivedCC.ccId] ?? String(receivedCC.ccId);
			counted.set(key, (counted.get(key) ?? 0) + 1);
		}
		return undefined;
	},
};

// Schedule Entry Lock CC, as the test lock models it (SDS13781, Schedule Entry Lock CC v1-3):
// - each user id keeps its own entries of each kind (Week Day: one weekday, 0 = Sunday, and
//   start / stop time; Year Day: start and stop date and time, two-digit years; Daily
//   Repeating, v3: a set of weekdays, start time and duration), slot ids 1..N per kind;
// - setting an entry enables scheduling for that user and makes its kind the one the lock
//   applies (a user follows one kind at a time); erasing one changes neither;
// - Enable Set / Enable All Set switch scheduling on or off; a user with scheduling off opens
//   at all hours, one with it on only inside an entry of its kind (none: never);
// - a slot id of 0 or beyond what the lock reports, a user id beyond its users, a daily
//   repeating command to a lock before v3, or a stop not after the start are ignored;
// - clearing a user code leaves the user's entries (the controller erases them).
// Everything is kept in the lock's memory: what a Get reports is what the lock holds.
const KINDS = ["week_day", "year_day", "daily_repeating"];
const scheduleUsers = new Map();

function scheduleUser(userId) {
	if (!scheduleUsers.has(userId)) {
		const entries = [new Map(), new Map(), new Map()];
		scheduleUsers.set(userId, { enabled: false, kind: null, entries });
	}
	return scheduleUsers.get(userId);
}

function minutes(hour, minute) {
	return hour * 60 + minute;
}

const FIELDS = [
	["weekday", "startHour", "startMinute", "stopHour", "stopMinute"],
	[
		"startYear",
		"startMonth",
		"startDay",
		"startHour",
		"startMinute",
		"stopYear",
		"stopMonth",
		"stopDay",
		"stopHour",
		"stopMinute",
	],
	["weekdays", "startHour", "startMinute", "durationHour", "durationMinute"],
];

function slotsOf(kind) {
	if (kind === 2 && SCHEDULE_VERSION < 3) return 0;
	return [WEEK_DAY_SLOTS, YEAR_DAY_SLOTS, DAILY_REPEATING_SLOTS][kind];
}

function addressable(userId, slotId, kind) {
	return userId >= 1 && userId <= NUM_USERS && slotId >= 1 && slotId <= slotsOf(kind);
}

// Whether an entry is one the lock can keep: a stop after the start, a weekday that exists.
function validEntry(kind, e) {
	if (kind === 0) {
		return e.weekday <= 6 && minutes(e.stopHour, e.stopMinute) > minutes(e.startHour, e.startMinute);
	}
	if (kind === 1) return yearDayStop(e) > yearDayStart(e);
	return e.weekdays.length > 0 && minutes(e.durationHour, e.durationMinute) > 0;
}

function pick(cc, names) {
	return Object.fromEntries(names.map((name) => [name, cc[name]]));
}

function wallClock(year, month, day, hour, minute) {
	// the lock's own clock: local wall time, compared as if it were UTC
	return Date.UTC(2000 + year, month - 1, day, hour, minute);
}

function yearDayStart(e) {
	return wallClock(e.startYear, e.startMonth, e.startDay, e.startHour, e.startMinute);
}

function yearDayStop(e) {
	return wallClock(e.stopYear, e.stopMonth, e.stopDay, e.stopHour, e.stopMinute);
}

// Whether an entry of `kind` covers a moment of the lock's clock (a Date read as UTC).
function covers(kind, entry, at) {
	const weekday = at.getUTCDay(); // 0 = Sunday, as Z-Wave counts
	const now = minutes(at.getUTCHours(), at.getUTCMinutes());
	if (kind === 0) {
		return (
			entry.weekday === weekday &&
			now >= minutes(entry.startHour, entry.startMinute) &&
			now < minutes(entry.stopHour, entry.stopMinute)
		);
	}
	if (kind === 1) return at.getTime() >= yearDayStart(entry) && at.getTime() < yearDayStop(entry);
	const start = minutes(entry.startHour, entry.startMinute);
	const end = start + minutes(entry.durationHour, entry.durationMinute);
	const yesterday = (weekday + 6) % 7;
	// an entry may run past midnight into the next day
	return (
		(entry.weekdays.includes(weekday) && now >= start && now < end) ||
		(entry.weekdays.includes(yesterday) && now + 24 * 60 < end)
	);
}

const received = [];
const SET_KINDS = [
	[ScheduleEntryLockCCWeekDayScheduleSet, 0],
	[ScheduleEntryLockCCYearDayScheduleSet, 1],
	[ScheduleEntryLockCCDailyRepeatingScheduleSet, 2],
];
const GET_KINDS = [
	[ScheduleEntryLockCCWeekDayScheduleGet, ScheduleEntryLockCCWeekDayScheduleReport, 0],
	[ScheduleEntryLockCCYearDayScheduleGet, ScheduleEntryLockCCYearDayScheduleReport, 1],
	[ScheduleEntryLockCCDailyRepeatingScheduleGet, ScheduleEntryLockCCDailyRepeatingScheduleReport, 2],
];

const scheduleEntryLock = {
	handleCC(controller, self, receivedCC) {
		if (deadState.dead) return undefined;
		if (receivedCC instanceof ScheduleEntryLockCCEnableSet) {
			received.push({ command: "enable_set", userId: receivedCC.userId, enabled: receivedCC.enabled });
			if (receivedCC.userId < 1 || receivedCC.userId > NUM_USERS) return { action: "fail" };
			scheduleUser(receivedCC.userId).enabled = receivedCC.enabled;
			return { action: "ok" };
		}
		if (receivedCC instanceof ScheduleEntryLockCCEnableAllSet) {
			received.push({ command: "enable_all_set", enabled: receivedCC.enabled });
			for (let userId = 1; userId <= NUM_USERS; userId++) {
				scheduleUser(userId).enabled = receivedCC.enabled;
			}
			return { action: "ok" };
		}
		for (const [type, kind] of SET_KINDS) {
			if (!(receivedCC instanceof type)) continue;
			const { userId, slotId } = receivedCC;
			const erase = receivedCC.action === ScheduleEntryLockSetAction.Erase;
			const entry = erase ? null : pick(receivedCC, FIELDS[kind]);
			received.push({
				command: `${KINDS[kind]}_${erase ? "erase" : "set"}`,
				userId,
				slotId,
				...entry,
			});
			if (!addressable(userId, slotId, kind) || (entry && !validEntry(kind, entry))) {
				return { action: "fail" };
			}
			const user = scheduleUser(userId);
			if (entry === null) {
				user.entries[kind].delete(slotId);
			} else {
				user.entries[kind].set(slotId, entry);
				user.enabled = true;
				user.kind = kind;
			}
			return { action: "ok" };
		}
		for (const [type, report, kind] of GET_KINDS) {
			if (!(receivedCC instanceof type)) continue;
			const { userId, slotId } = receivedCC;
			received.push({ command: `${KINDS[kind]}_get`, userId, slotId });
			if (!addressable(userId, slotId, kind)) return { action: "fail" };
			const entry = scheduleUsers.get(userId)?.entries[kind].get(slotId) ?? {};
			return {
				action: "sendCC",
				cc: new report({ nodeId: controller.ownNodeId, userId, slotId, ...entry }),
			};
		}
		return undefined;
	},
};

// The User Code commands the lock received, next to the schedule commands, in order.
const logUserCodes = {
	handleCC(controller, self, receivedCC) {
		if (!deadState.dead && receivedCC instanceof UserCodeCCSet) {
			received.push({ command: "user_code_set", userId: receivedCC.userId, status: receivedCC.userIdStatus });
		} else if (!deadState.dead && receivedCC instanceof UserCodeCCGet) {
			received.push({ command: "user_code_get", userId: receivedCC.userId });
		}
		return undefined;
	},
};

function tryCode(code, at) {
	const moment = new Date(`${at}:00Z`); // the lock's wall clock, read as UTC
	const slot = Object.entries(readCodes()).find(([, v]) => v.status === 1 && v.code === code)?.[0];
	if (slot === undefined) return { granted: false, slot: null };
	const user = scheduleUsers.get(Number(slot));
	if (!user?.enabled || user.kind === null) return { granted: true, slot: Number(slot) };
	const granted = [...user.entries[user.kind].values()].some((e) => covers(user.kind, e, moment));
	return { granted, slot: Number(slot) };
}

function heldSchedules() {
	const out = {};
	for (const [userId, user] of scheduleUsers) {
		const held = { enabled: user.enabled, kind: user.kind === null ? null : KINDS[user.kind] };
		KINDS.forEach((name, kind) => {
			held[name] = Object.fromEntries(user.entries[kind]);
		});
		if (user.enabled || user.entries.some((m) => m.size)) out[userId] = held;
	}
	return out;
}

function heldUsers() {
	// zwave-js's User Credential mock behaviour keeps users and credentials in the node state
	const out = {};
	for (const [key, value] of lockNode.state) {
		const user = /^UserCredential_user_(\d+)$/.exec(key);
		if (user) out[user[1]] = { ...(out[user[1]] ?? { pins: [] }), userType: value.userType, active: value.active };
	}
	for (const [key, value] of lockNode.state) {
		if (!/^UserCredential_cred_1_\d+$/.test(key) || !out[value.userId]) continue;
		let pin = value.data ?? value.credentialData;
		if (typeof pin !== "string") pin = Buffer.from(pin).toString("ascii");
		out[value.userId].pins.push(pin);
	}
	return out;
}

let lockNode;

const config = {
	nodes: [
		{
			id: LOCK_NODE_ID,
			capabilities: {
				// a mains-powered (always listening) keypad deadbolt
				isListening: true,
				isFrequentListening: false,
				genericDeviceClass: 0x40, // Entry Control
				specificDeviceClass: 0x03, // Secure Keypad Door Lock
				manufacturerId: 0xfffe,
				productType: 0x0001,
				productId: 0x0001,
				firmwareVersion: "1.0",
				commandClasses: [
					...(clockCC === "time-parameters"
						? [{ ccId: CommandClasses["Time Parameters"], version: 1 }]
						: []),
					...(clockCC === "clock" ? [{ ccId: CommandClasses.Clock, version: 1 }] : []),
					{ ccId: CommandClasses["Manufacturer Specific"], version: 2 },
					{ ccId: CommandClasses.Version, version: 3 },
					{ ccId: CommandClasses["Door Lock"], version: 2 },
					...(NO_LOG ? [] : [{ ccId: CommandClasses["Door Lock Logging"], version: 1 }]),
					...(NO_CODES
						? []
						: [
								USER_CREDENTIAL
									? { ccId: CommandClasses["User Credential"], version: 1 }
									: { ccId: CommandClasses["User Code"], version: 1, numUsers: NUM_USERS },
							]),
					...(SCHEDULE_VERSION
						? [
								{
									ccId: CommandClasses["Schedule Entry Lock"],
									version: SCHEDULE_VERSION,
									numWeekDaySlots: WEEK_DAY_SLOTS,
									numYearDaySlots: YEAR_DAY_SLOTS,
									...(SCHEDULE_VERSION >= 3 ? { numDailyRepeatingSlots: DAILY_REPEATING_SLOTS } : {}),
								},
							]
						: []),
					{
						ccId: CommandClasses.Configuration,
						version: 4,
						parameters: CONFIG_PARAMETERS,
					},
					...(NO_NOTIFICATIONS
						? []
						: [
								{
									ccId: CommandClasses.Notification,
									version: 8,
									supportsV1Alarm: true,
									notificationTypesAndEvents: {
										// Access Control: manual/RF/keypad lock and unlock, auto lock,
										// jammed, code added/deleted/duplicate, keypad disabled,
										// code-entry limit, invalid credential
										6: [1, 2, 3, 4, 5, 6, 9, 11, 13, 14, 15, 16, 19, 50],
									},
								},
							]),
				],
			},
		},
	],
};

// The driver interviews with every command class version known, so make sure the node's
// behaviours (ours first) run before zwave-js's defaults.
config.onInit = (controller, nodes) => {
	controller.defineBehavior(splitHostData);
	lockNode = nodes.find((n) => n.id === LOCK_NODE_ID);
	lockNode.defineBehavior(respondToClock); // the last defined runs first: this one last
	lockNode.defineBehavior(respondToDoorLockAndVersion);
	lockNode.defineBehavior(respondToDoorLockLogging);
	lockNode.defineBehavior(scheduleEntryLock);
	lockNode.defineBehavior(countFrames);
	lockNode.defineBehavior(dropWhenDead);
	lockNode.defineBehavior(applyFaults);
	lockNode.defineBehavior(logUserCodes);
	keypads.init(nodes);
};
config.nodes.push(...keypads.nodes);

function stateKey(kind, slot) {
	// the state keys zwave-js's own User Code mock behaviour uses
	return `UserCode_${kind}_${slot}`;
}

function readCodes() {
	const out = {};
	for (let slot = 1; slot <= NUM_USERS; slot++) {
		const status = lockNode.state.get(stateKey("userIdStatus", slot)) ?? 0;
		let code = lockNode.state.get(stateKey("userCode", slot)) ?? "";
		if (typeof code !== "string") code = Buffer.from(code).toString("ascii");
		out[slot] = { status, code };
	}
	return out;
}

// The event parameters of Access Control 13 / 14: an encapsulated User Code Report (v1:
// command class, command, user id, user id status, code; an emptied slot reports zeros).
function userCodeReportBytes(slot, code) {
	const digits = code ? Buffer.from(code, "ascii") : Buffer.alloc(4);
	return Uint8Array.from([CommandClasses["User Code"], 0x03, slot, code ? 1 : 0, ...digits]);
}

async function sendToController(cc) {
	await lockNode.sendToController(createMockZWaveRequestFrame(cc, { ackRequested: false }));
}

async function handle(msg) {
	switch (msg.op) {
		case "codes":
			return readCodes();
		case "set_code": {
			// someone programs a code at the lock itself (empty code: deletes it)
			const slot = msg.slot;
			const code = msg.code ?? "";
			lockNode.state.set(stateKey("userIdStatus", slot), code ? 1 : 0);
			lockNode.state.set(stateKey("userCode", slot), code || undefined);
			if (msg.report) {
				await sendToController(
					new UserCodeCCReport({
						nodeId: lockNode.controller.ownNodeId,
						userId: slot,
						userIdStatus: code ? 1 : 0,
						userCode: code,
					}),
				);
			}
			if (msg.notify) {
				await sendToController(
					new NotificationCCReport({
						nodeId: lockNode.controller.ownNodeId,
						notificationType: 6,
						notificationEvent: code ? 14 : 13,
						eventParameters: userCodeReportBytes(slot, code),
					}),
				);
			}
			return readCodes()[slot].status;
		}
		case "wipe_codes":
			for (let slot = 1; slot <= NUM_USERS; slot++) {
				lockNode.state.set(stateKey("userIdStatus", slot), 0);
				lockNode.state.set(stateKey("userCode", slot), undefined);
			}
			if (msg.notify) {
				await sendToController(
					new NotificationCCReport({
						nodeId: lockNode.controller.ownNodeId,
						notificationType: 6,
						notificationEvent: 12,
					}),
				);
			}
			return true;
		case "notify":
			await sendToController(
				new NotificationCCReport({
					nodeId: lockNode.controller.ownNodeId,
					notificationType: msg.type,
					notificationEvent: msg.event,
					eventParameters: msg.params ? Uint8Array.from(msg.params) : undefined,
				}),
			);
			return true;
		case "alarm":
			await sendToController(
				new NotificationCCReport({
					nodeId: lockNode.controller.ownNodeId,
					alarmType: msg.alarmType,
					alarmLevel: msg.alarmLevel,
				}),
			);
			return true;
		case "dead":
			deadState.dead = true;
			lockNode.autoAckControllerFrames = false;
			return true;
		case "alive":
			deadState.dead = false;
			lockNode.autoAckControllerFrames = true;
			return true;
		case "fault":
			faults.truncate = msg.truncate ?? faults.truncate;
			faults.dieAfterSet = msg.die_after_set ?? faults.dieAfterSet;
			return true;
		case "frames":
			return Object.fromEntries(counted);
		case "config":
			// the mock Configuration behaviour's state keys
			return Object.fromEntries(
				CONFIG_PARAMETERS.map((p) => [
					p["#"],
					lockNode.state.get(`Configuration_value_${p["#"]}`) ?? p.defaultValue,
				]),
			);
		case "clock":
			return { wall: clockNow().toISOString().slice(0, 19), sets: lockClock.sets };
		case "clock_fault":
			if (msg.off_s !== undefined) {
				lockClock.wallMs = clockNow().getTime() + msg.off_s * 1000;
				lockClock.atMs = Date.now();
			}
			lockClock.ignoreSets = msg.ignore_sets ?? lockClock.ignoreSets;
			return true;
		case "keypad": {
			// the lock logs every code typed, whether or not anyone hears it
			const granted = msg.granted !== false;
			logEvent(granted ? LOG_UNLOCK_CODE : LOG_ILLEGAL_CODE, granted ? msg.slot : 0, msg.code);
			if (!deadState.dead) {
				await sendToController(
					new NotificationCCReport({
						nodeId: lockNode.controller.ownNodeId,
						notificationType: 6,
						notificationEvent: granted ? 6 : 50,
						eventParameters: granted ? Uint8Array.from([msg.slot]) : undefined,
					}),
				);
			}
			return true;
		}
		case "log":
			return Object.fromEntries(
				[...eventLog.records].map(([n, r]) => [n, { ...r, at: r.at.toISOString() }]),
			);
		case "reset_frames":
			counted.clear();
			received.length = 0;
			return true;
		case "received":
			return received;
		case "schedules":
			return heldSchedules();
		case "try_code":
			return tryCode(msg.code, msg.at);
		case "lose_schedules": {
			const user = scheduleUser(msg.slot);
			user.entries.forEach((held) => held.clear());
			user.enabled = false;
			return true;
		}
		case "users":
			return heldUsers();
		case "put_entry": {
			const user = scheduleUser(msg.slot);
			const kind = KINDS.indexOf(msg.kind);
			user.entries[kind].set(msg.slot_id, msg.entry);
			user.enabled = true;
			user.kind = kind;
			return true;
		}
		default:
			if (Object.hasOwn(keypads.ops, msg.op)) return await keypads.ops[msg.op](msg);
			throw new Error(`unknown op ${msg.op}`);
	}
}

function reply(obj) {
	process.stdout.write(JSON.stringify(obj) + "\n");
}

const server = new MockServer({ interface: "127.0.0.1", port, config });

(async () => {
	await server.start();
	// start() resolves before the socket is bound
	if (!server.server.listening) await once(server.server, "listening");
	reply({ event: "listening", port: server.server.address().port });
	const rl = readline.createInterface({ input: process.stdin });
	rl.on("line", async (line) => {
		if (!line.trim()) return;
		let msg;
		try {
			msg = JSON.parse(line);
			reply({ id: msg.id, ok: true, result: await handle(msg) });
		} catch (e) {
			reply({ id: msg?.id, ok: false, error: String(e?.stack ?? e) });
		}
	});
	// the test closing our stdin means: shut down
	rl.on("close", async () => {
		await server.stop();
		process.exit(0);
	});
})().catch((e) => {
	console.error(e);
	process.exit(1);
});

process.on("SIGTERM", async () => {
	await server.stop();
	process.exit(0);
});
