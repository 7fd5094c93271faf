/**
 * A configuration field: its YAML key, its kind and how it reads and writes the ResolvedConfig. The
 * table of fields (fields.ts) is the single source that schema.ts, the env/flag overrides, the YAML
 * formatter and the generated docs/config.md all derive from.
 */
import type { ResolvedConfig } from './types.js';
import type { InputType, Kind } from './kinds.js';

/** One field, type-erased so a table can hold fields of different value types. */
export interface FieldSpec {
  /** Dotted snake_case key in flowforge.yaml, e.g. `cpu.max_percent`. */
  key: string;
  description: string;
  input: InputType;
  nullable: boolean;
  /** The word that stands for null ("off" or "auto") when nullable. */
  offWord?: 'off' | 'auto';
  values?: readonly string[];
  expected: string;
  /** Returns what was expected when raw is invalid, else null. */
  check(raw: unknown): string | null;
  /** Parses raw and writes it into cfg; returns what was expected when raw is invalid, else null. */
  assign(cfg: ResolvedConfig, raw: unknown): string | null;
  /** The field's value in cfg, in user-facing units (what flowforge.yaml would say). */
  read(cfg: ResolvedConfig): unknown;
}

/** Builds a field from a kind and a getter/setter pair on the ResolvedConfig. */
export function field<T>(
  key: string,
  kind: Kind<T>,
  get: (cfg: ResolvedConfig) => T,
  set: (cfg: ResolvedConfig, value: T) => void,
  description: string,
): FieldSpec {
  return {
    key,
    description,
    input: kind.input,
    nullable: kind.nullable,
    ...(kind.values === undefined ? {} : { values: kind.values }),
    ...(kind.offWord === undefined ? {} : { offWord: kind.offWord }),
    expected: kind.expected,
    check(raw) {
      const parsed = kind.parse(raw);
      return parsed.ok ? null : parsed.expected;
    },
    assign(cfg, raw) {
      const parsed = kind.parse(raw);
      if (!parsed.ok) return parsed.expected;
      set(cfg, parsed.value);
      return null;
    },
    read: (cfg) => kind.format(get(cfg)),
  };
}
