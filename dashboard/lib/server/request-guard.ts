/**
 * Checks that a request to the proxy comes from the dashboard's own pages, so other sites (and DNS
 * rebinding) cannot use the key the proxy adds. Pure: it looks only at the method and headers.
 */
import { CSRF_HEADER } from '../api-client';

/** Why a request was refused, as a problem's status, code and detail. */
export interface Refusal {
  status: number;
  code: 'CROSS_SITE_REFUSED' | 'HOST_REFUSED';
  detail: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The hostname of a Host header value ("127.0.0.1:3001" → "127.0.0.1", "[::1]:80" → "[::1]"). */
export function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.indexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/** Returns null when the request may be proxied, else why not. */
export function checkProxyRequest(method: string, headers: Headers): Refusal | null {
  const host = headers.get('host') ?? '';
  if (!LOOPBACK_HOSTS.has(hostnameOf(host))) {
    return {
      status: 403,
      code: 'HOST_REFUSED',
      detail: `The dashboard answers only on loopback hosts, not "${host}".`,
    };
  }
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    return { status: 403, code: 'CROSS_SITE_REFUSED', detail: `Requests from other sites are refused (${site}).` };
  }
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.get('origin');
  if (origin !== `http://${host}` && origin !== `https://${host}`) {
    return { status: 403, code: 'CROSS_SITE_REFUSED', detail: `Commands must come from the dashboard's origin.` };
  }
  if (headers.get(CSRF_HEADER) !== '1') {
    return { status: 403, code: 'CROSS_SITE_REFUSED', detail: `Commands must carry the ${CSRF_HEADER} header.` };
  }
  return null;
}
