import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
);

const FORWARDED = ["SIGINT", "SIGTERM"] as const;

/** A binary installed in the project's node_modules. */
export function bin(name: string): string {
  return path.join(ROOT, "node_modules", ".bin", name);
}

/**
 * Runs a command from the project root with inherited stdio, passing
 * SIGINT and SIGTERM on to it. Resolves with its exit code; a child ended
 * by a signal gives 128 + the signal number, as a shell would.
 */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    for (const signal of FORWARDED) {
      process.on(signal, forward);
    }
    const detach = () => {
      for (const signal of FORWARDED) {
        process.off(signal, forward);
      }
    };

    child.on("error", (error) => {
      detach();
      reject(error);
    });
    child.on("exit", (code, signal) => {
      detach();
      resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 1));
    });
  });
}
