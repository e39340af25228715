import type { Channel, Json } from "./types";

/**
 * A channel as it may be shown or written to the timeline: a webhook's own
 * signing secret stays in the entry's row and leaves the server nowhere.
 */
export function publicChannel(channel: Channel): Channel {
  if (!("secret" in channel)) {
    return channel;
  }
  const { secret: _secret, ...rest } = channel;

  return { ...rest, kind: channel.kind };
}

/**
 * A timeline event's data as it may be shown. `entry.opened` rows written
 * before the secret was left out of them are cleaned on the way out.
 */
export function publicEventData(type: string, data: unknown): unknown {
  if (type !== "entry.opened" || !isChannelHolder(data)) {
    return data;
  }

  return { ...data, channel: publicChannel(data.channel) };
}

function isChannelHolder(
  data: unknown,
): data is { channel: Channel } & Record<string, Json> {
  if (typeof data !== "object" || data === null) {
    return false;
  }
  const channel = (data as { channel?: unknown }).channel;

  return typeof channel === "object" && channel !== null && "kind" in channel;
}
