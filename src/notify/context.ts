import os from 'node:os'

// Where a run can be looked at: the GitHub Actions run page, RUN_URL (set it in a CronJob or any
// other scheduler), else the host name so a person knows which machine to look at.

export interface RunContext {
  /** A link to the run, when there is one. */
  url?: string
  /** What ran, for people: "GitHub Actions run 1234 (owner/repo)" or "luneo-backup CLI on host x". */
  label: string
}

export function runContext(env: NodeJS.ProcessEnv, tool: 'action' | 'cli'): RunContext {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = env
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1')
    return {
      url: `${GITHUB_SERVER_URL.replace(/\/+$/, '')}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}${attempt > 1 ? `/attempts/${attempt}` : ''}`,
      label: `GitHub Actions run ${GITHUB_RUN_ID}${env.GITHUB_WORKFLOW ? ` of ${env.GITHUB_WORKFLOW}` : ''} (${GITHUB_REPOSITORY})`
    }
  }
  const url = env.RUN_URL?.trim() || undefined
  // A Kubernetes pod: the manifests pass its identity through the downward API.
  if (env.POD_NAME && env.POD_NAMESPACE) {
    const job = env.JOB_NAME ? `job ${env.JOB_NAME}` : `pod ${env.POD_NAME}`
    const cron = env.CRONJOB_NAME ? ` of CronJob ${env.CRONJOB_NAME}` : ''
    const pod = env.JOB_NAME ? `, pod ${env.POD_NAME}` : ''
    const cluster = env.CLUSTER_NAME ? ` on cluster ${env.CLUSTER_NAME}` : ''
    return {
      url,
      label: `Kubernetes ${job}${cron} in namespace ${env.POD_NAMESPACE}${cluster}${pod}`
    }
  }
  const host = os.hostname()
  const what = tool === 'cli' ? 'luneo-backup CLI' : 'luneo-backup action'
  return { url, label: `${what} on host ${host}` }
}
