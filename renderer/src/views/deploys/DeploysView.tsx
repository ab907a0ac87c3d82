import { NotBuiltView } from '../../components/NotBuiltView.js';

export function DeploysView() {
  return (
    <NotBuiltView title="Deploys">
      Deploys is not built yet. It will plan and run releases, service patches and hotfixes across rings and customer
      timeslots, with pre-flight checks, confirmation and rollback.
    </NotBuiltView>
  );
}
