import type { DemoAccount } from "@/server/seed/demo";
import { DEMO_PASSWORD } from "@/server/seed/demo";

/** The few lines a person reads when the app starts. */
export function banner(url: string, accounts: DemoAccount[]): string {
  const lines = ["", `  Docket is starting on ${url}`];
  if (accounts.length > 0) {
    lines.push("", `  Demo accounts (password ${DEMO_PASSWORD}):`);
    const width = Math.max(...accounts.map((a) => a.email.length));
    for (const account of accounts) {
      lines.push(`    ${account.email.padEnd(width)}  ${account.role}`);
    }
  }
  lines.push("", "");

  return lines.join("\n");
}

/** The address to open in a browser for a listening host and port. */
export function appUrl(host: string, port: number): string {
  const shown = host.includes(":") ? `[${host}]` : host;

  return `http://${shown}:${port}`;
}
