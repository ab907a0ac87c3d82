import { hashKey, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { IncidentDetail, IncidentList } from '../../../shared/contract/incidents.js';
import { openIncident } from '../views/incidents/incident-route.js';
import { incidentsKeys } from '../views/incidents/incidents-queries.js';
import { commsNotices, slaNotices, type ClockLevels, type DueDuties, type IncidentNotice } from './incident-notice.js';
import { mayNotify } from './notification-pause.js';
import { createRateLimiter } from './rate-limiter.js';

const LIST_HASH = hashKey(incidentsKeys.list);

function show(notice: IncidentNotice): void {
  const notification = new Notification(notice.title, { body: notice.body, tag: notice.tag });
  notification.onclick = () => {
    window.focus();
    openIncident(notice.incidentId);
    notification.close();
  };
}

/**
 * An SLA warning or breach (from the incidents list) and a communications duty falling due (from any
 * incident whose page has been loaded) raise a desktop notification, at most one per incident and kind
 * a minute. It watches the query cache, so it costs no render.
 */
export function useIncidentNotifications(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const limiter = createRateLimiter();
    let levels: ClockLevels | null = null;
    const due = new Map<string, DueDuties>();
    const notify = (notices: readonly IncidentNotice[], kind: string) => {
      if (!mayNotify()) return;
      const now = Date.now();
      for (const notice of notices) if (limiter.tryAcquire(`${kind}:${notice.incidentId}`, now)) show(notice);
    };
    return queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      const { queryHash, queryKey } = event.query;
      if (queryHash === LIST_HASH) {
        const list = queryClient.getQueryData<IncidentList>(incidentsKeys.list);
        if (list === undefined) return;
        const result = slaNotices(levels, list.items);
        levels = result.levels;
        notify(result.notices, 'sla');
      } else if (queryKey[1] === incidentsKeys.incident('')[1]) {
        const detail = queryClient.getQueryData<IncidentDetail>(queryKey);
        if (detail === undefined) return;
        const result = commsNotices(due.get(detail.incident.id) ?? null, detail.incident, detail.comms, Date.now());
        due.set(detail.incident.id, result.due);
        notify(result.notices, 'comms');
      }
    });
  }, [queryClient]);
}
