import { useId } from "react";

import { clock, duration, preciseClock } from "@/components/ui/time";
import { useNow } from "@/components/ui/use-now";
import type {
  Entry,
  Expectation,
  TimelineEvent,
} from "@/server/registry/types";

import {
  axisTicks,
  buildTimeline,
  type Lane,
  type TimelineModel,
} from "./timeline-model";

const WIDTH = 640;
const LABELS = 100;
const X0 = LABELS + 12;
const X1 = WIDTH - 40;
/** Room above the lanes: closure label, deadline label, axis labels. */
const TOP = 58;
const ROW = 40;
const BOTTOM = 10;
/** Blank space after the last event, so late marks and labels fit. */
const TAIL = 0.04;

const BAR_FILL: Record<string, string> = {
  resolved: "fill-emerald-500",
  failed: "fill-rose-500",
  timed_out: "fill-rose-400",
  cancelled: "fill-stone-300",
  pending: "fill-amber-300",
};
const DOT_FILL: Record<string, string> = {
  ok: "fill-emerald-700",
  negative: "fill-rose-700",
  error: "fill-rose-500",
  progress: "fill-sky-500",
};

/**
 * The timeline as a picture: a lane per expectation from asked to
 * arrived, arrivals as dots, chunks as ticks, the closure as a line with
 * late arrivals beyond it, and the deadline. Scrolls sideways when narrow.
 */
export function TimelineChart({
  entry,
  expectations,
  events,
}: {
  entry: Entry;
  expectations: Expectation[];
  events: TimelineEvent[];
}) {
  const now = useNow(entry.state === "open" ? 1_000 : 60_000);
  const ids = useId();
  const model = buildTimeline(entry, expectations, events, now);
  const span = model.end - model.start;
  const x = (t: number) =>
    X0 + ((t - model.start) / (span * (1 + TAIL))) * (X1 - X0);
  const height = TOP + model.lanes.length * ROW + BOTTOM;

  return (
    <figure className="flex flex-col gap-2">
      <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
        <svg
          role="img"
          aria-labelledby={`${ids}-title ${ids}-desc`}
          viewBox={`0 0 ${WIDTH} ${height}`}
          className="block w-full min-w-[40rem] text-[13px]"
        >
          <title id={`${ids}-title`}>Timeline of the call</title>
          <desc id={`${ids}-desc`}>{describe(model)}</desc>
          <Axis model={model} x={x} height={height} />
          {model.lanes.map((lane, i) => (
            <LaneRow
              key={lane.key}
              lane={lane}
              y={TOP + i * ROW + ROW / 2}
              x={x}
              model={model}
            />
          ))}
          <Markers model={model} x={x} height={height} />
        </svg>
      </div>
      <Legend model={model} />
    </figure>
  );
}

type Scale = (t: number) => number;

function Axis({
  model,
  x,
  height,
}: {
  model: TimelineModel;
  x: Scale;
  height: number;
}) {
  return (
    <g aria-hidden="true">
      {axisTicks(model.start, model.end).map((t, i) => (
        <g key={t}>
          <line
            x1={x(t)}
            x2={x(t)}
            y1={TOP - 8}
            y2={height - BOTTOM}
            className="stroke-stone-200"
          />
          <text
            x={x(t)}
            y={TOP - 13}
            textAnchor={i === 0 ? "start" : "middle"}
            className="fill-stone-500"
          >
            {i === 0 ? "0s" : `+${duration(t - model.start)}`}
          </text>
        </g>
      ))}
    </g>
  );
}

function LaneRow({
  lane,
  y,
  x,
  model,
}: {
  lane: Lane;
  y: number;
  x: Scale;
  model: TimelineModel;
}) {
  const barStart = lane.askedAt;
  const barEnd = lane.endedAt ?? model.end;
  const blockedEnd = lane.askedAt ?? lane.endedAt ?? model.end;
  const ended = lane.end
    ? `${lane.end.replace("_", " ")} ${preciseClock(barEnd)}`
    : "still waiting";

  return (
    <g>
      <text
        x={LABELS}
        y={y - 2}
        textAnchor="end"
        className="fill-stone-900 font-mono font-semibold"
      >
        {lane.key}
      </text>
      <text
        x={LABELS}
        y={y + 11}
        textAnchor="end"
        className="fill-stone-500 text-[10px]"
      >
        {lane.kind}
      </text>
      {lane.blockedAt !== null ? (
        <line
          x1={x(lane.blockedAt)}
          x2={x(blockedEnd)}
          y1={y}
          y2={y}
          strokeDasharray="4 3"
          className="stroke-stone-400"
        >
          <title>{`${lane.key} blocked from ${preciseClock(lane.blockedAt)}`}</title>
        </line>
      ) : null}
      {barStart !== null ? (
        <rect
          x={x(barStart)}
          y={y - 5}
          width={Math.max(x(barEnd) - x(barStart), 2)}
          height={10}
          rx={5}
          className={BAR_FILL[lane.end ?? "pending"]}
        >
          <title>
            {`${lane.key}: asked ${preciseClock(barStart)}, ${ended}`}
          </title>
        </rect>
      ) : null}
      {lane.chunks.map((t, i) => (
        <line
          key={`c${i}`}
          x1={x(t)}
          x2={x(t)}
          y1={y - 10}
          y2={y - 6}
          className="stroke-sky-700"
        />
      ))}
      {lane.timeoutAt !== null && lane.timeoutAt <= model.end ? (
        <path
          d={`M ${x(lane.timeoutAt)} ${y - 12} l 4 -6 h -8 z`}
          className="fill-amber-600"
        >
          <title>{`${lane.key} times out ${preciseClock(lane.timeoutAt)}`}</title>
        </path>
      ) : null}
      {lane.arrivals.map((a, i) => (
        <ArrivalDot key={`a${i}`} lane={lane} arrival={a} cx={x(a.at)} cy={y} />
      ))}
    </g>
  );
}

