/**
 * Django's ALLOWED_HOSTS check (`split_domain_port` + `validate_host`, the
 * cases of Django's own tests), and AllowedHostsMiddleware over real
 * requests and upgrades: a Host that is not allowed gets 400 — DNS
 * rebinding cannot reach a server bound to localhost under another name.
 */
import { test } from "../../tests/harness.js";
import * as assert from "uvu/assert";
import { AllowedHostsMiddleware, ProtocolTypeRouter, WebsocketConsumer, nodeApp, type Application, type Settings } from "@sio-router/runtime";
import { createHostCheck } from "../security/hosts.js";
import { send } from "../socketio/test/support.js";
import { start } from "./support.js";

const ALLOWED = ["example.com", ".example.net", "[::1]", "127.0.0.1", "forward.com", "internal.com"];

const HOSTS: [host: string | undefined, allowed: boolean, why: string][] = [
  ["example.com", true, "exact"],
  ["example.com:80", true, "the port is ignored"],
  ["EXAMPLE.COM:8000", true, "case-insensitive"],
  ["example.com.", true, "a trailing dot is dropped"],
  ["example.net", true, ".x allows the domain"],
  ["www.example.net", true, ".x allows subdomains"],
  ["[::1]:8000", true, "an IPv6 literal and a port"],
  ["127.0.0.1:8000", true, "an IPv4 literal"],
  ["anything.example.com", false, "no subdomains without the dot"],
  ["evilexample.net", false, ".x is a label boundary"],
  ["example.com@evil.tld", false, "not a host"],
  ["example.com:dr.frankenstein@evil.tld", false, "not a host"],
  ["example.com:dr.frankenstein@evil.tld:80", false, "not a host"],
  ["example.com:80/badpath", false, "not a host"],
  ["example.com: recovermypassword.com", false, "not a host"],
  ["other.com", false, "not allowed"],
  ["12.34.56.78:443", false, "another IP literal"],
  ["[2001:19f0:feee::dead:beef:cafe]:8080", false, "another IPv6 literal"],
  ["[::1", false, "an unclosed bracket"],
  ["example.com:80:80", false, "two ports"],
  ["", false, "empty"],
  [undefined, false, "absent"],
];

test("Django's host validation cases", () => {
  const check = createHostCheck(ALLOWED);
  for (const [host, allowed, why] of HOSTS) assert.is(check(host), allowed, `${why}: ${JSON.stringify(host)}`);
  const any = createHostCheck(["*"]);
  assert.ok(any("anything.example:1234"));
  assert.not.ok(any("example.com@evil.tld"), '"*" allows any host, not anything');
  assert.not.ok(any(undefined));
});

const echo = nodeApp((_req, res) => res.end("served"));
const stack = (settings: Settings): Application =>
  AllowedHostsMiddleware(ProtocolTypeRouter({ http: echo, websocket: WebsocketConsumer.as_asgi() }), settings);

async function answers(application: Application, host: string): Promise<{ http: number; websocket: number }> {
  const server = await start(application);
  try {
    const http = (await send(server.url, "/", { headers: { host } })).status;
    const websocket = (await send(server.url, "/", { headers: { host }, upgrade: true })).status;
    return { http, websocket };
  } finally {
    await server.close();
  }
}

test("AllowedHostsMiddleware: 400 on http and websocket scopes for a Host that is not allowed", async () => {
  const settings = { allowed_hosts: ["localhost", "127.0.0.1"] };
  assert.equal(await answers(stack(settings), "evil.example:8000"), { http: 400, websocket: 400 });
  assert.equal(await answers(stack(settings), "localhost:8000"), { http: 200, websocket: 101 });
  assert.equal(await answers(stack({ allowed_hosts: [], debug: true }), "localhost"), { http: 200, websocket: 101 }, "debug: localhost");
  assert.equal(await answers(stack({ allowed_hosts: [] }), "localhost"), { http: 400, websocket: 400 }, "no hosts, no debug: nothing");
  assert.equal(await answers(stack({ ...settings, check_host: false }), "evil.example"), { http: 200, websocket: 101 });
});

test("the environment: SIO_ALLOWED_HOSTS replaces the hosts, SIO_CHECK_HOST=false turns the check off", async () => {
  const settings = { allowed_hosts: ["localhost"] };
  let replaced: Application;
  let off: Application;
  try {
    process.env.SIO_ALLOWED_HOSTS = "chat.example";
    replaced = stack(settings);
    delete process.env.SIO_ALLOWED_HOSTS;
    process.env.SIO_CHECK_HOST = "false";
    off = stack(settings);
  } finally {
    delete process.env.SIO_ALLOWED_HOSTS;
    delete process.env.SIO_CHECK_HOST;
  }
  assert.equal(await answers(replaced, "chat.example"), { http: 200, websocket: 101 });
  assert.equal(await answers(replaced, "localhost"), { http: 400, websocket: 400 });
  assert.equal(await answers(off, "evil.example"), { http: 200, websocket: 101 });
});

test("a refused Host is logged once, with how to allow it", async () => {
  const server = await start(stack({ allowed_hosts: ["localhost"] }));
  try {
    for (let i = 0; i < 3; i++) await send(server.url, "/", { headers: { host: "evil.example" } });
    assert.equal(server.logs.messages, [
      'warn: refused http requests with Host "evil.example" (400): the Host is not in allowed_hosts; add it to the spec\'s allowed_hosts (or SIO_ALLOWED_HOSTS), ' +
        "or, behind a proxy that rewrites Host, have it forward the client's (nginx: proxy_set_header Host $http_host) or turn the check off " +
        "(check_host = false, SIO_CHECK_HOST=false) (logged once per value)",
    ]);
  } finally {
    await server.close();
  }
});

test("bad settings are TypeErrors", () => {
  assert.throws(() => AllowedHostsMiddleware(echo, { allowed_hosts: "localhost" as never }), TypeError);
  assert.throws(() => AllowedHostsMiddleware(echo, { check_host: "no" as never }), TypeError);
});

test.run();
