/** The Hono environment of the API: variables set by middleware for the handlers. */
import type { HttpBindings } from '@hono/node-server';
import type { RequestIdVariables } from 'hono/request-id';

/** Variables and bindings every API handler sees. */
export interface AppEnv {
  Bindings: Partial<HttpBindings>;
  Variables: RequestIdVariables & {
    /** The client's address (per-client limits, audit). */
    clientAddress: string;
    /** Who asked, for the audit log: api@<address> plus the optional X-FlowForge-Actor label. */
    actor: string;
  };
}
