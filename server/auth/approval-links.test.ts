import { describe, expect, it } from "vitest";

import { signApprovalLink, verifyApprovalLink } from "./approval-links";
import { issueToken } from "./tokens";

const SECRET = "a-secret-long-enough-for-signing-0001";
const LINK = {
  entryId: "ent_01",
  key: "approval",
  userId: "usr_ana",
  expiresAt: 2_000,
};

describe("approval links", () => {
  it("verify what was signed, until it expires", () => {
    const token = signApprovalLink(SECRET, LINK);

    expect(verifyApprovalLink(SECRET, token, 1_999)).toEqual({
      ok: true,
      link: LINK,
    });
    expect(verifyApprovalLink(SECRET, token, 2_000)).toEqual({
      ok: false,
      problem: "expired",
    });
  });

  it("refuse another secret, a changed payload and garbage", () => {
    const token = signApprovalLink(SECRET, LINK);
    const [, signature] = token.split(".");
    const forged = signApprovalLink(SECRET, { ...LINK, userId: "usr_eve" });
    const swapped = `${forged.split(".")[0]}.${signature}`;

    expect(
      verifyApprovalLink("another-secret-entirely-0002", token, 0),
    ).toEqual({ ok: false, problem: "bad_signature" });
    expect(verifyApprovalLink(SECRET, swapped, 0).ok).toBe(false);
    for (const junk of ["", "abc", "a.b.c", `${token}.x`]) {
      expect(verifyApprovalLink(SECRET, junk, 0).ok).toBe(false);
    }
  });

  it("refuse a capability token signed with the same secret", () => {
    const capability = issueToken(SECRET, {
      entryId: "ent_01",
      key: "approval",
      expiresAt: 2_000,
    });

    expect(verifyApprovalLink(SECRET, capability, 0).ok).toBe(false);
  });
});
