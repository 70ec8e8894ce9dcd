/** Plain HTTP for the scale-out tests: each request on a connection of its own unless an agent is given. */
import { request, type Agent, type IncomingHttpHeaders } from "node:http";
import { within } from "../harness.js";

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the request went on a kept-alive connection used before. */
  reused: boolean;
}

export function http(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {},
): Promise<Answer> {
  return within(
    new Promise<Answer>((resolve, reject) => {
      const req = request(url, { method: options.method ?? "GET", headers: options.headers, agent: options.agent ?? false }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reused: req.reusedSocket }));
      });
      req.on("error", reject);
      req.end(options.body);
    }),
    10_000,
    `${options.method ?? "GET"} ${url}`,
  );
}

/** Logs in to the demo chat as `username`; resolves with the session cookie (name=value). */
export async function login(url: string, username: string): Promise<string> {
  const answer = await http(`${url}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `username=${encodeURIComponent(username)}`,
  });
  const cookie = [answer.headers["set-cookie"] ?? []].flat().find((each) => each.startsWith("sessionid="));
  if (answer.status !== 303 || cookie === undefined) throw new Error(`login answered ${answer.status} without a session cookie: ${answer.body}`);
  return cookie.split(";")[0]!;
}

/** Opens an Engine.IO session by polling; resolves with its id. */
export async function handshake(url: string): Promise<string> {
  const answer = await http(`${url}/socket.io/?EIO=4&transport=polling`);
  const sid = /"sid":"([^"]+)"/.exec(answer.body)?.[1];
  if (answer.status !== 200 || sid === undefined) throw new Error(`handshake answered ${answer.status}: ${answer.body}`);
  return sid;
}
