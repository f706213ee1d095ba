import { addSecret, redact } from './util/redact.js'

/**
 * Where commands report to. The action writes through @actions/core (groups, masks, summary;
 * src/actionsLog.ts); the CLI writes plain lines. Every message is redacted on the way out.
 */
export interface Log {
  info(message: string): void
  warning(message: string): void
  group<T>(name: string, work: () => Promise<T>): Promise<T>
  secret(value: string | undefined): void
}

export function consoleLog(stream: NodeJS.WritableStream = process.stderr): Log {
  return {
    info: (m) => void stream.write(redact(m) + '\n'),
    warning: (m) => void stream.write('warning: ' + redact(m) + '\n'),
    group: async (name, work) => {
      stream.write(`== ${name}\n`)
      return work()
    },
    secret: (value) => addSecret(value)
  }
}
