import { describe, expect, it } from 'vitest';
import { classifyFailure, type ApiErrorKind } from './api-client';

describe('classifyFailure', () => {
  const cases: [string, number, string | null, ApiErrorKind][] = [
    ['a missing key', 401, 'AUTH_REQUIRED', 'unauthorized'],
    ['the dashboard without a key', 401, 'DASHBOARD_KEY_MISSING', 'unauthorized'],
    ['a lockout after wrong keys', 429, 'RATE_LIMITED', 'unauthorized'],
    ['an exhausted restart budget', 429, 'RESTART_BUDGET_EXHAUSTED', 'rejected'],
    ['a refused host', 403, 'FORBIDDEN_HOST', 'rejected'],
    ['a refused cross-site request', 403, 'CROSS_SITE_REFUSED', 'rejected'],
    ['a daemon that does not answer', 502, 'DAEMON_UNREACHABLE', 'unreachable'],
    ['an unknown run', 404, 'RUN_NOT_FOUND', 'not-found'],
    ['a run that already ended', 409, 'RUN_NOT_ACTIVE', 'rejected'],
  ];
  it.each(cases)('treats %s as %s', (_name, status, code, expected) => {
    expect(classifyFailure(status, code)).toBe(expected);
  });
});
