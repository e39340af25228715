import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";

import type { Assessment } from "./assess-trip";
import { CABIN_NAMES, km, usd } from "./rules";

/** An OpenAI-compatible endpoint: `baseUrl` ends before `/chat/completions`. */
export interface ModelConfig {
  baseUrl: string;
  apiKey?: string;
  model: string;
}

const SYSTEM = [
  "You are the travel-policy assistant of a company.",
  "The policy rules have already decided the verdict below.",
  "Explain it to the traveller in three to five plain sentences:",
  "which rules mattered and why, with the numbers given.",
  "Never change, soften or question the verdict; invent no rules or numbers.",
].join(" ");

function promptFor({ from, to, facts, verdict }: Assessment): string {
  const limit = verdict.limitUsd === null ? "none" : usd(verdict.limitUsd);

  return [
    `From: ${from.iata}, ${from.name}, ${from.city}, ${from.country}`,
    `To: ${to.iata}, ${to.name}, ${to.city}, ${to.country}`,
    `Date: ${facts.date}`,
    `Distance: ${km(facts.distanceKm)}`,
    `Cabin: ${CABIN_NAMES[facts.cabin]}`,
    `Price: ${usd(facts.priceUsd)}; limit: ${limit}`,
    "Rules:",
    ...verdict.checks.map(
      (c) => `- ${c.rule}: ${c.passed ? "passes" : "refuses"}, ${c.reason}`,
    ),
    `Verdict: ${verdict.allowed ? "ALLOWED" : "REFUSED"}`,
  ].join("\n");
}

/**
 * The model's explanation, token by token. Throws when the call fails, so
 * the caller can fall back to the rules' own words.
 */
export async function* explainByModel(
  config: ModelConfig,
  assessment: Assessment,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const provider = createOpenAICompatible({
    name: "policy-llm",
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
  });
  const result = streamText({
    model: provider.chatModel(config.model),
    system: SYSTEM,
    prompt: promptFor(assessment),
    temperature: 0.2,
    // A failed call falls back to the rules at once, not after backoff.
    maxRetries: 0,
    abortSignal: signal,
    // Errors arrive below as stream parts; the default prints them.
    onError: () => {},
  });
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") {
      yield part.text;
    } else if (part.type === "error") {
      throw part.error;
    }
  }
}