function ArrivalDot({
  lane,
  arrival,
  cx,
  cy,
}: {
  lane: Lane;
  arrival: Lane["arrivals"][number];
  cx: number;
  cy: number;
}) {
  const late = arrival.late ? " (late)" : "";
  const label = `${lane.key} ${arrival.outcome}${late} at ${preciseClock(arrival.at)}`;

  return arrival.late ? (
    <g>
      <circle
        cx={cx}
        cy={cy}
        r={5}
        strokeWidth={2}
        className="fill-white stroke-rose-700"
      >
        <title>{label}</title>
      </circle>
      <text x={cx + 8} y={cy + 4} className="fill-rose-800 text-[10px]">
        late
      </text>
    </g>
  ) : (
    <circle
      cx={cx}
      cy={cy}
      r={arrival.outcome === "progress" ? 3 : 5}
      className={`stroke-white ${DOT_FILL[arrival.outcome] ?? "fill-stone-700"}`}
    >
      <title>{label}</title>
    </circle>
  );
}

function Markers({
  model,
  x,
  height,
}: {
  model: TimelineModel;
  x: Scale;
  height: number;
}) {
  const { closedAt, deadlineAt } = model;
  // Labels near the right edge read leftwards so they stay inside.
  const anchor = (at: number) => (x(at) > (X0 + X1) / 2 ? "end" : "start");
  const nudge = (at: number) => (anchor(at) === "end" ? -4 : 4);

  return (
    <g>
      {deadlineAt !== null && model.deadlineShown ? (
        <g>
          <line
            x1={x(deadlineAt)}
            x2={x(deadlineAt)}
            y1={20}
            y2={height - BOTTOM}
            strokeDasharray="6 4"
            strokeWidth={1.5}
            className="stroke-rose-600"
          />
          <text
            x={x(deadlineAt) + nudge(deadlineAt)}
            y={30}
            textAnchor={anchor(deadlineAt)}
            className="fill-rose-700"
          >
            deadline {clock(deadlineAt)}
          </text>
        </g>
      ) : null}
      {closedAt !== null ? (
        <g>
          <line
            x1={x(closedAt)}
            x2={x(closedAt)}
            y1={4}
            y2={height - BOTTOM}
            strokeWidth={2}
            className="stroke-stone-900"
          />
          <text
            x={x(closedAt) + nudge(closedAt)}
            y={14}
            textAnchor={anchor(closedAt)}
            className="fill-stone-900 font-semibold"
          >
            closed {preciseClock(closedAt).slice(0, 8)}
          </text>
        </g>
      ) : null}
    </g>
  );
}

function describe(model: TimelineModel): string {
  const lanes = model.lanes
    .map((l) => `${l.key} ${l.end ? l.end.replace("_", " ") : "pending"}`)
    .join(", ");
  const closed =
    model.closedAt === null
      ? "still open"
      : `closed at ${preciseClock(model.closedAt)}`;

  return `${model.lanes.length} expectations (${lanes}); ${closed}.`;
}

function Legend({ model }: { model: TimelineModel }) {
  const items: [string, string][] = [
    ["bg-amber-300", "waiting"],
    ["bg-emerald-500", "arrived"],
    ["bg-rose-500", "failed or timed out"],
    ["bg-stone-900", "closure"],
  ];

  return (
    <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600">
      {items.map(([swatch, label]) => (
        <span key={label} className="flex items-center gap-1.5">
          <span className={`inline-block h-2.5 w-4 rounded-sm ${swatch}`} />
          {label}
        </span>
      ))}
      <span>dashed: blocked · ◦ late arrival · ▾ timeout</span>
      {model.deadlineAt !== null && !model.deadlineShown ? (
        <span className="text-rose-700">
          Deadline {clock(model.deadlineAt)}, beyond the right edge.
        </span>
      ) : null}
    </figcaption>
  );
}
