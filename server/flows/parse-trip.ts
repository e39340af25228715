export interface TripRequest {
  from: string;
  to: string;
  /** YYYY-MM-DD */
  date: string;
  priceUsd: number;
  cabin: "economy" | "premium" | "business" | "first";
}

export type TripParse =
  { ok: true; trip: TripRequest } | { ok: false; missing: string[] };

const MONTHS = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
];

/**
 * Reads a trip out of a plain question such as "Can I fly SFO to JFK on
 * 3 May for $640?". A day and month without a year mean the next such day
 * from `today`. Says what is missing rather than guessing.
 */
export function parseTrip(question: string, today: Date): TripParse {
  // "SFO to JFK" in capitals, or codes joined by a dash or an arrow.
  const route =
    /\b([A-Z]{3})\s+to\s+([A-Z]{3})\b/.exec(question) ??
    /\b([a-z]{3})\s*(?:->|→|-)\s*([a-z]{3})\b/i.exec(question);
  const price =
    /\$\s?(\d[\d,]*(?:\.\d{1,2})?)|(\d[\d,]*(?:\.\d{1,2})?)\s?(?:usd|dollars)/i.exec(
      question,
    );
  const date = findDate(question, today);
  const missing = [
    route ? null : "the route (e.g. SFO to JFK)",
    date ? null : "the date (e.g. 3 May)",
    price ? null : "the price (e.g. $640)",
  ].filter((m): m is string => m !== null);
  if (!route || !date || !price || missing.length > 0) {
    return { ok: false, missing };
  }

  return {
    ok: true,
    trip: {
      from: (route[1] ?? "").toUpperCase(),
      to: (route[2] ?? "").toUpperCase(),
      date,
      priceUsd: Number((price[1] ?? price[2] ?? "0").replaceAll(",", "")),
      cabin: findCabin(question),
    },
  };
}

function findDate(question: string, today: Date): string | null {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(question);
  if (iso) {
    return `${iso[1]}-${iso[2]}-${iso[3]}`;
  }
  const dayMonth =
    /\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i.exec(
      question,
    ) ??
    /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(\d{1,2})(?:st|nd|rd|th)?\b/i.exec(
      question,
    );
  if (!dayMonth) {
    return null;
  }
  const [first, second] = [dayMonth[1] ?? "", dayMonth[2] ?? ""];
  const dayFirst = /^\d/.test(first);
  const day = Number(dayFirst ? first : second);
  const month = MONTHS.indexOf(
    (dayFirst ? second : first).slice(0, 3).toLowerCase(),
  );
  if (day < 1 || day > 31 || month < 0) {
    return null;
  }
  let year = today.getUTCFullYear();
  const candidate = Date.UTC(year, month, day);
  const startOfToday = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate(),
  );
  if (candidate < startOfToday) {
    year += 1;
  }
  const when = new Date(Date.UTC(year, month, day));
  if (when.getUTCDate() !== day) {
    return null;
  }

  return when.toISOString().slice(0, 10);
}

function findCabin(question: string): TripRequest["cabin"] {
  const text = question.toLowerCase();
  if (text.includes("first class")) {
    return "first";
  }
  if (text.includes("business")) {
    return "business";
  }
  if (text.includes("premium")) {
    return "premium";
  }

  return "economy";
}
