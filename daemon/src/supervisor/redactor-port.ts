/** What the supervisor needs of a redactor (implemented by redact/). */
export interface Redactor {
  redact(text: string): string;
  addMask(value: string): void;
}
