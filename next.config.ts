import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Keep `next dev` from writing instruction files into the project.
  agentRules: false,
  experimental: {
    agentUpgrade: false,
  },
  serverExternalPackages: ["better-sqlite3", "pino"],
};

export default nextConfig;
