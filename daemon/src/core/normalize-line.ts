/**
 * Line normalisation: masks the parts of a line that change between iterations of the same loop
 * (numbers, ids, timestamps) so that two iterations compare equal. Regexes stay linear and simple
 * because this runs on every analysed line.
 */

const ESC = String.fromCharCode(27);
const ANSI = new RegExp(`${ESC}\\[[0-9;?]*[ -/]*[@-~]`, 'g');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const DATE = /\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\b/g;
const TIME = /\b\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b/g;
/** Unix epoch timestamps in s, ms or µs (2001–2033): `1712345678123 WARN …` loggers. */
const EPOCH = /\b1\d{9}(?:\d{3}(?:\d{3})?)?(?:\.\d+)?\b/g;
const HEX_PREFIXED = /\b0x[0-9a-f]+\b/gi;
/** Hex runs of 6+ chars with at least one digit and one letter; `_` and `-` count as separators. */
const HEX_ID = /(?<![0-9a-z])(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]{6,}(?![0-9a-z])/gi;
/** Mixed letter+digit tokens of 8+ chars (tool-call ids, request ids, base62 keys). */
const MIXED_ID = /(?<![A-Za-z0-9])(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{8,}(?![A-Za-z0-9])/g;
/** A quoted token without spaces that contains a digit: "req-8812", 'job_42'. */
const QUOTED_ID = /(["'])[^"'\s]{0,80}\d[^"'\s]{0,80}\1/g;
/** A path segment made of letters and digits: /runs/job7a/ -> /runs/<id>/. */
const PATH_SEGMENT_ID = /(?<=\/)(?=[^/\s"'?#&=,;()]*\d)(?=[^/\s"'?#&=,;()]*[A-Za-z])[^/\s"'?#&=,;()]+/g;
const NUMBER = /\d+(?:\.\d+)?/g;
const BAR_BLOCKS = /[\u2580-\u259f\u25a0\u25a1]+/g;
const BAR_ASCII = /\[[=>#.\- ]{3,}\]/g;
const SPACES = /\s+/g;

/** Strips ANSI colours and masks timestamps (ISO, dates, times, Unix epochs) and UUIDs (what counters must not be read from). */
export function maskTimes(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(UUID, '<uuid>')
    .replace(ISO_TIMESTAMP, '<ts>')
    .replace(DATE, '<date>')
    .replace(TIME, '<time>')
    .replace(EPOCH, '<ts>');
}

/** Returns the line with volatile parts masked, so iterations of one loop normalise to the same string. */
export function normalizeLine(text: string): string {
  return normalizeMasked(maskTimes(text));
}

/** normalizeLine for a line maskTimes already went over (the engine keeps both forms of each line). */
export function normalizeMasked(masked: string): string {
  return masked
    .replace(HEX_PREFIXED, '<hex>')
    .replace(QUOTED_ID, '$1<id>$1')
    .replace(PATH_SEGMENT_ID, '<id>')
    .replace(HEX_ID, '<hex>')
    .replace(MIXED_ID, '<id>')
    .replace(NUMBER, '#')
    .replace(BAR_BLOCKS, '▮')
    .replace(BAR_ASCII, '[bar]')
    .replace(SPACES, ' ')
    .trim();
}
