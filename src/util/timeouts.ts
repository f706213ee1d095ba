// How long to wait for a server: to connect, and for an answer once connected. Read once, into
// Config (LUNEO_CONNECT_TIMEOUT_SECONDS, LUNEO_READ_TIMEOUT_SECONDS); sources are given them.

export interface Timeouts {
  connectMs: number
  readMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, readMs: 20_000 }

export function timeoutsFrom(env: NodeJS.ProcessEnv): Timeouts {
  const ms = (name: string, fallback: number) => {
    const n = Number(env[name])
    return Number.isFinite(n) && n > 0 ? n * 1000 : fallback
  }
  return {
    connectMs: ms('LUNEO_CONNECT_TIMEOUT_SECONDS', DEFAULT_TIMEOUTS.connectMs),
    readMs: ms('LUNEO_READ_TIMEOUT_SECONDS', DEFAULT_TIMEOUTS.readMs)
  }
}
