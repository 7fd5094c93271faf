import { describe, expect, it } from 'vitest';
import { hasFailureWords } from './failure-words.js';

describe('hasFailureWords', () => {
  it.each([
    ['retrying request (attempt 3)', true],
    ['status=error code=429', true],
    ['the search failed, let me call it again', true],
    ['errors=3 retries=1', true],
    ['10 failed, 90 passed', true],
    ['batch 7 rows=1200 errors=0', false],
    ['request 12 tokens=400 retries: 0 status=ok', false],
    ['0 failed, 100 passed', false],
    ['processed job 41 in 12ms', false],
  ])('%s → %s', (text, expected) => {
    expect(hasFailureWords(text)).toBe(expected);
  });
});
