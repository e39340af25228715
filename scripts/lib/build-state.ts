import fs from "node:fs";
import path from "node:path";

import { ROOT } from "./run";

/** What the production build is made from; tests do not count. */
const SOURCES = [
  "app",
  "components",
  "db",
  "public",
  "server",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
  "proxy.ts",
  "tsconfig.json",
];

export type BuildState = "fresh" | "missing" | "stale";

/**
 * Whether `.next` holds a production build of the current sources. A
 * build older than any source file is stale, so a pull or an edit is
 * never served from an old build.
 */
export function buildState(): BuildState {
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) {
    return "missing";
  }
  const builtAt = fs.statSync(buildId).mtimeMs;

  return newestSource() > builtAt ? "stale" : "fresh";
}

function newestSource(): number {
  let newest = 0;
  for (const source of SOURCES) {
    for (const file of filesUnder(path.join(ROOT, source))) {
      const stat = fs.statSync(file);
      if (stat.isFile() && !/\.test\.tsx?$/.test(file)) {
        newest = Math.max(newest, stat.mtimeMs);
      }
    }
  }

  return newest;
}

function filesUnder(target: string): string[] {
  if (!fs.existsSync(target)) {
    return [];
  }
  if (!fs.statSync(target).isDirectory()) {
    return [target];
  }

  return fs
    .readdirSync(target, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(target, name));
}
