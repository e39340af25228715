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

  it("bounds a stream by the body limit unless told otherwise", async () => {
    vi.stubEnv("DOCKET_BODY_LIMIT", "5000");
    const byBody = (await freshConfig())();
    vi.resetModules();
    vi.stubEnv("DOCKET_STREAM_LIMIT", "80000");
    const own = (await freshConfig())();

    expect(byBody.streamLimitBytes).toBe(5000);
    expect(own.streamLimitBytes).toBe(80_000);
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
