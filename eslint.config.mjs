import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

const TS_FILES = ["**/*.ts", "**/*.tsx"];

const noDatabase = (message) => [
  { group: ["@/db", "@/db/*", "better-sqlite3"], message },
  { regex: "^(\\.\\./)+db(/|$)", message },
];

export default defineConfig(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...nextVitals,
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    rules: {
      curly: ["error", "all"],
    },
  },
  {
    // Hooks live in React code; elsewhere `use…` is an ordinary name
    // (Playwright fixtures, test helpers).
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["app/**", "components/**"],
    rules: {
      "react-hooks/rules-of-hooks": "off",
    },
  },
  {
    // The registry core knows nothing of storage, HTTP, React or channels;
    // only its store talks to the database. Tests and their harness build
    // real databases and are not part of the core.
    files: ["server/registry/**"],
    ignores: [
      "server/registry/store/**",
      "server/registry/testing/**",
      "server/registry/**/*.test.ts",
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...noDatabase("Only server/registry/store touches the database."),
            {
              group: ["drizzle-orm", "drizzle-orm/*"],
              message: "Only server/registry/store may use Drizzle.",
            },
            {
              group: [
                "next",
                "next/*",
                "next-*",
                "react",
                "react/*",
                "react-*",
              ],
              message: "The registry core is framework-free.",
            },
            {
              group: ["@/server/delivery", "@/server/delivery/*"],
              message: "The registry core knows nothing of channels.",
            },
            {
              group: ["@/server/api", "@/server/api/*"],
              message: "The registry core knows nothing of HTTP.",
            },
          ],
        },
      ],
    },
  },
  {
    // Test helpers and tests build their own rows; the procedures they
    // exercise still reach the database only through the verbs.
    files: ["components/**", "server/api/**"],
    ignores: ["server/api/testing/**", "server/api/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: noDatabase(
            "Reach the database through the registry or delivery verbs.",
          ),
        },
      ],
    },
  },
);
