import type { Channel } from "../types";
import { chat } from "./chat";
import { email } from "./email";
import { inbox } from "./inbox";
import { webhook } from "./webhook";

const CHANNELS: Record<string, Channel> = { chat, email, inbox, webhook };

export function channelNamed(name: string): Channel | undefined {
  return Object.hasOwn(CHANNELS, name) ? CHANNELS[name] : undefined;
}
