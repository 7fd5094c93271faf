/**
 * Words of failing and retrying. A number rising in such a line counts attempts, not work done
 * (`retrying (attempt 7)`), and a repeated line carrying them is a loop of failures, not a stream of
 * work items, whatever ids tell its instances apart.
 */
export const FAILURE_WORDS =
  /\b(?:retr(?:y|ies|ying|ied)|attempts?|again|errors?|fail(?:s|ed|ure|ing)?|exception|timed? ?out|refused|unavailable|backoff|reconnect(?:ing)?)\b/i;
