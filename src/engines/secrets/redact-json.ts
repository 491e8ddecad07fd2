// A JSON value (a tool's output, a transcript line) with its secrets redacted and its shape kept:
// every string and every key goes through `redact`, which returns it unchanged when clean.
const DEPTH = 32;

export function redactJson(value: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object' || value === null) return value;
  // Deeper than any tool's own output: checked as the JSON it is, replaced whole if it holds a secret.
  if (depth > DEPTH) {
    const json = JSON.stringify(value) ?? '';
    return redact(json) === json ? value : '[REDACTED: nested output holding a secret]';
  }
  if (Array.isArray(value)) return value.map((item) => redactJson(item, redact, depth + 1));
  // Keys too: free-form output (MCP) can key a map by a secret.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redact(key), redactJson(item, redact, depth + 1)]),
  );
}
