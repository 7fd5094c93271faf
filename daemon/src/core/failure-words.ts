/**
 * Words of failing and retrying. A number rising in such a line counts attempts, not work done
 * (`retrying (attempt 7)`), and a repeated line carrying them is a loop of failures, not a stream of
 * work items, whatever ids tell its instances apart.
 */
export const FAILURE_WORDS =
  /\b(?:retr(?:y|ies|ying|ied)|attempts?|again|errors?|fail(?:s|ed|ure|ing)?|exception|timed? ?out|refused|unavailable|backoff|reconnect(?:ing)?)\b/i;

/** A failure word tied to a zero count (`errors=0`, `retries: 0`, `0 failed`): a healthy line's field. */
const ZERO_COUNT =
  /\b(?:retr(?:y|ies)|attempts?|errors?|fail(?:s|ed|ures?)?|exceptions?|timeouts?)\s*[=:]\s*0\b(?![.\d])|(?<![\d.])\b0\s+(?:retr(?:y|ies)|attempts?|errors?|fail(?:s|ed|ures?)?|exceptions?|timeouts?)\b/gi;

/** Whether a line speaks of failing or retrying, zero counts of those (`errors=0`) aside. */
export function hasFailureWords(text: string): boolean {
  // Most lines have no such word: only those get the copy with zero counts taken out.
  return FAILURE_WORDS.test(text) && FAILURE_WORDS.test(text.replace(ZERO_COUNT, ''));
}
