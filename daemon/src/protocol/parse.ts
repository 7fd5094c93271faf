/** parseProtocolLine: reads one output line as a `::command key=value,...::message` protocol command. */
import { unescapeData, unescapeProperty } from './escape.js';
import type { ProtocolCommand, ProtocolCommandName, ProtocolErrorReason, ProtocolParseError } from './types.js';

const ANNOTATION_PROPS = ['nonce', 'title', 'file', 'line', 'col', 'endLine', 'endColumn'] as const;

/** The properties each command accepts. */
export const COMMAND_PROPERTIES: Record<ProtocolCommandName, readonly string[]> = {
  heartbeat: ['nonce'],
  progress: ['nonce', 'percent', 'current', 'total'],
  usage: ['nonce', 'model', 'input_tokens', 'output_tokens', 'cost_usd'],
  'add-mask': ['nonce'],
  'set-output': ['nonce', 'name'],
  notice: ANNOTATION_PROPS,
  warning: ANNOTATION_PROPS,
  error: ANNOTATION_PROPS,
};

/** GitHub Actions commands a job may print for GitHub; FlowForge leaves them alone as ordinary output. */
const GITHUB_ONLY = new Set([
  'group',
  'endgroup',
  'debug',
  'save-state',
  'set-env',
  'add-path',
  'stop-commands',
  'echo',
  'add-matcher',
  'remove-matcher',
]);

const NAME = /^[A-Za-z][A-Za-z0-9_-]*/;
const PROPERTY_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DECIMAL = /^\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i;
const OUTPUT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

type Props = ReadonlyMap<string, string>;
class Invalid {
  constructor(
    readonly reason: ProtocolErrorReason,
    readonly detail: string,
  ) {}
}

function isCommandName(name: string): name is ProtocolCommandName {
  return Object.hasOwn(COMMAND_PROPERTIES, name);
}

function parseProperties(name: ProtocolCommandName, text: string): Map<string, string> | Invalid {
  const props = new Map<string, string>();
  if (text.trim() === '') return props;
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair.trim() : pair.slice(0, eq).trim();
    if (eq < 0 || !PROPERTY_KEY.test(key))
      return new Invalid('malformed-property', 'expected key=value pairs separated by commas');
    if (!COMMAND_PROPERTIES[name].includes(key)) {
      return new Invalid(
        'unknown-property',
        `${key} is not a property of ${name} (expected ${COMMAND_PROPERTIES[name].join(', ')})`,
      );
    }
    if (props.has(key)) return new Invalid('duplicate-property', `${key} is given twice`);
    props.set(key, unescapeProperty(pair.slice(eq + 1)));
  }
  return props;
}

function numberProp(
  props: Props,
  key: string,
  options: { integer?: boolean; max?: number } = {},
): number | null | Invalid {
  const text = props.get(key);
  if (text === undefined) return null;
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  const fits =
    Number.isFinite(value) &&
    (options.integer !== true || Number.isSafeInteger(value)) &&
    value <= (options.max ?? Infinity);
  if (fits) return value;
  const wanted = options.integer === true ? 'a whole number ≥ 0' : 'a number ≥ 0';
  return new Invalid(
    'invalid-value',
    `${key} must be ${wanted}${options.max === undefined ? '' : ` and ≤ ${options.max}`}`,
  );
}

function build(name: ProtocolCommandName, props: Props, message: string): ProtocolCommand | Invalid {
  const nonce = props.get('nonce') ?? null;
  switch (name) {
    case 'heartbeat':
      return { kind: name, nonce, message };
    case 'progress': {
      const percent = numberProp(props, 'percent', { max: 100 });
      const current = numberProp(props, 'current');
      const total = numberProp(props, 'total');
      for (const v of [percent, current, total]) if (v instanceof Invalid) return v;
      if (percent === null && current === null)
        return new Invalid('missing-property', 'progress needs percent= or current= (with total=)');
      if (total !== null && current === null)
        return new Invalid('missing-property', 'progress with total= needs current=');
      return {
        kind: name,
        nonce,
        percent: percent as number | null,
        current: current as number | null,
        total: total as number | null,
        message,
      };
    }
    case 'usage': {
      const inputTokens = numberProp(props, 'input_tokens', { integer: true });
      const outputTokens = numberProp(props, 'output_tokens', { integer: true });
      const costUsd = numberProp(props, 'cost_usd');
      for (const v of [inputTokens, outputTokens, costUsd]) if (v instanceof Invalid) return v;
      if (inputTokens === null && outputTokens === null && costUsd === null) {
        return new Invalid('missing-property', 'usage needs input_tokens=, output_tokens= or cost_usd=');
      }
      const model = props.get('model') ?? null;
      return {
        kind: name,
        nonce,
        model: model === '' ? null : model,
        inputTokens: inputTokens as number | null,
        outputTokens: outputTokens as number | null,
        costUsd: costUsd as number | null,
      };
    }
    case 'add-mask':
      return message === ''
        ? new Invalid('missing-property', 'add-mask needs the value as its message')
        : { kind: name, nonce, value: message };
    case 'set-output': {
      const outputName = props.get('name');
      if (outputName === undefined) return new Invalid('missing-property', 'set-output needs name=');
      if (!OUTPUT_NAME.test(outputName))
        return new Invalid('invalid-value', 'name must be 1-100 letters, digits, _ . or -');
      return { kind: name, nonce, name: outputName, value: message };
    }
    case 'notice':
    case 'warning':
    case 'error': {
      const positions = ['line', 'col', 'endLine', 'endColumn'].map((key) => numberProp(props, key, { integer: true }));
      for (const v of positions) if (v instanceof Invalid) return v;
      const [line, col, endLine, endColumn] = positions as (number | null)[];
      return {
        kind: name,
        nonce,
        message,
        title: props.get('title') ?? null,
        file: props.get('file') ?? null,
        line: line ?? null,
        col: col ?? null,
        endLine: endLine ?? null,
        endColumn: endColumn ?? null,
      };
    }
  }
}

/**
 * Parses one output line (without its newline). Returns null for ordinary output (including GitHub-only
 * commands), the command, or a structured error for a line that starts like a FlowForge command but is not valid.
 */
export function parseProtocolLine(line: string): ProtocolCommand | ProtocolParseError | null {
  if (!line.startsWith('::')) return null;
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const name = NAME.exec(text.slice(2))?.[0];
  if (name === undefined) return null;
  const afterName = 2 + name.length;
  const end = text.indexOf('::', afterName);
  const separator = text[afterName];
  if (end < 0 || (separator !== ' ' && end !== afterName)) {
    return isCommandName(name) ? invalid('malformed-line', name, 'expected ::command key=value,...::message') : null;
  }
  if (GITHUB_ONLY.has(name)) return null;
  if (!isCommandName(name))
    return invalid(
      'unknown-command',
      name,
      `unknown command; expected one of ${Object.keys(COMMAND_PROPERTIES).join(', ')}`,
    );
  const props = parseProperties(name, text.slice(afterName, end));
  const result = props instanceof Invalid ? props : build(name, props, unescapeData(text.slice(end + 2)));
  return result instanceof Invalid ? invalid(result.reason, name, result.detail) : result;
}

function invalid(reason: ProtocolErrorReason, command: string | null, detail: string): ProtocolParseError {
  return { kind: 'invalid', reason, command, detail };
}
