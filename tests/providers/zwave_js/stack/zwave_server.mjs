#!/usr/bin/env node
// The real Z-Wave JS driver behind the real Z-Wave JS websocket server (@zwave-js/server),
// as the Z-Wave JS add-on runs them, bound to loopback and without mDNS.
//
// Usage: node zwave_server.mjs --serial tcp://127.0.0.1:PORT --config driver.json [--port N]
// Prints one JSON line {"event": "listening", "port": n} on stdout once clients can connect;
// logs go to stderr. SIGTERM / closing stdin shuts the driver down cleanly.
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { Driver } from "zwave-js";
import { ZwavejsServer } from "@zwave-js/server";

// stdout carries the one "listening" line; logs (ours and the driver's) go to stderr.
for (const level of ["log", "info", "warn", "debug"]) {
	console[level] = (...args) => process.stderr.write(args.join(" ") + "\n");
}
console._stdout = process.stderr;

function argValue(name, fallback) {
	const i = process.argv.indexOf(name);
	return i === -1 ? fallback : process.argv[i + 1];
}

async function freePort() {
	return await new Promise((resolve, reject) => {
		const probe = createServer();
		probe.on("error", reject);
		probe.listen(0, "127.0.0.1", () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

const serial = argValue("--serial");
const options = JSON.parse(readFileSync(argValue("--config"), "utf8"));
for (const [name, key] of Object.entries(options.securityKeys ?? {})) {
	options.securityKeys[name] = Buffer.from(key, "hex");
}
// Driver logs are off unless asked for (ZWAVE_E2E_LOG=debug), as the add-on would log them.
if (process.env.ZWAVE_E2E_LOG) {
	options.logConfig = {
		enabled: true,
		level: process.env.ZWAVE_E2E_LOG,
		logToFile: false,
		forceConsole: true,
	};
}
let port = Number.parseInt(argValue("--port", "0"), 10);
if (!port) port = await freePort();

const driver = new Driver(serial, options);
let server;
let closing = false;

async function shutdown(code) {
	if (closing) return;
	closing = true;
	try {
		await server?.destroy();
		await driver.destroy();
	} finally {
		process.exit(code);
	}
}

driver.on("error", (e) => {
	console.error("driver error", e);
});
driver.once("driver ready", async () => {
	server = new ZwavejsServer(driver, {
		port,
		host: "127.0.0.1",
		enableDNSServiceDiscovery: false,
	});
	await server.start(true);
	process.stdout.write(JSON.stringify({ event: "listening", port }) + "\n");
});

process.on("SIGTERM", () => shutdown(0));
process.on("SIGINT", () => shutdown(0));
process.stdin.on("end", () => shutdown(0));
process.stdin.resume();

await driver.start();
