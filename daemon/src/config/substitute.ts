/**
 * `${VAR}` and `${VAR:-default}` substitution in the text values of flowforge.yaml. Pure: the
 * environment is passed in. `$${` writes a literal `${`. Keys and comments are never substituted.
 */

/** A substituted text, or the problem (a variable that is not set, or a malformed reference). */
export type SubstitutionResult = { ok: true; value: string } | { ok: false; problem: string };

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

/**
 * Replaces `${VAR}` with env.VAR (an error when it is unset) and `${VAR:-default}` with env.VAR, or
 * with the default when VAR is unset or empty (as in POSIX shells).
 */
export function substituteVariables(text: string, env: Record<string, string | undefined>): SubstitutionResult {
  if (!text.includes('${')) return { ok: true, value: text };
  const problems: string[] = [];
  const value = text.replace(REFERENCE, (match: string, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      problems.push(
        'malformed ${...} reference: expected ${NAME} or ${NAME:-default} with NAME made of letters, digits and _',
      );
      return match;
    }
    const set = env[name];
    if (fallback !== undefined) return set === undefined || set === '' ? fallback : set;
    if (set === undefined) {
      problems.push(`environment variable ${name} is not set; set it, or write \${${name}:-default} to give a default`);
      return match;
    }
    return set;
  });
  const [problem] = problems;
  return problem === undefined ? { ok: true, value } : { ok: false, problem };
}
