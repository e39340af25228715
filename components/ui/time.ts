const CLOCK = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const CLOCK_SECONDS = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
const DAY = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
});

/** "14:07", or "3 May 14:07" when it is not today. */
export function clock(ms: number, now = Date.now()): string {
  const time = CLOCK.format(ms);
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();

  return sameDay ? time : `${DAY.format(ms)} ${time}`;
}

/** "14:07:09.412", for timelines where order within a second matters. */
export function preciseClock(ms: number): string {
  const millis = String(Math.floor(ms % 1000)).padStart(3, "0");

  return `${CLOCK_SECONDS.format(ms)}.${millis}`;
}

/** A span in the largest two units that matter: "45s", "3m 20s", "2h 5m". */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1000) {
    return `${Math.round(abs)}ms`;
  }
  if (abs < 10_000) {
    return `${(abs / 1000).toFixed(1).replace(/\.0$/, "")}s`;
  }
  const units: [string, number][] = [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ];
  const parts: string[] = [];
  let rest = abs;
  for (const [name, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0 || parts.length > 0) {
      parts.push(`${count}${name}`);
      rest -= count * size;
    }
    if (parts.length === 2) {
      break;
    }
  }

  return parts.filter((p) => !p.startsWith("0")).join(" ") || "0s";
}

/** "12m left", or "passed 3m ago". */
export function timeLeft(at: number, now: number): string {
  return at > now
    ? `${duration(at - now)} left`
    : `passed ${duration(now - at)} ago`;
}
