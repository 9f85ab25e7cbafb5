// A matter.js Door Lock for Housekey's real-stack Matter tests.
//
// A Matter device on the local network: the Door Lock cluster with the User, PIN credential,
// week day and year day schedule features, implemented by matter.js's own DoorLockServer
// (users, credentials and schedules kept by the lock, LockOperation / LockOperationError /
// LockUserChange events). Commissioned on the network by a real Matter controller.
//
// The test drives what happens *at the lock* through a control channel: one JSON object a line,
// one JSON answer a line, on a TCP socket on loopback (or on stdin / stdout; matter.js logs go
// to stderr):
//   {"op": "state"}                        the lock's users, PIN credentials (with their digits,
//                                          decrypted: the test asserts on them) and schedules
//   {"op": "keypad", "pin": "246813"}      a code typed at the keypad: the lock checks it against
//                                          its own credentials and schedules and reports an
//                                          opening (LockOperation) or a wrong code
//                                          (LockOperationError); "credential": false leaves
//                                          the PIN credential out of the report (user index only)
//   {"op": "admits", "user": 1, "at": [MS, ...]}
//                                          whether the lock would open for that user's PIN at
//                                          each instant (ms since the epoch), by the keypad's
//                                          rules, without a report: {"admits": [true, ...]}
//   {"op": "program", "index": 5, "pin": "555123"}
//                                          a PIN programmed at the keypad into credential 5 (a user
//                                          of the lock's own is made for it); "pin": null clears it
//   {"op": "reset"}                        factory state of the user and credential tables
// Every answer is {"ok": true, ...} or {"ok": false, "error": "..."}.
//
// Usage: MATTER_STORAGE_PATH=DIR [MATTER_MDNS_NETWORKINTERFACE=IFNAME] \
//        node door_lock.mjs --port UDP_PORT --passcode N --discriminator N [--paa-out FILE]
// The first line on stdout says it is commissionable and where its control socket listens:
// {"ok": true, "ready": true, "port": UDP_PORT, "control": TCP_PORT}.
// Closing stdin shuts it down.
// --paa-out writes the DER certificate of the test PAA that roots this device's attestation chain,
// for the controller's trust store (offline, no DCL to fetch it from).

import { Bytes, Environment, Logger, ServerNode, VendorId } from "@matter/main";
import { DoorLockServer } from "@matter/main/behaviors/door-lock";
import { DoorLock } from "@matter/main/clusters/door-lock";
import { DoorLockDevice } from "@matter/main/devices/door-lock";
import { TestCert_PAA_NoVID_Cert } from "@matter/main/protocol";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
    options: {
        port: { type: "string", default: "5540" },
        passcode: { type: "string", default: "20202021" },
        discriminator: { type: "string", default: "3840" },
        "paa-out": { type: "string" },
    },
});

// stdout carries the ready line and answers: every log line goes to stderr.
Logger.destinations.default.write = text => process.stderr.write(`${text}\n`);

Environment.default.vars.set("runtime.signals", false);

if (args["paa-out"]) {
    writeFileSync(args["paa-out"], Bytes.of(TestCert_PAA_NoVID_Cert));
}

const { CredentialType, DataOperationType, LockDataType, LockOperationType, LockState } = DoorLock;
const { OperationError, OperationSource, UserStatus, UserType, AlarmCode } = DoorLock;

const LockServer = DoorLockServer.with(
    "PinCredential",
    "User",
    "WeekDayAccessSchedules",
    "YearDayAccessSchedules",
);

const node = await ServerNode.create({
    id: "housekey-door-lock",
    network: { port: Number(args.port), ipv4: false },
    commissioning: { passcode: Number(args.passcode), discriminator: Number(args.discriminator) },
    productDescription: { name: "Housekey test lock", deviceType: DoorLockDevice.deviceType },
    basicInformation: {
        vendorName: "Housekey",
        vendorId: VendorId(0xfff1),
        productName: "Test door lock",
        productId: 0x8001,
        nodeLabel: "Front door",
        serialNumber: "housekey-lock-1",
        hardwareVersion: 1,
        softwareVersion: 1,
    },
});

const lock = await node.add(DoorLockDevice.with(LockServer), {
    id: "door",
    doorLock: {
        lockState: LockState.Locked,
        lockType: DoorLock.LockType.DeadBolt,
        actuatorEnabled: true,
        operatingMode: DoorLock.OperatingMode.Normal,
        numberOfTotalUsersSupported: 10,
        numberOfPinUsersSupported: 10,
        numberOfCredentialsSupportedPerUser: 2,
        minPinCodeLength: 4,
        maxPinCodeLength: 8,
        numberOfWeekDaySchedulesSupportedPerUser: 4,
        numberOfYearDaySchedulesSupportedPerUser: 2,
        wrongCodeEntryLimit: 3,
        userCodeTemporaryDisableTime: 10,
    },
});

