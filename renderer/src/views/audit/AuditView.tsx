import { NotBuiltView } from '../../components/NotBuiltView.js';

export function AuditView() {
  return (
    <NotBuiltView title="Audit">
      Audit is not built yet. It will show who did what and when, from the audit trail the core keeps.
    </NotBuiltView>
  );
}
