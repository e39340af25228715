import { expect, test, uniqueKey } from "./fixtures";

const TIMES = 20;

test.describe("concurrent posts", () => {
  test("one idempotencyKey posted 20 times at once: one fragment", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [
        { key: "budget", kind: "tool" },
        { key: "policy", kind: "agent" },
      ],
    });
    const fragment = {
      key: "budget",
      outcome: "ok",
      payload: { amount: 640 },
      idempotencyKey: uniqueKey("race"),
    };

    const answers = await Promise.all(
      Array.from({ length: TIMES }, () => api.fragment(entry.id, fragment)),
    );
    const after = await api.entry(entry.id);

    expect(answers.map((a) => a.status)).toEqual(Array(TIMES).fill(200));
    const ids = new Set(answers.map((a) => a.body.fragmentId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => !a.body.replayed)).toHaveLength(1);
    expect(after.body.fragments).toHaveLength(1);
    expect(after.body.fragments[0]?.id).toBe([...ids][0]);
  });

  test("20 results at once for a `first` expectation: one accepted", async ({
    api,
  }) => {
    const entry = await api.opened({
      expect: [
        { key: "budget", kind: "tool", repeat: "first" },
        { key: "policy", kind: "agent" },
      ],
    });

    const answers = await Promise.all(
      Array.from({ length: TIMES }, (_, i) =>
        api.fragment(entry.id, { key: "budget", outcome: "ok", payload: i }),
      ),
    );
    const after = await api.entry(entry.id);

    const dispositions = answers.map((a) => a.body.disposition).sort();
    expect(dispositions).toEqual([
      "accepted",
      ...Array<string>(TIMES - 1).fill("duplicate"),
    ]);
    const accepted = answers.find((a) => a.body.disposition === "accepted");
    expect(after.body.fragments).toHaveLength(TIMES);
    expect(
      after.body.fragments.filter((f) => f.disposition === "accepted"),
    ).toEqual([expect.objectContaining({ id: accepted?.body.fragmentId })]);
  });

  test("a fragment racing the closing one is accepted or late", async ({
    api,
  }) => {
    const rounds = await Promise.all(
      Array.from({ length: TIMES }, async () => {
        const { body: entry } = await api.open({
          expect: [
            { key: "budget", kind: "tool" },
            { key: "note", kind: "llm", required: false },
          ],
        });
        const [closing, racing] = await Promise.all([
          api.fragment(entry.id, { key: "budget", outcome: "ok", payload: 1 }),
          api.fragment(entry.id, { key: "note", outcome: "ok", payload: 2 }),
        ]);

        return { closing, racing, after: await api.entry(entry.id) };
      }),
    );

    for (const { closing, racing, after } of rounds) {
      expect(closing.body.disposition).toBe("accepted");
      expect(["accepted", "late"]).toContain(racing.body.disposition);
      expect(after.body.state).toBe("closed");
      expect(after.body.closure?.decidingFragmentId).toBe(
        closing.body.fragmentId,
      );
      expect(
        after.body.fragments.map((f) => [f.id, f.disposition]).sort(),
      ).toEqual(
        [
          [closing.body.fragmentId, "accepted"],
          [racing.body.fragmentId, racing.body.disposition],
        ].sort(),
      );
    }
  });
});
