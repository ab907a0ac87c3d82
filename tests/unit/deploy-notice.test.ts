import { describe, expect, it } from 'vitest';
import { deployNotice } from '../../renderer/src/notifications/deploy-notice.js';
import { deploymentView } from '../support/deployment-view.js';

const base = { id: 'd-1', environmentId: 'acme-prod', environmentName: 'Acme production', version: '2026.11.2' } as const;

describe('desktop notices for deployments', () => {
  it('tells of a deployment that failed, was swapped back, or waits for an answer, once, when it gets there', () => {
    expect(deployNotice('running', deploymentView({ ...base, state: 'failed', message: 'exit code 3: migration 0142 failed' }))).toEqual({
      title: 'Failed: Deploy of 2026.11.2 to Acme production',
      body: 'exit code 3: migration 0142 failed',
      tag: 'deploy:d-1:failed',
    });
    expect(deployNotice('verifying', deploymentView({ ...base, state: 'rolled-back', message: 'checks failed on production after the swap' }))?.title).toBe(
      'Swapped back: Deploy of 2026.11.2 to Acme production',
    );
    const paused = deploymentView({
      ...base,
      action: 'rollback',
      state: 'paused',
      interruption: { id: 'i-1', title: 'Run database migrations failed', message: '', answers: ['retry', 'abort'] },
    });
    expect(deployNotice('running', paused)).toMatchObject({ title: 'Waiting for an answer: Rollback of 2026.11.2 to Acme production', body: 'Run database migrations failed' });
  });

  it('stays quiet for progress, for success, and for a deployment first seen already finished (a reload)', () => {
    expect(deployNotice('running', deploymentView({ ...base, state: 'running', progress: 40 }))).toBeNull();
    expect(deployNotice('failed', deploymentView({ ...base, state: 'failed' }))).toBeNull();
    expect(deployNotice('soaking', deploymentView({ ...base, state: 'succeeded' }))).toBeNull();
    expect(deployNotice(undefined, deploymentView({ ...base, state: 'failed' }))).toBeNull();
  });
});
