/**
 * Channels' channel layer, for groups: a consumer's channel joins groups
 * (`group_add`), leaves them (`group_discard`), and a message sent to a group
 * (`group_send`) reaches every channel in it, on every process linked by the
 * layer, where the consumer's handler named by the message's `type` runs
 * (`"chat.message"` → `chat_message(event)`).
 *
 * Membership is kept where the channel lives: a process knows the groups of
 * its own consumers and listens for the groups that have a member here (on
 * Redis: one pub/sub channel per group, subscribed while it has a local
 * member). A channel leaves all its groups when its consumer ends, so a
 * crashed process leaves nothing behind in Redis. Messages are copied as
 * the structured clone algorithm does (v8 serialization): objects, arrays,
 * strings, numbers, Buffers, Dates, Maps.
 */
import { randomBytes } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import { SioError } from "../errors.js";
import { getDefaultLogger } from "../logger.js";

/** A message for a group: `type` names the handler (dots become underscores). */
export interface ChannelMessage {
  type: string;
  [key: string]: unknown;
}

export interface ChannelLayer {
  /** Adds a channel of this process (a consumer's `channel_name`) to a group. */
  group_add(group: string, channel: string): Promise<void>;
  group_discard(group: string, channel: string): Promise<void>;
  /** Delivers `message` to every channel in the group, on every linked process. */
  group_send(group: string, message: ChannelMessage): Promise<void>;
}

/** Receives the group messages sent to one channel. */
export type ChannelReceiver = (message: ChannelMessage) => void;

/** Channels' limit and alphabet for group names (also what keeps a name safe in a Redis key). */
const GROUP_NAME = /^[A-Za-z0-9._-]{1,99}$/;

function checkGroup(group: unknown): asserts group is string {
  if (typeof group !== "string" || !GROUP_NAME.test(group)) {
    throw new SioError(
      "SIO_ERR_CHANNEL_LAYER",
      `group name ${JSON.stringify(group)} must be 1 to 99 ASCII letters, digits, hyphens, underscores or periods (as in Channels)`,
    );
  }
}

function checkMessage(message: unknown): asserts message is ChannelMessage {
  if (message === null || typeof message !== "object" || Array.isArray(message) || typeof (message as ChannelMessage).type !== "string") {
    throw new SioError("SIO_ERR_CHANNEL_LAYER", `a channel layer message must be an object with a string "type", got ${JSON.stringify(message)}`);
  }
}

/** Logs a failure nobody may await (a sync consumer does not await group_send) while still rejecting for those who do. */
function reported<T>(promise: Promise<T>, what: string): Promise<T> {
  promise.catch((error: unknown) => getDefaultLogger().error(`channel layer: ${what} failed`, error));
  return promise;
}

/**
 * The groups of this process's channels and their receivers. A layer asks
 * it which groups gained their first or lost their last local member (to
 * subscribe or unsubscribe) and hands it the messages that arrive.
 */
export class LocalGroups {
  readonly #receivers = new Map<string, ChannelReceiver>();
  readonly #members = new Map<string, Set<string>>();
  readonly #groupsOf = new Map<string, Set<string>>();
  readonly #prefix = `sio.${randomBytes(6).toString("base64url")}!`;
  #next = 0;

  /** A new channel of this process, delivering to `receiver`. */
  register(receiver: ChannelReceiver): string {
    const channel = `${this.#prefix}${(this.#next++).toString(36)}`;
    this.#receivers.set(channel, receiver);
    return channel;
  }

  /** The channel's consumer ended: it leaves every group; returns the groups left without a local member. */
  unregister(channel: string): string[] {
    this.#receivers.delete(channel);
    const emptied: string[] = [];
    for (const group of this.#groupsOf.get(channel) ?? []) if (this.#remove(group, channel)) emptied.push(group);
    this.#groupsOf.delete(channel);
    return emptied;
  }

  /** Returns true when the group had no local member before. */
  add(group: string, channel: string): boolean {
    checkGroup(group);
    if (!this.#receivers.has(channel)) {
      throw new SioError(
        "SIO_ERR_CHANNEL_LAYER",
        `group_add(${JSON.stringify(group)}, ${JSON.stringify(channel)}): not a live channel of this process (add a consumer's own channel_name)`,
      );
    }
    let members = this.#members.get(group);
    const first = members === undefined;
    if (members === undefined) this.#members.set(group, (members = new Set()));
    members.add(channel);
    let groups = this.#groupsOf.get(channel);
    if (groups === undefined) this.#groupsOf.set(channel, (groups = new Set()));
    groups.add(group);
    return first;
  }

  /** Returns true when the group has no local member left. */
  discard(group: string, channel: string): boolean {
    checkGroup(group);
    this.#groupsOf.get(channel)?.delete(group);
    return this.#remove(group, channel);
  }

  has(group: string): boolean {
    return this.#members.has(group);
  }

  /** Hands a message to each local member; `copy` gives each its own copy. */
  deliver(group: string, copy: () => ChannelMessage): void {
    for (const channel of this.#members.get(group) ?? []) this.#receivers.get(channel)?.(copy());
  }

  #remove(group: string, channel: string): boolean {
    const members = this.#members.get(group);
    if (members === undefined || !members.delete(channel)) return false;
    if (members.size > 0) return false;
    this.#members.delete(group);
    return true;
  }
}

/** Encodes a message for another process: v8 serialization, as structuredClone copies. */
function encodeMessage(message: ChannelMessage): Buffer {
  return serialize(message);
}

export function decodeMessage(payload: Buffer): ChannelMessage {
  return deserialize(payload) as ChannelMessage;
}

/** How a layer reaches the other processes: it delivers what arrives through `LocalGroups.deliver`. */
export interface GroupTransport {
  /** The group has its first local member: listen for it. */
  subscribe(group: string): Promise<void>;
  /** The group has no local member left. */
  unsubscribe(group: string): Promise<void>;
  /** Sends an encoded message to every process listening for the group (this one included). */
  publish(group: string, payload: Buffer): Promise<void>;
}

/** The channel layer of this process over a transport. */
export class ProcessChannelLayer implements ChannelLayer {
  constructor(
    readonly local: LocalGroups,
    readonly transport: GroupTransport,
  ) {}

  group_add(group: string, channel: string): Promise<void> {
    return reported(
      (async () => {
        if (this.local.add(group, channel)) await this.transport.subscribe(group);
      })(),
      `group_add(${JSON.stringify(group)})`,
    );
  }

  group_discard(group: string, channel: string): Promise<void> {
    return reported(
      (async () => {
        if (this.local.discard(group, channel)) await this.transport.unsubscribe(group);
      })(),
      `group_discard(${JSON.stringify(group)})`,
    );
  }

  group_send(group: string, message: ChannelMessage): Promise<void> {
    return reported(
      (async () => {
        checkGroup(group);
        checkMessage(message);
        await this.transport.publish(group, encodeMessage(message));
      })(),
      `group_send(${JSON.stringify(group)})`,
    );
  }

  /** A consumer ended: its channel leaves its groups (and the process stops listening for those left empty). */
  release(channel: string): void {
    for (const group of this.local.unregister(channel)) void reported(this.transport.unsubscribe(group), `leaving ${JSON.stringify(group)}`);
  }
}

/** One process: a message is delivered on a later turn, copied for each member. */
export function memoryTransport(local: LocalGroups): GroupTransport {
  return {
    subscribe: () => Promise.resolve(),
    unsubscribe: () => Promise.resolve(),
    publish(group, payload) {
      setImmediate(() => local.deliver(group, () => decodeMessage(payload)));
      return Promise.resolve();
    },
  };
}
