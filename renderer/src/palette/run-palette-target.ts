import { itemHref, viewHref } from '../app/hash-route.js';
import { useFleetFilterStore } from '../state/fleet-filter-store.js';
import { useDeployDialogStore } from '../views/deploys/deploy-dialog-store.js';
import { incidentHref } from '../views/incidents/incident-address.js';
import { useDeclareDialogStore } from '../views/incidents/declare-dialog-store.js';
import type { PaletteTarget } from './palette-search.js';

/**
 * Goes where an entry points, through the same addresses as the console's links, or opens an
 * action's usual dialog with its guards and confirmations: the palette itself changes nothing.
 */
export function runPaletteTarget(target: PaletteTarget): void {
  switch (target.kind) {
    case 'view':
      window.location.hash = viewHref(target.view);
      return;
    case 'environment':
      window.location.hash = itemHref({ kind: 'environment', id: target.id });
      return;
    case 'deployment':
      window.location.hash = itemHref({ kind: 'deployment', id: target.id });
      return;
    case 'incident':
      window.location.hash = incidentHref(target.id);
      return;
    case 'region':
      useFleetFilterStore.getState().setRegion(target.id);
      window.location.hash = viewHref('fleet');
      return;
    case 'tenant':
      useFleetFilterStore.getState().setSearch(target.name);
      window.location.hash = viewHref('fleet');
      return;
    case 'declare':
      useDeclareDialogStore.getState().open({ alertKeys: [], environmentIds: target.environmentId === null ? [] : [target.environmentId] });
      return;
    case 'deploy':
      useDeployDialogStore
        .getState()
        .open(target.environmentId === null ? { action: target.action } : { action: target.action, target: { by: 'environments', ids: [target.environmentId] } });
      return;
  }
}
