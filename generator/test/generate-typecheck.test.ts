/**
 * Every golden output compiles under `--strict` (and `noUnusedLocals`: no unused
 * imports), together with a user module per case calling `reverse()` correctly; and a
 * wrong name, a missing kwarg or a kwarg of the wrong type is a compile error in user code.
 * One TypeScript program for all of it; `@sio-router/runtime` resolves to the sources through the
 * `source` condition, as in the project's own tsconfig.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN = path.join(ROOT, "fixtures/generate");
const cases = readdirSync(GOLDEN).filter((name) => existsSync(path.join(GOLDEN, name, "expected.ts")));

/** User code that must not compile: each line one mistake. */
const NEGATIVE = path.join(GOLDEN, "nested", "__wrong_reverse_calls__.ts");
const NEGATIVE_TEXT = [
  `import { reverse } from "./expected.js";`,
  `reverse("room", { room: "7" });`,
  `reverse("room-message", { room: 7 });`,
  `reverse("no-such-route");`,
  `reverse("room");`,
  `reverse("room", { room: 7, extra: "x" });`,
  "",
].join("\n");

/**
 * Wrong uses of the typed Socket.IO modules and routeOf(), one per line, each with the
 * TypeScript error it must get (line → code): the client, a consumer, the outside handle.
 */
const TYPED_NEGATIVE = path.join(GOLDEN, "typed", "__wrong_typed_programs__.ts");
const TYPED_NEGATIVE_LINES: Array<readonly [code: number | null, line: string]> = [
  [null, `import { SocketIOConsumer, type ConsumerSocket } from "@sio-router/runtime";`],
  [null, `import type { RoomEmits } from "./consumers.js";`],
  [null, `import { connectLiveConsumer, connectSocketIO, connectTenantConsumer } from "./expected.client.js";`],
  [null, `import { roomConsumerNamespace, routeOf } from "./expected.js";`],
  [null, `declare const scope: Parameters<typeof routeOf>[0];`],
  [null, `const rooms = connectSocketIO("https://example.com", "/rooms");`],
  // An event name the consumer has no handler for.
  [2345, `rooms.emit("jion", "lobby", () => {});`],
  // A payload of the wrong type.
  [2345, `rooms.emit("say", "lobby", 42);`],
  // An acknowledgement expecting another reply than the handler's.
  [2345, `rooms.emit("join", "lobby", (reply: string) => console.log(reply));`],
  // Inside a consumer: an event its emit map does not declare.
  [2345, `export class Wrong extends SocketIOConsumer<RoomEmits> { event_x(socket: ConsumerSocket<RoomEmits>): void { socket.emit("sayd", { from: "a", text: "b" }); } }`],
  // A namespace the endpoint does not serve.
  [2769, `connectSocketIO("https://example.com", "/room");`],
  // <int:order> arrives as a number.
  [2322, `export const order: string = routeOf(scope, "order-item").order;`],
  // Emitting from outside with a payload missing a field.
  [2345, `roomConsumerNamespace.to("lobby").emit("said", { from: "system" });`],
  // Polling to an endpoint served over WebSocket only.
  [2322, `connectLiveConsumer("https://example.com", "/live", { transports: ["polling"] });`],
  // The route's <int:tenant> kwarg given as a string.
  [2322, `connectTenantConsumer("https://example.com", { tenant: "7" }, "/");`],
  // Listening for an event the server never emits.
  [2345, `rooms.on("sayd", () => {});`],
  // emitWithAck's reply is the handler's ack type.
  [2322, `export const vote: number = await rooms.emitWithAck("join", "lobby");`],
  // socket.data has the consumer's data type.
  [2353, `export class WrongData extends SocketIOConsumer<RoomEmits, { name: string }> { event_x(socket: ConsumerSocket<RoomEmits, { name: string }>): void { socket.data = { nmae: "x" }; } }`],
];
const TYPED_NEGATIVE_TEXT = `${TYPED_NEGATIVE_LINES.map(([, line]) => line).join("\n")}\n`;
const VIRTUAL = new Map([
  [NEGATIVE, NEGATIVE_TEXT],
  [TYPED_NEGATIVE, TYPED_NEGATIVE_TEXT],
]);

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  const host: ts.ParseConfigHost = { ...ts.sys, readDirectory: () => [] };
  const { options } = ts.parseJsonConfigFileContent(read.config, host, ROOT, undefined, configFile);
  return { ...options, strict: true, noUnusedLocals: true, noEmit: true, customConditions: ["@sio-router/source"] };
}

function check(rootNames: string[]): ts.Diagnostic[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    const text = VIRTUAL.get(path.resolve(fileName));
    return text === undefined ? getSourceFile(fileName, language, onError, shouldCreate) : ts.createSourceFile(fileName, text, language);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => VIRTUAL.has(path.resolve(fileName)) || fileExists(fileName);
  const program = ts.createProgram({ rootNames, options, host });
  return [...ts.getPreEmitDiagnostics(program)];
}

function describe(diagnostic: ts.Diagnostic): string {
  const where = diagnostic.file
    ? `${path.relative(ROOT, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
    : "";
  return `${where} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
}

test("golden outputs and their users compile strictly; wrong reverse() calls and wrong typed programs do not", () => {
  const rootNames = cases.flatMap((name) =>
    ["expected.ts", "expected.client.ts", "usage.ts"].map((file) => path.join(GOLDEN, name, file)).filter((file) => existsSync(file)),
  );
  assert.ok(cases.length >= 6, "all golden cases");
  const diagnostics = check([...rootNames, ...VIRTUAL.keys()]);
  const fileOf = (d: ts.Diagnostic) => (d.file ? path.resolve(d.file.fileName) : "");
  const lineOf = (d: ts.Diagnostic) => d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1;
  // Only the generated modules and their users are ours to judge (the runtime's own sources are checked by `npm run typecheck`).
  const elsewhere = diagnostics.filter((d) => !d.file || (fileOf(d).startsWith(GOLDEN + path.sep) && !VIRTUAL.has(fileOf(d))));
  assert.equal(elsewhere.map(describe), [], "the generated code and correct programs compile");

  const negative = diagnostics.filter((d) => fileOf(d) === NEGATIVE);
  const lines = [...new Set(negative.map(lineOf))].sort((a, b) => a - b);
  assert.equal(lines, [2, 3, 4, 5, 6], negative.map(describe).join("\n"));

  const typed = diagnostics.filter((d) => fileOf(d) === TYPED_NEGATIVE);
  const expected = TYPED_NEGATIVE_LINES.flatMap(([code], index) => (code === null ? [] : [`${index + 1}: TS${code}`]));
  assert.equal(typed.map((d) => `${lineOf(d)}: TS${d.code}`), expected, typed.map(describe).join("\n"));
  assert.ok(expected.length >= 8, "at least the eight mistakes the issue names");
});

test.run();
