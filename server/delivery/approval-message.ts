import type { Entry, Expectation } from "@/server/registry/types";

import type { Approver } from "./approvers";
import { shorten } from "./wording";

/**
 * The email asking one approver to decide. It carries only a link to the
 * confirm page, where a signed-in approver sees the decision buttons:
 * opening the link decides nothing, so mail scanners that follow links
 * cannot approve by accident.
 */
export function approvalMessage(args: {
  entry: Entry;
  expectation: Expectation;
  approver: Approver;
  draft: string;
  link: string;
  expiresAt: number;
}): { title: string; text: string } {
  const { entry, expectation, approver } = args;
  const question = entry.question.replace(/\s+/g, " ").trim();
  const lines = [
    `Hello ${approver.name || approver.email},`,
    "",
    `${entry.requester} asked:`,
    `  ${question}`,
    "",
    `Your decision is needed on "${expectation.key}".`,
  ];
  if (expectation.prompt) {
    lines.push("", expectation.prompt);
  }
  lines.push(
    "",
    "What has arrived so far:",
    ...args.draft.split("\n").map((line) => `  ${line}`),
    "",
    "Review it and decide here (opening the page decides nothing):",
    `  ${args.link}`,
    "",
    `The link is for ${approver.email} and works until ` +
      `${new Date(args.expiresAt).toISOString().replace(/\.\d+Z$/, "Z")}.`,
  );

  return {
    title: `Approval needed: ${shorten(question, 72)}`,
    text: lines.join("\n"),
  };
}
