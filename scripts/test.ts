import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  sumTallies,
  summaryLine,
  tallyPlaywright,
  tallyVitest,
  type Tally,
} from "./lib/reports";
import { bin, ROOT, run } from "./lib/run";

const RESULTS = path.join(ROOT, "test-results");
const VITEST_REPORT = path.join(RESULTS, "vitest.json");
const PLAYWRIGHT_REPORT = path.join(RESULTS, "playwright.json");
const INTERRUPTED = new Set([130, 143]);

interface RunnerResult {
  name: string;
  code: number;
  tally: Tally;
}

const ONE_FAILURE: Tally = { passed: 0, failed: 1, skipped: 0 };

/**
 * Reads a runner's report. A missing or unreadable report, or a runner
 * that failed without a failing test in it, counts as one failure, so the
 * summary line never reads clean when the run was not.
 */
function collect(name: string, code: number, count: () => Tally): RunnerResult {
  let tally: Tally;
  try {
    tally = count();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: no usable report (${reason})\n`);

    return { name, code: code || 1, tally: ONE_FAILURE };
  }
  if (code !== 0 && tally.failed === 0) {
    process.stderr.write(`${name}: exited with ${code}, no test failed\n`);
    tally = { ...tally, failed: 1 };
  }

  return { name, code, tally };
}

async function runVitest(): Promise<RunnerResult> {
  const code = await run(bin("vitest"), [
    "run",
    "--passWithNoTests",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${VITEST_REPORT}`,
  ]);

  return collect("vitest", code, () => tallyVitest(VITEST_REPORT));
}

/** Runs the browser specs against a server on a fresh data folder. */
async function runPlaywright(): Promise<RunnerResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-e2e-"));
  try {
    const code = await run(bin("playwright"), ["test"], {
      ...process.env,
      DOCKET_E2E_DATA_DIR: dataDir,
    });

    return collect("playwright", code, () =>
      tallyPlaywright(PLAYWRIGHT_REPORT),
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.rmSync(VITEST_REPORT, { force: true });
  fs.rmSync(PLAYWRIGHT_REPORT, { force: true });

  const vitest = await runVitest();
  const results = [vitest];
  if (!INTERRUPTED.has(vitest.code)) {
    results.push(await runPlaywright());
  }

  const total = sumTallies(results.map((result) => result.tally));
  const ok = total.failed === 0 && results.every((r) => r.code === 0);
  process.stdout.write(`\n${summaryLine(total)}\n`);

  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
