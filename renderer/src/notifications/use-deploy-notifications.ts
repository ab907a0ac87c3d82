import { useEffect } from 'react';
import type { DeploymentState } from '../../../shared/contract/deploys.js';
import { useOpsClient } from '../api/client-context.js';
import { itemHref } from '../app/hash-route.js';
import { deployNotice } from './deploy-notice.js';
import { mayNotify } from './notification-pause.js';

/**
 * A deployment that fails, is swapped back or waits for an answer raises a desktop notification
 * whichever view is open; clicking it opens the deployment. It listens to the core's events, so it
 * costs no render.
 */
export function useDeployNotifications(): void {
  const client = useOpsClient();
  useEffect(() => {
    const states = new Map<string, DeploymentState>();
    return client.subscribe('deploys.changed', ({ deployment }) => {
      if (deployment === null) return;
      const notice = deployNotice(states.get(deployment.id), deployment);
      states.set(deployment.id, deployment.state);
      if (notice === null || !mayNotify()) return;
      const notification = new Notification(notice.title, { body: notice.body, tag: notice.tag });
      notification.onclick = () => {
        window.focus();
        window.location.hash = itemHref({ kind: 'deployment', id: deployment.id });
        notification.close();
      };
    });
  }, [client]);
}
