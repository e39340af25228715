import { describe, expect, it } from "vitest";

import { DomainError, NotFoundError, ValidationError } from "./errors";

describe("domain errors", () => {
  it("are recognised across copies of the module", () => {
    // What another bundle's copy of the class would throw.
    const foreign = Object.assign(new Error("no such entry"), {
      code: "not_found",
      details: {},
      [Symbol.for("docket.domain-error")]: true,
    });

    expect(foreign instanceof DomainError).toBe(true);
    expect(new Error("plain") instanceof DomainError).toBe(false);
  });

  it("keep subclasses apart", () => {
    const missing = new NotFoundError("gone");

    expect(missing instanceof DomainError).toBe(true);
    expect(missing instanceof NotFoundError).toBe(true);
    expect(missing instanceof ValidationError).toBe(false);
  });
});
