import type { Change, Snapshot, Step, TimerKind } from "./store";
import type {
  Closure,
  Entry,
  Expectation,
  ExpectationState,
  Fragment,
  Json,
} from "./types";

/**
 * A snapshot being changed by a plan: every change is applied to the copy
 * in memory (so later steps of the same plan see it) and recorded for the
 * store to write.
 */
export class Draft {
  readonly changes: Change[] = [];
  readonly cascade: Step<unknown>[] = [];
  readonly entry: Entry;
  readonly expectations: Expectation[];
  readonly fragments: Fragment[];
  closure: Closure | null;

  constructor(
    snapshot: Pick<
      Snapshot,
      "entry" | "expectations" | "fragments" | "closure"
    >,
    readonly now: number,
  ) {
    this.entry = { ...snapshot.entry };
    this.expectations = snapshot.expectations.map((e) => ({ ...e }));
    this.fragments = snapshot.fragments.map((f) => ({ ...f }));
    this.closure = snapshot.closure;
  }

  get isOpen(): boolean {
    return this.entry.state === "open";
  }

  expectation(key: string): Expectation | undefined {
    return this.expectations.find((e) => e.key === key);
  }

  event(event: string, data: Record<string, Json> = {}): void {
    this.changes.push({
      type: "timeline",
      entryId: this.entry.id,
      event,
      data,
      at: this.now,
    });
  }

  addExpectation(expectation: Expectation): void {
    this.expectations.push(expectation);
    this.changes.push({ type: "expectation.insert", expectation });
  }

  moveExpectation(
    expectation: Expectation,
    state: ExpectationState,
    patch: { timeoutAt?: number | null; childEntryId?: string | null } = {},
  ): void {
    expectation.state = state;
    if (patch.timeoutAt !== undefined) {
      expectation.timeoutAt = patch.timeoutAt;
    }
    if (patch.childEntryId !== undefined) {
      expectation.childEntryId = patch.childEntryId;
    }
    const settled = !["waiting", "blocked", "streaming"].includes(state);
    if (settled && expectation.settledAt === null) {
      expectation.settledAt = this.now;
    }
    this.changes.push({
      type: "expectation.update",
      entryId: this.entry.id,
      key: expectation.key,
      state,
      timeoutAt: expectation.timeoutAt,
      settledAt: expectation.settledAt,
      childEntryId: expectation.childEntryId,
    });
  }

  addFragment(fragment: Fragment): void {
    this.fragments.push(fragment);
    this.changes.push({ type: "fragment.insert", fragment });
  }

  setDisposition(fragment: Fragment, disposition: Fragment["disposition"]) {
    fragment.disposition = disposition;
    this.changes.push({
      type: "fragment.update",
      id: fragment.id,
      disposition,
    });
  }

  addTimer(kind: TimerKind, dueAt: number, target: string | null = null) {
    this.changes.push({
      type: "timer.insert",
      entryId: this.entry.id,
      kind,
      target,
      dueAt,
    });
  }

  dropTimers(filter: { kind?: TimerKind; target?: string } = {}): void {
    this.changes.push({
      type: "timer.delete",
      entryId: this.entry.id,
      ...filter,
    });
  }

  close(closure: Closure): void {
    this.entry.state = "closed";
    this.entry.closedAt = closure.closedAt;
    this.closure = closure;
    this.changes.push({ type: "entry.close", closure });
  }

  enqueue(kind: string, payload: Record<string, Json>): void {
    this.changes.push({
      type: "outbox.insert",
      entryId: this.entry.id,
      kind,
      payload,
      at: this.now,
    });
  }
}
