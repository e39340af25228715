import { describe, expect, it } from "vitest";

import { createPresence } from "./presence";
import { chooseRoutes, type RouteInput } from "./routes";

const people: Record<string, string> = { usr_uma: "uma@example.com" };

function route(
  channel: RouteInput["entry"]["channel"],
  extra: Partial<RouteInput["entry"]> = {},
  connected: [string, string?][] = [],
) {
  const presence = createPresence();
  for (const [user, thread] of connected) {
    presence.connect(user, thread);
  }

  return chooseRoutes({
    entry: { requester: "usr_uma", channel, parentEntryId: null, ...extra },
    isConnected: presence.isConnected,
    emailOf: (who) => (who.includes("@") ? who : (people[who] ?? null)),
  });
}

const summary = (choice: ReturnType<typeof route>) =>
  choice.routes.map((r) => [r.channel, r.target, r.skip]);

describe("choosing where an answer goes", () => {
  it("keeps email, inbox and webhook answers on their origin", () => {
    expect(summary(route({ kind: "email" }))).toEqual([
      ["email", { to: "uma@example.com" }, null],
    ]);
    expect(summary(route({ kind: "inbox" }))).toEqual([
      ["inbox", { userEmail: "uma@example.com" }, null],
    ]);
    expect(
      summary(route({ kind: "webhook", url: "https://x.test/h" })),
    ).toEqual([["webhook", { url: "https://x.test/h" }, null]]);
  });

  it("finds a chat user connected to the thread, or to all threads", () => {
    const chat = { kind: "chat", thread: "t-1" };
    const user = "Uma@Example.com";

    expect(route(chat, {}, [[user, "t-1"]]).choice).toBe("chat");
    expect(route(chat, {}, [[user]]).choice).toBe("chat");
    expect(route(chat, {}, [[user, "t-2"]]).choice).toBe("chat+inbox+email");
  });

  it("falls back when the channel cannot be used at all", () => {
    const unknown = route({ kind: "pager" });
    const noThread = route({ kind: "chat" });

    expect(unknown.reason).toBe(
      'there is no channel "pager": the answer goes to inbox and email',
    );
    expect(summary(noThread).map(([channel]) => channel)).toEqual([
      "inbox",
      "email",
    ]);
  });

  it("skips email for a requester with no address", () => {
    const choice = route({ kind: "email" }, { requester: "usr_gone" });

    expect(summary(choice)).toEqual([
      ["email", { to: null }, 'the requester "usr_gone" has no email address'],
    ]);
  });

  it("sends a child entry's answer nowhere: its parent takes it", () => {
    const choice = route({ kind: "inbox" }, { parentEntryId: "ent_parent" });

    expect(choice).toMatchObject({ choice: "parent", routes: [] });
  });
});

describe("presence", () => {
  it("counts connections and releases each once", () => {
    const presence = createPresence();
    const first = presence.connect("uma@example.com", "t-1");
    const second = presence.connect("uma@example.com", "t-1");

    first();
    first();
    const stillThere = presence.isConnected("uma@example.com", "t-1");
    second();

    expect(stillThere).toBe(true);
    expect(presence.isConnected("uma@example.com", "t-1")).toBe(false);
  });
});
