/**
 * Reads flowforge.yaml text into plain data with `${VAR}` substituted in scalar values, and keeps a
 * way to find the line of any key path, so that every error can point at its line.
 */
import type { Document, Node, Scalar } from 'yaml';
import { loadYaml } from './lazy-deps.js';
import { substituteVariables } from './substitute.js';

/** Parsed YAML data and a line finder, or the problems that stopped parsing. */
export type YamlSource =
  | { ok: true; data: unknown; lineOf: (path: readonly PropertyKey[], key?: string) => number | null }
  | { ok: false; errors: string[] };

const PLAIN_NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;

/** Re-types a substituted plain (unquoted) scalar the way YAML would have typed the written text. */
function retypePlain(text: string): unknown {
  if (PLAIN_NUMBER.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null' || text === '~' || text === '') return null;
  return text;
}

function substituteScalars(
  doc: Document,
  env: Record<string, string | undefined>,
  where: (n: Node) => string,
): string[] {
  const errors: string[] = [];
  loadYaml().visit(doc, {
    Scalar(key, node: Scalar) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const result = substituteVariables(node.value, env);
      if (!result.ok) {
        errors.push(`${where(node)}: ${result.problem}`);
        return;
      }
      if (result.value === node.value) return;
      node.value = node.type === 'PLAIN' ? retypePlain(result.value) : result.value;
    },
  });
  return errors;
}

/** Parses YAML text from `source` (a file path used in messages), substituting `${VAR}` from env. */
export function readYamlSource(text: string, source: string, env: Record<string, string | undefined>): YamlSource {
  const { LineCounter, isMap, isNode, isScalar, parseDocument } = loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const where = (node: Node): string => (node.range ? `${source}:${lineAt(node.range[0])}` : source);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map(
        (e) => `${source}:${lineAt(e.pos[0])}: YAML syntax error: ${e.message.split('\n')[0] ?? ''}`,
      ),
    };
  }
  const errors = substituteScalars(doc, env, where);
  if (errors.length > 0) return { ok: false, errors };
  const lineOf = (path: readonly PropertyKey[], key?: string): number | null => {
    const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      const keyNode = pair?.key;
      if (isScalar(keyNode) && keyNode.range) return lineAt(keyNode.range[0]);
    }
    if (isNode(node) && node.range) return lineAt(node.range[0]);
    return null;
  };
  return { ok: true, data: doc.toJS() as unknown, lineOf };
}