/** Run `body` with the lock's DoorLock behavior inside one transaction. */
function withLock(purpose, body) {
    return lock.act(purpose, agent => body(agent.get(LockServer), agent.context));
}

const DAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Whether the user's week day and year day schedules let them in now (the lock's local time). */
function scheduleAllows(server, userIndex, now = new Date()) {
    const user = server.auth.findUser(userIndex);
    if (!user) return false;
    const weekDays = server.state.weekDaySchedules.filter(s => s.userIndex === userIndex);
    const yearDays = server.state.yearDaySchedules.filter(s => s.userIndex === userIndex);
    if (user.userType === UserType.WeekDayScheduleUser || weekDays.length) {
        // matter.js keeps the daysMask bitmap as flags by name (bit 0 Sunday … bit 6 Saturday)
        const day = DAY_NAMES[now.getDay()];
        const minute = now.getHours() * 60 + now.getMinutes();
        const open = weekDays.some(
            s =>
                s.daysMask[day] &&
                minute >= s.startHour * 60 + s.startMinute &&
                minute < s.endHour * 60 + s.endMinute,
        );
        if (!open) return false;
    }
    if (user.userType === UserType.YearDayScheduleUser || yearDays.length) {
        // localStartTime / localEndTime are local wall-clock times; matter.js's epoch-s
        // type keeps them as Unix seconds (it adds the 2000-01-01 offset on decoding)
        const seconds = (now.getTime() - now.getTimezoneOffset() * 60_000) / 1000;
        if (!yearDays.some(s => seconds >= s.localStartTime && seconds <= s.localEndTime)) return false;
    }
    return true;
}

function describe(server) {
    const auth = server.auth;
    return {
        users: server.state.users.map(u => ({
            index: u.userIndex,
            name: u.userName,
            status: u.userStatus,
            type: u.userType,
            credentials: u.credentials.map(c => [c.credentialType, c.credentialIndex]),
        })),
        pins: Object.fromEntries(
            server.state.credentials
                .filter(c => c.credentialType === CredentialType.Pin)
                .map(c => [c.credentialIndex, Buffer.from(auth.decrypt(c.credentialData)).toString()]),
        ),
        weekDaySchedules: server.state.weekDaySchedules.map(s => ({ ...s })),
        yearDaySchedules: server.state.yearDaySchedules.map(s => ({ ...s })),
        lockState: server.state.lockState,
        wrongCodeEntryLimit: server.state.wrongCodeEntryLimit,
        userCodeTemporaryDisableTime: server.state.userCodeTemporaryDisableTime,
    };
}

/** A code typed at the keypad; `withCredential` false: the report names only the user, as
 * many locks' do. */
function keypad(server, context, pin, withCredential) {
    const auth = server.auth;
    const code = Bytes.fromString(pin);
    const match = server.state.credentials.find(
        c => c.credentialType === CredentialType.Pin && Bytes.areEqual(auth.decrypt(c.credentialData), code),
    );
    const userIndex = match ? auth.findUserIndexForCredential(CredentialType.Pin, match.credentialIndex) : null;
    const credentials =
        match && withCredential
            ? [{ credentialType: CredentialType.Pin, credentialIndex: match.credentialIndex }]
            : null;
    const user = userIndex === null ? undefined : auth.findUser(userIndex);
    let error = null;
    // after WrongCodeEntryLimit wrong codes the keypad takes no code for
    // UserCodeTemporaryDisableTime seconds
    if (Date.now() < (server.internal.keypadDisabledUntil ?? 0)) error = OperationError.Unspecified;
    else if (!match) error = OperationError.InvalidCredential;
    else if (user?.userStatus === UserStatus.OccupiedDisabled) error = OperationError.DisabledUserDenied;
    else if (userIndex !== null && !scheduleAllows(server, userIndex)) error = OperationError.Restricted;
    const base = { lockOperationType: LockOperationType.Unlock, operationSource: OperationSource.Keypad };
    if (error !== null) {
        server.events.lockOperationError.emit(
            { ...base, operationError: error, userIndex, fabricIndex: null, sourceNode: null, credentials },
            context,
        );
        if (error === OperationError.InvalidCredential) {
            const wrong = ++server.internal.wrongCodeCount;
            if (wrong >= server.state.wrongCodeEntryLimit) {
                server.internal.wrongCodeCount = 0;
                server.internal.keypadDisabledUntil =
                    Date.now() + 1000 * server.state.userCodeTemporaryDisableTime;
                server.events.doorLockAlarm.emit({ alarmCode: AlarmCode.WrongCodeEntryLimit }, context);
            }
        }
        return { granted: false, error, user: userIndex };
    }
    server.internal.wrongCodeCount = 0;
    server.state.lockState = LockState.Unlocked;
    server.events.lockOperation.emit({ ...base, userIndex, fabricIndex: null, sourceNode: null, credentials }, context);
    return { granted: true, user: userIndex, credential: match.credentialIndex };
}

