// SQL identifiers, quoted as PostgreSQL and pg_dump quote them.

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The dump names schemas as pg_dump quotes them: bare when they need no quotes. */
export function quoteIdentLike(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name)
}
