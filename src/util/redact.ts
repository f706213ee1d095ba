// Every message that leaves the process (log, error, summary, Slack) passes through redact():
// known secrets become *** and any `scheme://user:password@` loses its password.
const secrets = new Set<string>()

/** Remember a secret (and its URL-encoded form) so redact() hides it everywhere. */
export function addSecret(value: string | undefined): void {
  if (!value || value.length < 3) return
  secrets.add(value)
  const encoded = encodeURIComponent(value)
  if (encoded !== value) secrets.add(encoded)
}

export function redact(text: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi, '$1$2:***@')
  // Longest first, so a secret containing another is hidden whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***')
  return out
}

/** Redact every string in a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map(redactDeep) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T
  }
  return value
}

/** A URL as it may be shown: without its password. */
export function displayUrl(url: URL): string {
  const copy = new URL(url.href)
  if (copy.password) copy.password = '***'
  return copy.href
}
