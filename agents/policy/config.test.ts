import { describe, expect, it } from "vitest";

import { agentOptionsFromEnv } from "./config";

const BASE = {
  POLICY_AGENT_TOKEN: "a-token-of-sixteen-chars",
  DOCKET_API_KEY: "dk_key",
};

describe("the agent's environment", () => {
  it("has a default for everything but the token and the API key", () => {
    expect(agentOptionsFromEnv(BASE)).toEqual({
      token: BASE.POLICY_AGENT_TOKEN,
      apiKey: "dk_key",
      host: "127.0.0.1",
      port: 3101,
      delayMs: 2_500,
      model: undefined,
    });
  });

  it("names what is missing or wrong", () => {
    expect(() => agentOptionsFromEnv({})).toThrow(
      /POLICY_AGENT_TOKEN.*DOCKET_API_KEY/,
    );
    expect(() =>
      agentOptionsFromEnv({ ...BASE, POLICY_AGENT_PORT: "http" }),
    ).toThrow(/POLICY_AGENT_PORT/);
  });

  it("asks a model only when LLM_BASE_URL is set", () => {
    const options = agentOptionsFromEnv({
      ...BASE,
      LLM_BASE_URL: "http://127.0.0.1:8080/v1",
      LLM_MODEL: "small",
    });

    expect(options.model).toEqual({
      baseUrl: "http://127.0.0.1:8080/v1",
      apiKey: undefined,
      model: "small",
    });
  });
});
