import { expect, test } from "@playwright/test";

import { SIGNED_IN } from "./support";

test.describe("a user", () => {
  test.use({ storageState: SIGNED_IN.user });

  test("has only Chat and Inbox and is refused the rest, on screen and by the API", async ({
    page,
  }) => {
    for (const path of ["/approvals", "/calls", "/admin", "/calls/ent_x"]) {
      await page.goto(path);

      await expect(
        page.getByRole("heading", { name: "Not allowed" }),
      ).toBeVisible();
      await expect(
        page.getByText("You are signed in as Uma (user)."),
      ).toBeVisible();
    }
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link")).toHaveText(["Chat", /^Inbox/]);

    for (const procedure of [
      "approval.list",
      "entry.list",
      "admin.users.list",
    ]) {
      const response = await page.request.get(`/api/trpc/${procedure}`);
      expect(response.status(), procedure).toBe(403);
    }
    // A subscription answers as a stream: the refusal is its only event.
    const stream = await page.request.get("/api/trpc/approval.changes", {
      headers: { Accept: "text/event-stream" },
    });
    const events = await stream.text();
    const kinds = [...events.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
    expect(kinds).toEqual(["connected", "serialized-error"]);
    expect(events.match(/^data:/gm)).toHaveLength(2);
    expect(events).toContain('"code":"FORBIDDEN"');
  });
});

test.describe("an approver", () => {
  test.use({ storageState: SIGNED_IN.approver });

  test("sees Approvals, Chat and Inbox and is refused calls and admin", async ({
    page,
  }) => {
    await page.goto("/approvals");
    const nav = page.getByRole("navigation", { name: "Console" });
    await expect(nav.getByRole("link")).toHaveText([
      "Approvals",
      "Chat",
      /^Inbox/,
    ]);

    for (const path of ["/calls", "/admin"]) {
      await page.goto(path);
      await expect(
        page.getByRole("heading", { name: "Not allowed" }),
      ).toBeVisible();
    }
  });
});
