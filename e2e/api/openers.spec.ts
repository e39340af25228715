import type { OpenedEntry } from "@/client/index";

import {
  entrySpec,
  expect,
  expectError,
  test,
  uniqueKey,
  type Api,
} from "./fixtures";

const open = (api: Api, spec: ReturnType<typeof entrySpec>) =>
  api.post<OpenedEntry>("/api/v1/entries", spec);

test.describe("an idempotency key belongs to the API key that opened", () => {
  test("the same key retrying gets its own entry back", async ({ api }) => {
    const spec = entrySpec({ idempotencyKey: uniqueKey("order") });

    const first = await open(api, spec);
    const again = await open(api, spec);

    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
  });

  test("another API key with the same body opens an entry of its own", async ({
    api,
    keys,
  }) => {
    const other = api.as(keys.create("other app").secret);
    const spec = entrySpec({ idempotencyKey: uniqueKey("order") });

    const mine = await open(api, spec);
    const theirs = await open(other, spec);
    const theirsAgain = await open(other, spec);
    const mineAgain = await open(api, spec);

    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.replayed).toBe(false);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirsAgain.status).toBe(200);
    expect(theirsAgain.body.id).toBe(theirs.body.id);
    expect(mineAgain.body.id).toBe(mine.body.id);
  });

  test("another API key with another body is no conflict", async ({
    api,
    keys,
  }) => {
    const other = api.as(keys.create("other app").secret);
    const idempotencyKey = uniqueKey("order");
    const mine = await open(api, entrySpec({ idempotencyKey }));

    const theirs = await open(
      other,
      entrySpec({ idempotencyKey, question: "A different question?" }),
    );

    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(JSON.stringify(theirs.body)).not.toContain(mine.body.id);
  });

  test("a conflict comes only within one API key, naming its own entry", async ({
    api,
    keys,
  }) => {
    const other = api.as(keys.create("other app").secret);
    const idempotencyKey = uniqueKey("order");
    const mine = await open(api, entrySpec({ idempotencyKey }));
    const theirs = await open(other, entrySpec({ idempotencyKey }));

    const changed = await open(
      other,
      entrySpec({ idempotencyKey, question: "Changed my mind?" }),
    );

    const error = expectError(changed, 409, "conflict");
    expect(error.details).toEqual({ entryId: theirs.body.id });
    expect(JSON.stringify(error)).not.toContain(mine.body.id);
  });

  test("the entry records which API key opened it", async ({
    api,
    keys,
    db,
  }) => {
    const key = keys.create("recorded app");

    const opened = await open(
      api.as(key.secret),
      entrySpec({ idempotencyKey: uniqueKey("order") }),
    );

    const row = db.$client
      .prepare("select opened_by from entries where id = ?")
      .get(opened.body.id);
    expect(row).toEqual({ opened_by: `key:${key.id}` });
  });
});
