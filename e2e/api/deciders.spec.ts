import type { OpenedEntry } from "@/client/index";
import type { Db } from "@/db/client";

import { entrySpec, expect, expectError, test, type Api } from "./fixtures";

// The demo accounts: Uma asks, Ana approves for group managers.
const UMA = "uma@example.com";
const ANA = "ana@example.com";

function approvalSpec(assignee: string, requester = UMA) {
  return entrySpec({
    requester,
    expect: [
      { key: "budget", kind: "tool" },
      { key: "approval", kind: "human", assignee },
    ],
  });
}

function open(api: Api, spec: ReturnType<typeof entrySpec>) {
  return api.post<OpenedEntry>("/api/v1/entries", spec);
}

function entriesAsking(db: Db, question: string): number {
  const row = db.$client
    .prepare("select count(*) as n from entries where question = ?")
    .get(question) as { n: number };

  return row.n;
}

const UNDECIDABLE = [
  {
    who: "a plain user",
    assignee: UMA,
    requester: ANA,
    reason: "not_an_approver",
  },
  {
    who: "someone unknown",
    assignee: "ghost@nowhere",
    requester: UMA,
    reason: "unknown_user",
  },
  {
    who: "a group with no members",
    assignee: "group:finance",
    requester: UMA,
    reason: "empty_group",
  },
  { who: "the requester", assignee: ANA, requester: ANA, reason: "requester" },
];

test.describe("a human expectation nobody could decide", () => {
  for (const { who, assignee, requester, reason } of UNDECIDABLE) {
    test(`assigned to ${who} is refused at open`, async ({ api, db }) => {
      const spec = approvalSpec(assignee, requester);

      const answer = await open(api, spec);

      const error = expectError(answer, 422, "invalid");
      expect(error.message).toMatch(/^"approval" can never be decided: /);
      expect(error.details).toMatchObject({ key: "approval", reason });
      expect(entriesAsking(db, spec.question)).toBe(0);
    });

    test(`assigned to ${who} is refused when added`, async ({ api }) => {
      const entry = await api.opened({ requester });
      const url = `/api/v1/entries/${entry.id}/expectations`;

      const answer = await api.post(url, {
        expect: [{ key: "approval", kind: "human", assignee }],
      });

      const error = expectError(answer, 422, "invalid");
      expect(error.message).toMatch(/^"approval" can never be decided: /);
      expect(error.details).toMatchObject({ key: "approval", reason });
      const after = await api.entry(entry.id);
      expect(after.body.expectations.map((e) => e.key)).toEqual(["budget"]);
    });
  }
});

test.describe("a human expectation someone can decide", () => {
  for (const assignee of [ANA, "group:managers"]) {
    test(`assigned to ${assignee} opens and waits`, async ({ api }) => {
      const answer = await open(api, approvalSpec(assignee));

      expect(answer.status).toBe(201);
      expect(answer.body.expectations).toContainEqual({
        key: "approval",
        kind: "human",
        state: "waiting",
        token: null,
      });
    });

    test(`assigned to ${assignee} can be added`, async ({ api }) => {
      const entry = await api.opened();

      const answer = await api.post(
        `/api/v1/entries/${entry.id}/expectations`,
        { expect: [{ key: "approval", kind: "human", assignee }] },
      );

      expect(answer.status).toBe(201);
    });
  }
});
