import { NotBuiltView } from '../../components/NotBuiltView.js';

export function IncidentsView() {
  return (
    <NotBuiltView title="Incidents">
      Incidents is not built yet. It will list incidents from your alerting and tracker backends, with their impact, scope and
      communication plan.
    </NotBuiltView>
  );
}
