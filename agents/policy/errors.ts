/**
 * A reason the agent cannot judge a trip, told to Docket as an `error`
 * fragment with this code and message.
 */
export class PolicyError extends Error {
  constructor(
    readonly code: "unknown_airport" | "stopped" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "PolicyError";
  }
}
