import type { Logger } from "@/server/logger";

import type { Assessment } from "./assess-trip";
import { explainByModel, type ModelConfig } from "./model";
import { explainByRules } from "./explain-rules";

export interface ExplainOptions {
  model?: ModelConfig;
  signal: AbortSignal;
  log: Logger;
  note: (text: string) => Promise<void>;
  /** Spreads the rules' sentences over this share of the working time. */
  pause: (share: number) => Promise<void>;
}

async function* paced(pieces: string[], options: ExplainOptions) {
  for (const piece of pieces) {
    yield piece;
    await options.pause(0.15 / pieces.length);
  }
}

/**
 * The reasoning text, piece by piece: the model's tokens when one is set,
 * else the rules' sentences. A model that fails hands over to the rules;
 * the verdict never depended on it.
 */
export async function* explain(
  assessment: Assessment,
  options: ExplainOptions,
): AsyncGenerator<string> {
  const { model, signal, log } = options;
  if (!model) {
    yield* paced(explainByRules(assessment), options);

    return;
  }
  await options.note(`asking ${model.model} to explain the verdict`);
  let said = false;
  let failure: unknown = new Error("the model answered with no text");
  try {
    for await (const token of explainByModel(model, assessment, signal)) {
      said = true;
      yield token;
    }
    if (said) {
      return;
    }
  } catch (error) {
    signal.throwIfAborted();
    failure = error;
  }
  const why = failure instanceof Error ? failure.message : String(failure);
  log.warn({ err: failure, model: model.model }, "policy.model_failed");
  await options.note(`the model could not explain (${why}); the rules do`);
  if (said) {
    yield "\n\n(The model stopped; in the rules' words:)\n";
  }
  yield* paced(explainByRules(assessment), options);
}