/** Whether the user's PIN would open the lock at each instant, by the keypad's own rules. */
function admits(server, userIndex, instants) {
    const user = server.auth.findUser(userIndex);
    const hasPin = !!user?.credentials.some(c => c.credentialType === CredentialType.Pin);
    const enabled = user?.userStatus !== UserStatus.OccupiedDisabled;
    return instants.map(ms => hasPin && enabled && scheduleAllows(server, userIndex, new Date(ms)));
}

/** The keypad's programming mode: no fabric made these, so they carry the lock's own index 0. */
function program(server, context, index, pin) {
    const auth = server.auth;
    const existing = auth.findCredential(CredentialType.Pin, index);
    const change = (operation, userIndex) =>
        server.events.lockUserChange.emit(
            {
                lockDataType: LockDataType.Pin,
                dataOperationType: operation,
                operationSource: OperationSource.Keypad,
                userIndex,
                fabricIndex: null,
                sourceNode: null,
                dataIndex: index,
            },
            context,
        );
    const owner = auth.findUserIndexForCredential(CredentialType.Pin, index);
    if (pin === null) {
        if (!existing) return { changed: false };
        if (owner !== null) {
            const user = auth.findUser(owner);
            auth.replaceUser(owner, {
                ...user,
                credentials: user.credentials.filter(
                    c => !(c.credentialType === CredentialType.Pin && c.credentialIndex === index),
                ),
            });
        }
        auth.removeCredential(CredentialType.Pin, index);
        change(DataOperationType.Clear, owner);
        return { changed: true, user: owner };
    }
    const code = Bytes.fromString(pin);
    if (auth.isDuplicateCredential(CredentialType.Pin, code, index)) return { changed: false, duplicate: true };
    if (existing) {
        auth.updateCredentialData(CredentialType.Pin, index, code, existing.creatorFabricIndex);
        change(DataOperationType.Modify, owner);
        return { changed: true, user: owner };
    }
    const userIndex = auth.findUser(index)
        ? auth.findAvailableUserIndex(server.state.numberOfTotalUsersSupported)
        : index;
    if (userIndex === null) return { changed: false, full: true };
    auth.addCredential(CredentialType.Pin, index, code, 0);
    auth.addUser({
        userIndex,
        userName: "",
        userUniqueId: null,
        userStatus: UserStatus.OccupiedEnabled,
        userType: UserType.UnrestrictedUser,
        credentialRule: DoorLock.CredentialRule.Single,
        credentials: [{ credentialType: CredentialType.Pin, credentialIndex: index }],
        creatorFabricIndex: 0,
        lastModifiedFabricIndex: 0,
    });
    change(DataOperationType.Add, userIndex);
    return { changed: true, user: userIndex };
}

function reset(server) {
    server.state.users = [];
    server.state.credentials = [];
    server.state.weekDaySchedules = [];
    server.state.yearDaySchedules = [];
    server.state.lockState = LockState.Locked;
    server.internal.wrongCodeCount = 0;
    server.internal.keypadDisabledUntil = 0;
    return {};
}

const handlers = {
    state: () => withLock("state", server => describe(server)),
    keypad: request =>
        withLock("keypad", (server, context) =>
            keypad(server, context, String(request.pin), request.credential !== false),
        ),
    admits: request =>
        withLock("admits", server => ({
            admits: admits(server, Number(request.user), request.at.map(Number)),
        })),
    program: request =>
        withLock("program", (server, context) =>
            program(server, context, Number(request.index), request.pin === null ? null : String(request.pin)),
        ),
    reset: () => withLock("reset", server => reset(server)),
};

// One request at a time, whichever connection it comes from, answered in order.
let queue = Promise.resolve();
function serve(line, reply) {
    if (!line.trim()) return;
    queue = queue.then(async () => {
        try {
            const request = JSON.parse(line);
            const handler = handlers[request.op];
            if (!handler) throw new Error(`unknown op ${request.op}`);
            reply({ ok: true, ...(await handler(request)) });
        } catch (error) {
            reply({ ok: false, error: String(error?.message ?? error) });
        }
    });
}

await node.start();

// the control socket: TCP on loopback, on a free port the ready line names
const control = await new Promise((resolve, reject) => {
    const server = createServer(socket => {
        const reply = body => socket.write(`${JSON.stringify(body)}\n`);
        createInterface({ input: socket }).on("line", line => serve(line, reply));
        socket.on("error", () => socket.destroy());
    });
    server.on("error", reject).listen(0, "127.0.0.1", () => resolve(server.address().port));
});

const say = body => process.stdout.write(`${JSON.stringify(body)}\n`);
say({ ok: true, ready: true, port: Number(args.port), control });

// stdin: requests too; its end (the test is done) shuts the device down
createInterface({ input: process.stdin })
    .on("line", line => serve(line, say))
    .on("close", () => {
        queue = queue.then(async () => {
            await node.close();
            process.exit(0);
        });
    });
