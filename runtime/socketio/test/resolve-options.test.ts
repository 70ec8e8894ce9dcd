import { test } from "../../../tests/harness.js";
import * as assert from "uvu/assert";
import { SOCKETIO_OPTIONS, type SocketIOOptionName } from "../options.js";
import { environmentVariableOf, resolveSocketIOOptions } from "../resolve-options.js";
import { SioOptionError } from "../../errors.js";

function throwsOptionError(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, SioOptionError);
    assert.is((error as SioOptionError).code, "SIO_ERR_INVALID_OPTION");
    assert.match((error as SioOptionError).message, pattern);
    return;
  }
  assert.unreachable("expected SIO_ERR_INVALID_OPTION");
}

test("engine options go to Engine.IO, socket.io options to the Server", () => {
  const resolved = resolveSocketIOOptions(
    {
      pingInterval: 300,
      pingTimeout: 200,
      maxPayload: 1024,
      upgradeTimeout: 5000,
      transports: ["websocket", "polling"],
      allowUpgrades: false,
      perMessageDeflate: true,
      httpCompression: false,
      allowEIO3: true,
      cors: { origin: ["https://a.example"], credentials: true },
      cookie: "sticky",
      connectTimeout: 1000,
      connectionStateRecovery: { maxDisconnectionDuration: 5000 },
      cleanupEmptyChildNamespaces: true,
    },
    {},
  );
  assert.equal(resolved.engine, {
    pingInterval: 300,
    pingTimeout: 200,
    maxHttpBufferSize: 1024,
    upgradeTimeout: 5000,
    transports: ["websocket", "polling"],
    allowUpgrades: false,
    perMessageDeflate: true,
    httpCompression: false,
    allowEIO3: true,
    cors: { origin: ["https://a.example"], credentials: true },
    cookie: { name: "sticky" },
  });
  assert.equal(resolved.server, {
    serveClient: false,
    connectTimeout: 1000,
    connectionStateRecovery: { maxDisconnectionDuration: 5000 },
    cleanupEmptyChildNamespaces: true,
  });
});

test("no options: Engine.IO and socket.io defaults", () => {
  const resolved = resolveSocketIOOptions(undefined, {});
  assert.equal(resolved.engine, {});
  assert.equal(resolved.server, { serveClient: false });
  assert.equal(resolveSocketIOOptions({ cors: true, cookie: true }, {}).engine, { cors: {}, cookie: { name: "io" } });
});

test("every spec option has an environment variable named after it", () => {
  const names = Object.keys(SOCKETIO_OPTIONS) as SocketIOOptionName[];
  assert.equal(environmentVariableOf("ping_interval"), "SIO_PING_INTERVAL");
  assert.equal(new Set(names.map(environmentVariableOf)).size, names.length);
});

test("the environment overrides the spec at start", () => {
  const resolved = resolveSocketIOOptions(
    { pingInterval: 300, transports: ["polling"], cors: false },
    {
      SIO_PING_INTERVAL: "1500",
      SIO_MAX_PAYLOAD: "2048",
      SIO_TRANSPORTS: "polling, websocket",
      SIO_ALLOW_UPGRADES: "no",
      SIO_CORS: "https://a.example,https://b.example",
      SIO_COOKIE: "sticky",
      SIO_CONNECTION_STATE_RECOVERY: '{"maxDisconnectionDuration":1000}',
      SIO_CONNECT_TIMEOUT: " ",
    },
  );
  assert.equal(resolved.options, {
    pingInterval: 1500,
    maxPayload: 2048,
    transports: ["polling", "websocket"],
    allowUpgrades: false,
    cors: { origin: ["https://a.example", "https://b.example"] },
    cookie: "sticky",
    connectionStateRecovery: { maxDisconnectionDuration: 1000 },
  });
  assert.equal(resolved.engine.maxHttpBufferSize, 2048);
  assert.equal(resolved.server.connectionStateRecovery, { maxDisconnectionDuration: 1000 });
});

test("the environment can switch options off and on", () => {
  const off = resolveSocketIOOptions(
    { connectionStateRecovery: {}, cookie: "sticky" },
    { SIO_CONNECTION_STATE_RECOVERY: "false", SIO_COOKIE: "false", SIO_CORS: "true" },
  );
  assert.equal(off.options, { cookie: false, cors: true });
  assert.equal(resolveSocketIOOptions({}, { SIO_CONNECTION_STATE_RECOVERY: "1" }).server.connectionStateRecovery, {});
  assert.equal(resolveSocketIOOptions({}, { SIO_CORS: '{"origin":"*","methods":["GET"]}' }).engine.cors, {
    origin: "*",
    methods: ["GET"],
  });
});

test("bad environment values fail at start, naming the variable", () => {
  throwsOptionError(() => resolveSocketIOOptions({}, { SIO_PING_INTERVAL: "soon" }), /SIO_PING_INTERVAL="soon": expected a whole number/);
  throwsOptionError(() => resolveSocketIOOptions({}, { SIO_PING_TIMEOUT: "-5" }), /SIO_PING_TIMEOUT/);
  throwsOptionError(() => resolveSocketIOOptions({}, { SIO_ALLOW_EIO3: "maybe" }), /true or false/);
  throwsOptionError(() => resolveSocketIOOptions({}, { SIO_TRANSPORTS: "polling,carrier-pigeon" }), /transports/);
  throwsOptionError(() => resolveSocketIOOptions({}, { SIO_CORS: "{nope" }), /SIO_CORS/);
  throwsOptionError(() => resolveSocketIOOptions({}, { SIO_CONNECTION_STATE_RECOVERY: "[1]" }), /connectionStateRecovery/);
});

test("bad values in code fail at start", () => {
  throwsOptionError(() => resolveSocketIOOptions({ pingInterval: 0 }, {}), /pingInterval=0/);
  throwsOptionError(() => resolveSocketIOOptions({ maxPayload: 1.5 }, {}), /maxPayload/);
  throwsOptionError(() => resolveSocketIOOptions({ transports: [] }, {}), /transports/);
  throwsOptionError(() => resolveSocketIOOptions({ cookie: "" }, {}), /cookie/);
  throwsOptionError(
    () => resolveSocketIOOptions({ connectionStateRecovery: { maxDisconnectionDuration: -1 } }, {}),
    /connectionStateRecovery/,
  );
  throwsOptionError(() => resolveSocketIOOptions({ pingIntervall: 5 } as never, {}), /unknown Socket.IO option "pingIntervall"/);
});

test.run();
