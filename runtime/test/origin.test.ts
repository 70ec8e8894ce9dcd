/**
 * Channels' OriginValidator cases (tests/security/test_websocket.py in
 * django/channels), as a table, over real WebSocket handshakes — with one
 * deliberate difference: a missing Origin is admitted (never a browser's).
 */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import {
  AllowedHostsOriginValidator,
  OriginValidator,
  ProtocolTypeRouter,
  WebsocketConsumer,
  createOriginCheck,
  type Application,
  type Settings,
} from "@sio-router/runtime";
import { closed, openWebSocket, start, wsUrl } from "./support.js";

interface OriginCase {
  allowed: string[];
  /** undefined: no Origin header at all. */
  origin: string | undefined;
  connects: boolean;
  why: string;
}

const CHANNELS_CASES: OriginCase[] = [
  { allowed: ["allowed-domain.com"], origin: "http://allowed-domain.com", connects: true, why: "allowed domain" },
  { allowed: ["allowed-domain.com"], origin: "http://bad-domain.com", connects: false, why: "bad domain" },
  { allowed: ["*.allowed-domain.com"], origin: "http://allowed-domain.com", connects: false, why: "a *.x pattern is not a wildcard" },
  { allowed: [".allowed-domain.com"], origin: "http://www.allowed-domain.com", connects: true, why: ".x allows subdomains" },
  { allowed: ["http://allowed-domain.com"], origin: "http://allowed-domain.com", connects: true, why: "scheme://host pattern" },
  { allowed: ["http://allowed-domain.com"], origin: "https://bad-domain.com:443", connects: false, why: "scheme://host pattern, bad origin" },
  { allowed: ["*"], origin: undefined, connects: true, why: "* with no Origin header" },
  // Channels refuses here; a missing Origin is never a browser's (see createOriginCheck).
  { allowed: [], origin: undefined, connects: true, why: "empty list, no Origin: not a browser" },
  { allowed: [], origin: "http://allowed-domain.com", connects: false, why: "empty list" },
  { allowed: [".allowed-domain.com"], origin: "", connects: false, why: "empty Origin header" },
  { allowed: [".allowed-domain.com"], origin: "something-invalid", connects: false, why: "invalid Origin header" },
];

/** The rules' finer points, from channels/security/websocket.py and Django's is_same_domain. */
const RULE_CASES: OriginCase[] = [
  { allowed: [".allowed-domain.com"], origin: "http://allowed-domain.com", connects: true, why: ".x allows the domain itself" },
  { allowed: [".allowed-domain.com"], origin: "http://evilallowed-domain.com", connects: false, why: ".x is a label boundary" },
  { allowed: ["allowed-domain.com"], origin: undefined, connects: true, why: "a missing Origin is admitted (Channels refuses it unless *)" },
  { allowed: ["allowed-domain.com"], origin: "https://ALLOWED-domain.com:8443", connects: true, why: "a bare host ignores scheme and port, case-insensitive" },
  { allowed: ["http://allowed-domain.com"], origin: "http://allowed-domain.com:80", connects: true, why: "default port 80 for http" },
  { allowed: ["https://allowed-domain.com"], origin: "https://allowed-domain.com:443", connects: true, why: "default port 443 for https" },
  { allowed: ["http://allowed-domain.com:8000"], origin: "http://allowed-domain.com", connects: false, why: "ports must agree" },
  { allowed: ["http://allowed-domain.com"], origin: "https://allowed-domain.com", connects: false, why: "schemes must agree" },
  { allowed: ["http://.allowed-domain.com:80"], origin: "http://www.allowed-domain.com", connects: true, why: "scheme + .x + port" },
  { allowed: ["[::1]"], origin: "http://[::1]:8000", connects: true, why: "IPv6 host in brackets" },
  { allowed: ["allowed-domain.com"], origin: "null", connects: false, why: "opaque origin" },
  { allowed: ["http://allowed-domain.com"], origin: "http://allowed-domain.com:abc", connects: false, why: "malformed port" },
];

const app = (allowed: string[]): Application => ProtocolTypeRouter({ websocket: OriginValidator(WebsocketConsumer.as_asgi(), allowed) });

async function handshake(application: Application, origin: string | undefined): Promise<number> {
  const server = await start(application);
  try {
    const { ws, status } = await openWebSocket(wsUrl(server, "/"), origin === undefined ? {} : { headers: { origin } });
    if (status === 101) {
      ws.close();
      await closed(ws);
    }
    return status;
  } finally {
    await server.close();
  }
}

test("Channels' OriginValidator cases over real handshakes: allowed → 101, refused → 403", async () => {
  for (const c of CHANNELS_CASES) {
    assert.is(await handshake(app(c.allowed), c.origin), c.connects ? 101 : 403, `${c.why}: ${JSON.stringify(c)}`);
  }
});

test("the matching rules in detail", () => {
  for (const c of [...CHANNELS_CASES, ...RULE_CASES]) {
    assert.is(createOriginCheck(c.allowed)(c.origin), c.connects, `${c.why}: ${JSON.stringify(c)}`);
  }
});

test("http scopes pass through the validator untouched", async () => {
  const server = await start(
    OriginValidator((_scope, conn) => {
      if (conn.type === "http") conn.res.end("through");
      return true;
    }, []),
  );
  try {
    const response = await fetch(`${server.url}/`, { headers: { origin: "http://bad-domain.com" } });
    assert.is(await response.text(), "through");
  } finally {
    await server.close();
  }
});

test("AllowedHostsOriginValidator: settings.allowed_hosts, debug defaults, env override", async () => {
  const consumer = WebsocketConsumer.as_asgi();
  const local = { origin: "http://localhost:3000" };
  // The Origin alone: the Host check (127.0.0.1 here) is off.
  const origins = (settings: Settings) => AllowedHostsOriginValidator(consumer, { ...settings, check_host: false });
  assert.is(await handshake(origins({ allowed_hosts: ["example.com"] }), local.origin), 403);
  assert.is(await handshake(origins({ allowed_hosts: ["localhost"] }), local.origin), 101);
  assert.is(await handshake(origins({ allowed_hosts: [], debug: true }), local.origin), 101, "debug with no hosts: localhost");
  assert.is(await handshake(origins({ allowed_hosts: [] }), local.origin), 403, "no debug, no hosts: nothing");
  process.env.SIO_ALLOWED_HOSTS = "example.com, .example.org";
  try {
    const validator = origins({ allowed_hosts: ["localhost"] });
    assert.is(await handshake(validator, "http://www.example.org"), 101);
    assert.is(await handshake(validator, local.origin), 403);
  } finally {
    delete process.env.SIO_ALLOWED_HOSTS;
  }
});

test("bad arguments are TypeErrors", () => {
  assert.throws(() => OriginValidator(WebsocketConsumer.as_asgi(), "*" as never), TypeError);
  assert.throws(() => OriginValidator(WebsocketConsumer.as_asgi(), undefined as never), TypeError);
  assert.throws(() => AllowedHostsOriginValidator(WebsocketConsumer.as_asgi(), { allowed_hosts: [1] } as never), TypeError);
});

test.run();
