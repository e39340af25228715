import type { Airport } from "./airports";
import type { Assessment } from "./assess-trip";
import { CABIN_NAMES, km, usd, type RuleName } from "./rules";

const RULE_TITLES: Record<RuleName, string> = {
  route: "Route",
  date: "Date",
  cabin: "Cabin",
  price: "Price",
};

const place = (airport: Airport) =>
  `${airport.name} (${airport.iata}, ${airport.city}, ${airport.country})`;

const sentence = (text: string) =>
  `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/**
 * The reasoning in the rules' own words, one piece a sentence or line, so
 * a reader watching the stream sees it build up.
 */
export function explainByRules(assessment: Assessment): string[] {
  const { from, to, facts, verdict } = assessment;
  const cabin = CABIN_NAMES[facts.cabin];
  const pieces = [
    `${article(cabin)} ${cabin} trip for ${usd(facts.priceUsd)} on ` +
      `${facts.date}, from ${place(from)} to ${place(to)}: ` +
      `${km(facts.distanceKm)} on the great circle.\n`,
    ...verdict.checks.map(
      (check) =>
        `- ${RULE_TITLES[check.rule]} ` +
        `(${check.passed ? "passes" : "refuses"}): ` +
        `${sentence(check.reason)}\n`,
    ),
  ];
  const verdictLine = verdict.allowed
    ? "Verdict: allowed, every rule passes."
    : `Verdict: refused. ${verdict.reasons.map(sentence).join(" ")}`;

  return [...pieces, verdictLine];
}

/** "a" or "an", by the sound the word starts with. */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "An" : "A";
}
