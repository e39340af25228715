import { checkedFetch, expect, expectError, test } from "./fixtures";

const BATCH = 50;
const MAX_BATCHES = 60;

test("a key that sends too fast gets 429 with Retry-After, alone", async ({
  api,
  keys,
  baseURL,
  contract,
}) => {
  const entry = await api.opened();
  const hasty = keys.create("rate-limited-in-test");
  const get = async () => {
    const response = await checkedFetch(contract)(
      `${baseURL}/api/v1/entries/${entry.id}`,
      { headers: { authorization: `Bearer ${hasty.secret}` } },
    );

    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: (await response.json()) as unknown,
    };
  };

  let limited: Awaited<ReturnType<typeof get>> | undefined;
  for (let batch = 0; batch < MAX_BATCHES && !limited; batch++) {
    const answers = await Promise.all(Array.from({ length: BATCH }, get));
    expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(
      true,
    );
    limited = answers.find((a) => a.status === 429);
  }

  expect(limited, "no 429 in the whole flood").toBeDefined();
  const error = expectError(limited!, 429, "rate_limited");
  const retryAfter = Number(limited!.headers["retry-after"]);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(error.details).toEqual({ retryAfterSeconds: retryAfter });

  // Other keys keep their own budget; the hasty one recovers.
  expect((await api.entry(entry.id)).status).toBe(200);
  await expect.poll(async () => (await get()).status).toBe(200);
});
