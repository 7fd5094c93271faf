import { describe, expect, it } from 'vitest';
import { checkProxyRequest, hostnameOf } from './request-guard';

const headers = (values: Record<string, string>): Headers => new Headers(values);
const HOST = '127.0.0.1:3001';

describe('checkProxyRequest', () => {
  it.each([
    ['a same-origin read', 'GET', { host: HOST, 'sec-fetch-site': 'same-origin' }, null],
    ['a read without fetch metadata (curl)', 'GET', { host: HOST }, null],
    ['a read from localhost', 'GET', { host: 'localhost:3001' }, null],
    ['a read from another site', 'GET', { host: HOST, 'sec-fetch-site': 'cross-site' }, 'CROSS_SITE_REFUSED'],
    ['a rebound DNS name', 'GET', { host: 'evil.example:3001' }, 'HOST_REFUSED'],
    [
      'a command from the dashboard',
      'POST',
      { host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin', 'x-flowforge-dashboard': '1' },
      null,
    ],
    ['a command without an Origin', 'POST', { host: HOST, 'x-flowforge-dashboard': '1' }, 'CROSS_SITE_REFUSED'],
    [
      'a command from another origin',
      'POST',
      { host: HOST, origin: 'http://evil.example', 'x-flowforge-dashboard': '1' },
      'CROSS_SITE_REFUSED',
    ],
    ['a command without the dashboard header', 'POST', { host: HOST, origin: `http://${HOST}` }, 'CROSS_SITE_REFUSED'],
  ])('judges %s', (_name, method, values, code) => {
    expect(checkProxyRequest(method, headers(values))?.code ?? null).toBe(code);
  });
});

describe('hostnameOf', () => {
  it.each([
    ['127.0.0.1:3001', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:3001', '[::1]'],
  ])('reads the host name of %s', (host, expected) => {
    expect(hostnameOf(host)).toBe(expected);
  });
});
