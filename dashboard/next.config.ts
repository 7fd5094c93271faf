import type { NextConfig } from 'next';

/** Next.js config of the dashboard: a local tool, so no compression (it would buffer SSE) and no powered-by header. */
const config: NextConfig = {
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default config;
