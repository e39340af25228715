import { getEventListeners } from "node:events";

import { describe, expect, it } from "vitest";

import { listen } from "./listen";

describe("a subscription's stream", () => {
  it("holds one abort listener however many items it waits for", async () => {
    const controller = new AbortController();
    let push: (n: number) => void = () => {};
    let unsubscribed = false;
    const stream = listen<number>((p) => {
      push = p;

      return () => {
        unsubscribed = true;
      };
    }, controller.signal);

    const seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      const next = stream.next();
      push(i);
      const got = await next;
      seen.push(got.value as number);
    }
    const listeners = getEventListeners(controller.signal, "abort").length;
    const ended = stream.next();
    controller.abort();

    expect(seen).toEqual([...Array(50).keys()]);
    expect(listeners).toBe(1);
    expect((await ended).done).toBe(true);
    expect(unsubscribed).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
