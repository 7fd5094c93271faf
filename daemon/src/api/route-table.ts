/** The API's paths and their methods, for 405 answers with an Allow header. */

const ROUTES: readonly { pattern: RegExp; methods: readonly string[] }[] = [
  { pattern: /^\/(healthz|readyz|stream|incidents|timeline|worker\/lifecycle|metrics)$/, methods: ['GET', 'HEAD'] },
  { pattern: /^\/runs$/, methods: ['GET', 'HEAD', 'POST'] },
  { pattern: /^\/runs\/[^/]+$/, methods: ['GET', 'HEAD'] },
  { pattern: /^\/incidents\/[^/]+$/, methods: ['GET', 'HEAD'] },
  { pattern: /^\/process\/(kill|restart|pause|resume)$/, methods: ['POST'] },
];

/** The methods a known path allows, or null when the path is not an API route. */
export function allowedMethodsOf(pathname: string): readonly string[] | null {
  const path = pathname.replace(/^\/v1(?=\/)/, '');
  return ROUTES.find((route) => route.pattern.test(path))?.methods ?? null;
}
