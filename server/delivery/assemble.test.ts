import { afterEach, describe, expect, it } from "vitest";

import { entrySpec } from "@/server/registry/testing/harness";
import {
  post,
  registriesPerTest,
  schedulerOf,
  type Harness,
} from "@/server/registry/testing/helpers";

import { assembleAnswer } from "./assemble";
import { registerAssembler, unregisterAssembler } from "./assemblers";
import { loadEntryView } from "./records";
import { renderTemplate } from "./template";

const fresh = registriesPerTest();

afterEach(() => {
  unregisterAssembler("travel");
});

async function answerOf(h: Harness, entryId: string) {
  const view = loadEntryView(h.db, entryId);
  if (!view) {
    throw new Error("no entry");
  }

  return assembleAnswer(view);
}

const twoKeys = [
  { key: "budget", kind: "tool" },
  { key: "policy", kind: "agent" },
];

describe("assembling an answer", () => {
  it("fills the template from payloads, nested fields and builtins", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        question: "Can I book SFO-JFK?",
        expect: twoKeys,
        template:
          "{{question}} {{verdict}}: {{budget.limits.0}} left; " +
          "policy says {{ policy }}. {{nope}}{{budget.missing}}",
      }),
    );
    await post(h, id, "budget", "ok", { payload: { limits: [640, 900] } });
    await post(h, id, "policy", "ok", { payload: "within policy" });

    const answer = await answerOf(h, id);

    expect(answer.assembledBy).toBe("template");
    expect(answer.text).toBe(
      "Can I book SFO-JFK? completed: 640 left; policy says within policy. ",
    );
    expect(answer.parts.unknownPlaceholders).toEqual([
      "nope",
      "budget.missing",
    ]);
    expect(answer.title).toBe("Answer: Can I book SFO-JFK?");
  });

  it("carries each key's payload, outcome and state in the parts", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: [
          { key: "budget", kind: "tool" },
          { key: "votes", kind: "agent", repeat: "collect", required: false },
        ],
        criterion: { all: ["budget"] },
      }),
    );
    await post(h, id, "votes", "ok", { payload: "yes" });
    await post(h, id, "votes", "ok", { payload: "no" });
    await post(h, id, "budget", "ok", { payload: { remaining: 1200 } });

    const { parts } = await answerOf(h, id);

    expect(parts.results).toEqual({
      budget: {
        kind: "tool",
        state: "resolved",
        outcome: "ok",
        payload: { remaining: 1200 },
      },
      votes: {
        kind: "agent",
        state: "resolved",
        outcome: "ok",
        payload: ["yes", "no"],
      },
    });
    expect(parts.closure).toMatchObject({
      verdict: "completed",
      reason: "criterion_met",
    });
  });

  it("summarises in plain words when there is no template", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ question: "Book it?", expect: twoKeys }),
    );
    await post(h, id, "budget", "ok", { payload: { remaining: 1200 } });
    await post(h, id, "policy", "ok", { payload: "within policy" });

    const answer = await answerOf(h, id);

    expect(answer.assembledBy).toBe("default");
    expect(answer.text).toBe(
      [
        "You asked: Book it?",
        "Answered: all of budget, policy is met.",
        '- budget: {"remaining":1200}\n- policy: within policy',
      ].join("\n\n"),
    );
  });

  it("says no, and who said it, when a veto rejects the call", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        question: "Book it?",
        expect: twoKeys,
        veto: ["policy"],
        template: "Booked: {{budget}}",
      }),
    );
    await post(h, id, "policy", "negative", { payload: "over the limit" });

    const answer = await answerOf(h, id);

    expect(answer.verdict).toBe("rejected");
    expect(answer.title).toBe("Declined: Book it?");
    expect(answer.text).toContain('The answer is no: "policy" vetoed it.');
    expect(answer.text).toContain("- policy (no): over the limit");
    expect(answer.text).toContain(
      "- budget: nothing arrived before the call closed",
    );
    expect(answer.note).toBe(
      "the template was not used: the call ended rejected",
    );
  });

  it("says the call was cancelled, with the reason given", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec({ expect: twoKeys }));
    await h.registry.cancelEntry(id, "the user left");

    const answer = await answerOf(h, id);

    expect(answer.verdict).toBe("cancelled");
    expect(answer.title).toMatch(/^Cancelled: /);
    expect(answer.text).toContain("The call was cancelled: the user left.");
  });

  it("says no answer came in time when the deadline fails the call", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({ expect: twoKeys, deadline: "1m", onDeadline: "fail" }),
    );
    await post(h, id, "budget", "ok", { payload: 1200 });
    h.advance(61_000);
    await schedulerOf(h).tick();

    const answer = await answerOf(h, id);

    expect(answer.verdict).toBe("failed");
    expect(answer.title).toMatch(/^No answer in time: /);
    expect(answer.text).toContain(
      "No answer came in time: the deadline passed with 1 of 2 results in; " +
        "the call failed.",
    );
    expect(answer.text).toContain(
      "- policy: nothing arrived before the call closed",
    );
  });

  it("marks a template's answer partial when the deadline completes it", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(
      entrySpec({
        expect: twoKeys,
        deadline: "1m",
        onDeadline: "complete",
        template: "Budget: {{budget}}; policy: {{policy}}",
      }),
    );
    await post(h, id, "budget", "ok", { payload: 1200 });
    h.advance(61_000);
    await schedulerOf(h).tick();

    const answer = await answerOf(h, id);

    expect(answer.verdict).toBe("completed");
    expect(answer.title).toMatch(/^Partial answer: /);
    expect(answer.text).toMatch(
      /^Budget: 1200; policy: \n\n\(Answered with what arrived in time: /,
    );
  });

  it("explains a call that can no longer be met", async () => {
    const h = fresh();
    const { id } = await h.registry.openEntry(entrySpec({ expect: twoKeys }));
    await post(h, id, "policy", "error", { payload: "agent crashed" });

    const answer = await answerOf(h, id);

    expect(answer.verdict).toBe("failed");
    expect(answer.text).toContain(
      "The call could not be completed: all of budget, policy can no longer be met.",
    );
    expect(answer.text).toContain("- policy (error): agent crashed");
  });

  it("uses the flow's own assembler, and the summary if it throws", async () => {
    const h = fresh();
    registerAssembler("travel", ({ results, closure }) => ({
      title: "Your trip",
      text: `${closure?.verdict}: ${JSON.stringify(results.budget?.payload)}`,
      parts: { seats: 2 },
    }));
    const flow = { metadata: { flow: "travel" }, expect: twoKeys };
    const { id } = await h.registry.openEntry(entrySpec(flow));
    await post(h, id, "budget", "ok", { payload: 640 });
    await post(h, id, "policy", "ok", { payload: "ok" });

    const made = await answerOf(h, id);
    registerAssembler("travel", () => {
      throw new Error("no seat map");
    });
    const fallback = await answerOf(h, id);

    expect(made).toMatchObject({
      title: "Your trip",
      text: "completed: 640",
      assembledBy: "assembler:travel",
    });
    expect(made.parts.flow).toEqual({ seats: 2 });
    expect(fallback.assembledBy).toBe("default");
    expect(fallback.note).toBe(
      'the assembler of flow "travel" failed: no seat map',
    );
  });

  it("reads a key that has dots in it before a path into a payload", () => {
    const rendered = renderTemplate("{{a.b}} {{a.c}} {{a.b.x}}", {
      builtins: {},
      payloads: { "a.b": { x: 1 }, a: { c: "see" } },
    });

    expect(rendered).toEqual({ text: '{"x":1} see 1', unknown: [] });
  });
});
