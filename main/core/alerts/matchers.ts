import type { Matcher } from '../../../shared/contract/alerts.js';

/** A silence matcher as Alertmanager applies it: regexes are anchored, `isEqual: false` negates. */
export type LabelTest = (value: string) => boolean;

export function compileMatcher(matcher: Matcher): LabelTest {
  let test: LabelTest;
  if (matcher.isRegex) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(`^(?:${matcher.value})$`);
    } catch {
      // A pattern the backend would have refused matches nothing here rather than everything.
      pattern = undefined;
    }
    test = (value) => pattern?.test(value) ?? false;
  } else {
    test = (value) => value === matcher.value;
  }
  return matcher.isEqual ? test : (value) => !test(value);
}

/** Alertmanager's rule for alerts: a label the alert does not have counts as the empty string. */
export function matchesLabels(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => compileMatcher(matcher)(labels[matcher.name] ?? ''));
}
