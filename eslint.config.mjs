import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const webImports = [
  { group: ["next", "next/*", "react", "react-dom", "react/*", "react-dom/*"], message: "server/ is the core: it knows nothing of the web." },
  { group: ["@/app/*", "@/components/*", "../app/*", "../../app/*", "../components/*", "../../components/*"], message: "server/ must not import app/ or components/." },
];

const dbImports = [
  { group: ["drizzle-orm", "drizzle-orm/*", "postgres", "@/server/db", "@/server/db/*", "**/server/db", "**/server/db/*"], message: "app/ and components/ reach the database only through server/ verbs." },
];

// Imports are not the only way in: `api.app.conn.sql` or `ctx.db.select()` reach the database
// through objects app/ legitimately holds (the App, a Ctx), so the member access is banned too.
const dbAccess = [
  {
    selector: "MemberExpression[property.name=/^(conn|db)$/], MemberExpression[computed=true][property.value=/^(conn|db)$/]",
    message: "app/ and components/ reach the database only through server/ verbs (test-only queries: server/<domain>/testing/).",
  },
  {
    selector: "ObjectPattern > Property[key.name=/^(conn|db)$/]",
    message: "app/ and components/ reach the database only through server/ verbs (test-only queries: server/<domain>/testing/).",
  },
];

const config = [
  { ignores: [".next/**", "node_modules/**", ".data/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
  {
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["server/**/*.ts"],
    ignores: ["server/**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: webImports }] },
  },
  {
    // Tests and test helpers included: they reach the database through server/ verbs too.
    files: ["app/**/*.ts", "app/**/*.tsx", "components/**/*.ts", "components/**/*.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: dbImports }], "no-restricted-syntax": ["error", ...dbAccess] },
  },
];

export default config;
