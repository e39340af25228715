import type { TripRequest } from "./parse-trip";

export interface PolicyWork {
  entryId: string;
  key: string;
  streamKey: string;
  trip: TripRequest & { travellerEmail: string };
}

/**
 * Hands a trip to the travel-policy agent, which answers 202 at once and
 * reports through the participant API seconds later.
 */
export async function askPolicyAgent(
  agent: { url: string; token: string; docketUrl: string },
  work: PolicyWork,
): Promise<void> {
  const response = await fetch(`${agent.url}/work`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${agent.token}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ ...work, docketUrl: agent.docketUrl }),
    signal: AbortSignal.timeout(5_000),
  });
  if (response.status !== 202) {
    const text = await response.text();
    throw new Error(`the policy agent answered ${response.status}: ${text}`);
  }
}
