import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function freshConfig() {
  const loaded = await import("./config");

  return loaded.config;
}

describe("configuration", () => {
  it("runs with nothing set", async () => {
    const config = await freshConfig();

    expect(config()).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      publicUrl: "http://127.0.0.1:3000",
      policyAgentUrl: "http://127.0.0.1:3001",
    });
  });

  it("refuses a PostgreSQL URL it cannot serve yet, saying so", async () => {
    vi.stubEnv("DATABASE_URL", "postgres://127.0.0.1:5432/docket");
    const config = await freshConfig();

    expect(() => config()).toThrow(/PostgreSQL is not supported yet/);
  });

  it("names a bad value", async () => {
    vi.stubEnv("PORT", "seventy");
    const config = await freshConfig();

    expect(() => config()).toThrow(/PORT/);
  });
});
