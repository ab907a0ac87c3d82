import { useSystemInfo } from '../../api/queries.js';
import { ModalDialog } from '../../components/ModalDialog.js';
import { OperatorForm } from './OperatorForm.js';
import { useOperatorProfile } from './operator-queries.js';

/**
 * The browser host serves whoever has the link: before anything is done from it, the console asks
 * who is there, so the trail does not name the account the server runs under.
 */
export function OperatorPrompt() {
  const profile = useOperatorProfile();
  const info = useSystemInfo();
  // A read-only console (a wall screen) runs no command, and would refuse the save.
  if (profile.data !== null || info.data === undefined || info.data.readOnly) return null;
  return (
    // Closing without a name is not offered: the first command would be recorded under no one's name.
    <ModalDialog title="Who is at this console?" onClose={() => {}}>
      <p>Your name and email go on every entry of the audit trail, beside what you do from this browser.</p>
      <OperatorForm initial={null} />
    </ModalDialog>
  );
}
