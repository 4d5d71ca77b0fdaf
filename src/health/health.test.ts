import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../diff/types.js';
import { healthOf, serviceHealth, worst } from './index.js';

const obj = (
  apiVersion: string,
  kind: string,
  spec: unknown,
  status: unknown,
  generation = 1,
): K8sObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x', generation },
  spec,
  status,
});

describe('health checks', () => {
  it('Deployment: healthy only when the latest spec is rolled out and available', () => {
    const ok = obj(
      'apps/v1',
      'Deployment',
      { replicas: 2 },
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
    );
    expect(healthOf(ok)).toEqual({ status: 'Healthy', message: '2/2 available' });
    const rolling = obj(
      'apps/v1',
      'Deployment',
      { replicas: 2 },
      { observedGeneration: 1, replicas: 3, updatedReplicas: 2, availableReplicas: 2 },
    );
    expect(healthOf(rolling)).toMatchObject({
      status: 'Progressing',
      message: '1 old replicas pending termination',
    });
    const unseen = obj('apps/v1', 'Deployment', { replicas: 1 }, { observedGeneration: 1 }, 2);
    expect(healthOf(unseen).status).toBe('Progressing');
    const stuck = obj(
      'apps/v1',
      'Deployment',
      { replicas: 1 },
      {
        observedGeneration: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "x" has timed out',
          },
        ],
      },
    );
    expect(healthOf(stuck)).toMatchObject({ status: 'Degraded' });
  });

  it('StatefulSet, Job, Pod and PVC each by their own rules', () => {
    expect(
      healthOf(obj('apps/v1', 'StatefulSet', { replicas: 1 }, { observedGeneration: 1, readyReplicas: 0 }))
        .status,
    ).toBe('Progressing');
    expect(
      healthOf(obj('batch/v1', 'Job', {}, { conditions: [{ type: 'Complete', status: 'True' }] })).status,
    ).toBe('Healthy');
    expect(
      healthOf(
        obj(
          'batch/v1',
          'Job',
          {},
          { conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] },
        ),
      ),
    ).toEqual({
      status: 'Degraded',
      message: 'BackoffLimitExceeded',
    });
    const crash = obj(
      'v1',
      'Pod',
      {},
      {
        phase: 'Running',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'CrashLoopBackOff' } } }],
      },
    );
    expect(healthOf(crash)).toEqual({ status: 'Degraded', message: 'app: CrashLoopBackOff' });
    expect(healthOf(obj('v1', 'PersistentVolumeClaim', {}, { phase: 'Pending' })).status).toBe('Progressing');
  });

  it('a missing object is Missing; a kind without a check is Healthy once it exists', () => {
    expect(healthOf(undefined).status).toBe('Missing');
    expect(healthOf(obj('v1', 'ConfigMap', undefined, undefined)).status).toBe('Healthy');
  });

  it('Service: needs ready endpoints when it selects pods', () => {
    const svc = obj('v1', 'Service', { selector: { app: 'x' } }, {});
    expect(serviceHealth(svc, 0).status).toBe('Progressing');
    expect(serviceHealth(svc, 2)).toEqual({ status: 'Healthy', message: '2 ready endpoints' });
    expect(serviceHealth(obj('v1', 'Service', { type: 'ExternalName' }, {}), undefined).status).toBe(
      'Healthy',
    );
  });

  it('a release is as healthy as its worst object', () => {
    expect(worst(['Healthy', 'Progressing', 'Healthy'])).toBe('Progressing');
    expect(worst(['Missing', 'Degraded'])).toBe('Degraded');
    expect(worst([])).toBe('Healthy');
  });
});
