import { guardResult, type Guard } from './guard-context.js';

const LABEL = 'Hotfix names its severity-one incident';

/** A hotfix answers a severity-one issue: without its reference it does not start, and no reason replaces it. */
export const hotfixReferenceGuard: Guard = ({ release, incident, targets }) => {
  if (release?.type !== 'hotfix') return guardResult('hotfix-reference', LABEL, true, [], 'not a hotfix: no severity-one reference needed', false);
  if (incident === null) {
    return guardResult('hotfix-reference', LABEL, false, targets, `hotfix ${release.version} needs the severity-one reference it answers, e.g. INC-2291`, false);
  }
  return guardResult('hotfix-reference', LABEL, true, [], `hotfix ${release.version} answers ${incident}`, false);
};
