import { describe, expect, it } from '@jest/globals'
import { runContext } from '../../src/notify/context.js'

// The CronJobs pass the pod's identity through the downward API (deploy/kubernetes); the Slack
// alert and the ledger then say which job failed and where, instead of a bare pod host name.
describe('runContext in a Kubernetes pod', () => {
  const pod = {
    POD_NAME: 'backup-daily-29012345-x7k2p',
    POD_NAMESPACE: 'backups',
    JOB_NAME: 'backup-daily-29012345',
    CRONJOB_NAME: 'backup-daily'
  }

  it('names the job, its CronJob, the namespace and the pod, and links RUN_URL', () => {
    expect(runContext({ ...pod, RUN_URL: 'https://grafana.example/explore?pod=x' }, 'cli')).toEqual(
      {
        url: 'https://grafana.example/explore?pod=x',
        label:
          'Kubernetes job backup-daily-29012345 of CronJob backup-daily in namespace backups, pod backup-daily-29012345-x7k2p'
      }
    )
    expect(runContext({ ...pod, CLUSTER_NAME: 'eks-prod' }, 'cli').label).toContain(
      'in namespace backups on cluster eks-prod'
    )
  })

  it('a bare pod (no Job) is named by the pod; without the namespace it is just a host', () => {
    expect(runContext({ POD_NAME: 'p', POD_NAMESPACE: 'n' }, 'cli').label).toBe(
      'Kubernetes pod p in namespace n'
    )
    expect(runContext({ POD_NAME: 'p' }, 'cli').label).toMatch(/^luneo-backup CLI on host /)
  })

  it('a GitHub run stays a GitHub run', () => {
    const gh = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_RUN_ID: '5'
    }
    expect(runContext({ ...gh, ...pod }, 'action').label).toMatch(/^GitHub Actions run 5/)
  })
})
