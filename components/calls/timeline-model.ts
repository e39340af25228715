import type {
  Entry,
  Expectation,
  TimelineEvent,
} from "@/server/registry/types";

export type LaneEnd = "resolved" | "failed" | "timed_out" | "cancelled";

export interface Arrival {
  at: number;
  outcome: string;
  /** Arrived after the entry closed: recorded, changed nothing. */
  late: boolean;
}

/** One expectation's life: asked (or blocked first), arrivals, the end. */
export interface Lane {
  key: string;
  kind: string;
  blockedAt: number | null;
  askedAt: number | null;
  endedAt: number | null;
  end: LaneEnd | null;
  arrivals: Arrival[];
  chunks: number[];
  timeoutAt: number | null;
}

export interface TimelineModel {
  start: number;
  end: number;
  lanes: Lane[];
  closedAt: number | null;
  deadlineAt: number | null;
  /** Whether the deadline falls inside the drawn span. */
  deadlineShown: boolean;
}

const ENDS: Record<string, LaneEnd> = {
  "expectation.resolved": "resolved",
  "expectation.failed": "failed",
  "expectation.timed_out": "timed_out",
  "expectation.cancelled": "cancelled",
};
const ARRIVALS = new Set([
  "fragment.accepted",
  "fragment.progress",
  "fragment.duplicate",
  "fragment.superseded",
  "fragment.late",
  "fragment.buffered",
]);
/** The shortest span drawn, so a call done in a blink still has width. */
const MIN_SPAN_MS = 100;
/** A far deadline is drawn at the edge rather than squeezing the rest. */
const DEADLINE_REACH = 0.5;

/** The picture of an entry's timeline, as data: one lane per key. */
export function buildTimeline(
  entry: Pick<Entry, "createdAt" | "closedAt" | "deadlineAt" | "state">,
  expectations: readonly Pick<Expectation, "key" | "kind" | "timeoutAt">[],
  events: readonly TimelineEvent[],
  now: number,
): TimelineModel {
  const lanes = new Map<string, Lane>();
  const lane = (key: string, kind = "") => {
    let found = lanes.get(key);
    if (!found) {
      found = emptyLane(key, kind);
      lanes.set(key, found);
    }

    return found;
  };
  for (const e of expectations) {
    lane(e.key, e.kind).timeoutAt = e.timeoutAt;
  }
  let closedAt: number | null = null;
  for (const event of events) {
    const key = typeof event.data.key === "string" ? event.data.key : null;
    if (event.type === "entry.closed") {
      closedAt = event.at;
    }
    if (key === null) {
      continue;
    }
    addEvent(lane(key), event, closedAt);
  }

  const start = Math.min(entry.createdAt, ...events.map((e) => e.at));
  const last = Math.max(start, ...events.map((e) => e.at));
  const end0 = entry.state === "open" ? Math.max(last, now) : last;
  const span = Math.max(end0 - start, MIN_SPAN_MS);
  const deadlineAt = entry.deadlineAt;
  const deadlineShown =
    deadlineAt !== null && deadlineAt <= start + span * (1 + DEADLINE_REACH);
  const end =
    deadlineShown && deadlineAt !== null
      ? Math.max(start + span, deadlineAt)
      : start + span;

  return {
    start,
    end,
    lanes: [...lanes.values()],
    closedAt: closedAt ?? entry.closedAt,
    deadlineAt,
    deadlineShown,
  };
}

function emptyLane(key: string, kind: string): Lane {
  return {
    key,
    kind,
    blockedAt: null,
    askedAt: null,
    endedAt: null,
    end: null,
    arrivals: [],
    chunks: [],
    timeoutAt: null,
  };
}

function addEvent(lane: Lane, event: TimelineEvent, closedAt: number | null) {
  const { type, data, at } = event;
  if (type === "expectation.added") {
    if (typeof data.kind === "string") {
      lane.kind = data.kind;
    }
    if (data.state === "blocked") {
      lane.blockedAt = at;
    } else {
      lane.askedAt = at;
    }
  } else if (type === "expectation.unblocked") {
    lane.askedAt = at;
  } else if (ENDS[type] && lane.end === null) {
    lane.end = ENDS[type];
    lane.endedAt = at;
  } else if (type === "chunk.received") {
    lane.chunks.push(at);
  } else if (ARRIVALS.has(type)) {
    lane.arrivals.push({
      at,
      outcome: typeof data.outcome === "string" ? data.outcome : "ok",
      late: type === "fragment.late" || (closedAt !== null && at > closedAt),
    });
  }
}

/** Round steps for the time axis, about `count` of them over the span. */
export function axisTicks(start: number, end: number, count = 5): number[] {
  const span = Math.max(end - start, 1);
  const steps = [
    10, 50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
    120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
    21_600_000, 43_200_000, 86_400_000,
  ];
  const step = steps.find((s) => span / s <= count) ?? Math.ceil(span / count);
  const ticks: number[] = [];
  for (let t = 0; t <= span; t += step) {
    ticks.push(start + t);
  }

  return ticks;
}
