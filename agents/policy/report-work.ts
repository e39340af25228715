import { setTimeout as sleep } from "node:timers/promises";

import { DocketClient } from "@/client";
import type { Logger } from "@/server/logger";

import { assessTrip } from "./assess-trip";
import { explain } from "./explain";
import { verdictFragment } from "./fragments";
import type { ModelConfig } from "./model";
import { reportFailure } from "./report-failure";
import { withRetry, type RetryOptions } from "./retry";
import { streamReasoning } from "./stream-reasoning";
import type { Work } from "./work";

export interface WorkContext {
  apiKey: string;
  /** The whole working time before jitter, spread over the steps. */
  delayMs: number;
  model?: ModelConfig;
  retry: RetryOptions;
  signal: AbortSignal;
  log: Logger;
  /** Today as YYYY-MM-DD. */
  today: () => string;
}

/** How far the working time may stray from `delayMs`, either way. */
const JITTER = 0.2;

/**
 * Judges one trip and reports to Docket: progress notes, the reasoning
 * streamed to `streamKey`, then the verdict as one fragment. Never throws:
 * what goes wrong becomes an `error` fragment, or a log line when Docket
 * cannot be reached at all.
 */
export async function reportWork(work: Work, ctx: WorkContext) {
  const log = ctx.log.child({ entryId: work.entryId, fragmentKey: work.key });
  const client = new DocketClient({
    baseUrl: work.docketUrl,
    apiKey: ctx.apiKey,
  });
  const total = ctx.delayMs * (1 - JITTER + 2 * JITTER * Math.random());
  const pause = (share: number) =>
    sleep(total * share, undefined, { signal: ctx.signal });
  const note = async (text: string) => {
    // A lost note loses nothing the verdict needs: log it and go on.
    await client.progress(work.entryId, work.key, text).catch((err) => {
      log.warn({ err, note: text }, "policy.note_failed");
    });
  };

  log.info({ from: work.trip.from, to: work.trip.to }, "policy.start");
  try {
    const assessment = await assessTrip(work.trip, {
      note,
      pause,
      today: ctx.today(),
    });
    const reasoning = await streamReasoning(
      client,
      work,
      explain(assessment, {
        model: ctx.model,
        signal: ctx.signal,
        log,
        note,
        pause,
      }),
      log,
    );
    const fragment = verdictFragment(work, assessment, reasoning);
    const answer = await withRetry(
      () => client.post(work.entryId, fragment),
      ctx.retry,
      (err, attempt) => log.warn({ err, attempt }, "policy.post_retry"),
      ctx.signal,
    );
    log.info(
      {
        allowed: assessment.verdict.allowed,
        disposition: answer.disposition,
        replayed: answer.replayed,
      },
      "policy.decided",
    );
  } catch (error) {
    await reportFailure(client, work, error, {
      retry: ctx.retry,
      stopped: ctx.signal.aborted,
      log,
    });
  }
}
