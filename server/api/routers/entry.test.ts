import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { users } from "@/db/schema";
import { entrySpec } from "@/server/registry/testing/harness";
import { post, registriesPerTest } from "@/server/registry/testing/helpers";

import { callerAs, codeOf, makeUser } from "../testing/callers";
import { heard } from "../testing/streams";

const fresh = registriesPerTest();

describe("entry procedures", () => {
  it("list entries for admins, filtered by state and reason", async () => {
    const h = fresh();
    const open = await h.registry.openEntry(entrySpec());
    const closed = await h.registry.openEntry(entrySpec());
    await post(h, closed.id, "budget", "error");
    const admin = callerAs(h, makeUser(h, "admin"));

    const all = await admin.entry.list({ limit: 10 });
    const failed = await admin.entry.list({
      limit: 10,
      reason: "unsatisfiable",
    });
    const waiting = await admin.entry.list({ limit: 10, state: "open" });

    expect(all.items.map((e) => e.id).sort()).toEqual(
      [open.id, closed.id].sort(),
    );
    expect(failed.items.map((e) => e.id)).toEqual([closed.id]);
    expect(waiting.items.map((e) => e.id)).toEqual([open.id]);
  });

  it("find an entry by part of its id and by participant kind", async () => {
    const h = fresh();
    const wanted = await h.registry.openEntry(
      entrySpec({ expect: [{ key: "vote", kind: "llm" }] }),
    );
    await h.registry.openEntry(entrySpec());
    const admin = callerAs(h, makeUser(h, "admin"));

    const byId = await admin.entry.list({ limit: 5, id: wanted.id.slice(-8) });
    const byKind = await admin.entry.list({ limit: 5, kind: "llm" });

    expect(byId.items.map((e) => e.id)).toEqual([wanted.id]);
    expect(byKind.items.map((e) => e.id)).toEqual([wanted.id]);
  });

  it("find an entry by its whole id, wildcards taken literally", async () => {
    const h = fresh();
    const wanted = await h.registry.openEntry(entrySpec());
    await h.registry.openEntry(entrySpec());
    const admin = callerAs(h, makeUser(h, "admin"));

    const whole = await admin.entry.list({ limit: 5, id: wanted.id });
    const wildcard = await admin.entry.list({ limit: 5, id: "%" });

    expect(whole.items.map((e) => e.id)).toEqual([wanted.id]);
    expect(wildcard.items).toEqual([]);
  });

  it("page through entries with a cursor", async () => {
    const h = fresh();
    for (let i = 0; i < 5; i++) {
      await h.registry.openEntry(entrySpec());
    }
    const admin = callerAs(h, makeUser(h, "admin"));

    const first = await admin.entry.list({ limit: 3 });
    const second = await admin.entry.list({
      limit: 3,
      cursor: first.nextCursor ?? undefined,
    });

    expect(first.items).toHaveLength(3);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
  });

  it("show an entry with its timeline and why it is pending", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    await post(h, id, "budget", "ok");
    const admin = callerAs(h, makeUser(h, "admin"));

    const entry = await admin.entry.get({ id });

    expect(entry.timeline.map((e) => e.type)).toContain("fragment.accepted");
    expect(entry.pending).toMatchObject({ met: false, possible: true });
  });

  it("refuse everyone but admins", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec());
    const roles = [
      callerAs(h, makeUser(h, "user")),
      callerAs(h, makeUser(h, "approver", ["managers"])),
    ];

    for (const caller of roles) {
      expect(await codeOf(caller.entry.list({ limit: 5 }))).toBe("FORBIDDEN");
      expect(await codeOf(caller.entry.get({ id }))).toBe("FORBIDDEN");
    }
    expect(await codeOf(callerAs(h, null).entry.get({ id }))).toBe(
      "UNAUTHORIZED",
    );
  });

  it("answer not found for an unknown entry", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));

    expect(await codeOf(admin.entry.get({ id: "ent_nope" }))).toBe("NOT_FOUND");
  });

  it("show no webhook's signing secret, not even in the timeline", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        channel: {
          kind: "webhook",
          url: "http://127.0.0.1:9/h",
          secret: "receiver-secret-q",
        },
      }),
    );
    // A row written before secrets were left out of the timeline.
    h.db.$client
      .prepare(
        `update timeline_events
         set data = json_set(data, '$.channel.secret', 'receiver-secret-q')
         where entry_id = ? and type = 'entry.opened'`,
      )
      .run(id);
    const admin = callerAs(h, makeUser(h, "admin"));

    const got = await admin.entry.get({ id });
    const listed = await admin.entry.list({ limit: 5 });

    expect(JSON.stringify(got)).not.toContain("receiver-secret");
    expect(got.entry.channel).toEqual({
      kind: "webhook",
      url: "http://127.0.0.1:9/h",
    });
    expect(JSON.stringify(listed)).not.toContain("receiver-secret");
  });
});

describe("following an entry live", () => {
  it("tells an admin each row of that entry's timeline, in order", async () => {
    const h = fresh();
    const admin = makeUser(h, "admin");
    const { id } = await h.registry.openEntry(entrySpec());
    const other = await h.registry.openEntry(entrySpec());
    const opened = (await h.registry.getTimeline(id)).at(-1)?.id ?? 0;
    const changes = await heard((signal) =>
      callerAs(h, admin, signal).entry.changes({ id }),
    );

    await post(h, other.id, "budget", "ok");
    await post(h, id, "budget", "ok");
    const rows = await h.registry.getTimeline(id, opened);

    const first = await changes.next();
    const second = await changes.next();
    expect([first, second]).toEqual(
      rows.slice(0, 2).map((row) => ({ eventId: row.id, change: row.type })),
    );
    expect(first.change).toBe("fragment.accepted");
    await changes.stop();
  });

  it("stops telling someone who is no longer an admin", async () => {
    const h = fresh();
    const admin = makeUser(h, "admin");
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "policy", kind: "agent" },
        ],
      }),
    );
    const changes = await heard((signal) =>
      callerAs(h, admin, signal).entry.changes({ id }),
    );

    const roleOf = (role: string) =>
      h.db
        .update(users)
        .set({ role: role as "admin" | "user" })
        .where(eq(users.id, admin.id))
        .run();

    roleOf("user");
    await post(h, id, "budget", "ok");
    await post(h, id, "policy", "ok");
    roleOf("admin");
    await post(h, id, "budget", "ok");

    const rows = await h.registry.getTimeline(id);
    const next = await changes.next();
    expect(rows.map((row) => row.type)).toContain("entry.closed");
    expect(next).toEqual({
      eventId: rows.at(-1)?.id,
      change: rows.at(-1)?.type,
    });
    await changes.stop();
  });

  it("refuses an entry that does not exist", async () => {
    const h = fresh();
    const admin = callerAs(h, makeUser(h, "admin"));

    expect(await codeOf(admin.entry.changes({ id: "ent_missing" }))).toBe(
      "NOT_FOUND",
    );
  });
});
