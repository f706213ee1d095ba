import { UserError } from './errors.js'

/**
 * One wording for a server that cannot be reached, whatever the client library said:
 * "cannot connect to PostgreSQL at db:5432 (refused)". `why` is refused, timeout (and after
 * how long), host not found, or what the socket reported.
 */
export function cannotConnect(what: string, hostPort: string, why: string): UserError {
  return new UserError(`cannot connect to ${what} at ${hostPort} (${why})`)
}
