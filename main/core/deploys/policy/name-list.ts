/** "a, b and c" or "a, b, c and 4 more": names in a sentence without flooding it. */
export function nameList(names: readonly string[], shown = 5): string {
  if (names.length === 0) return 'none';
  if (names.length === 1) return names[0] ?? '';
  const head = names.slice(0, Math.min(shown, names.length - 1));
  const rest = names.length - head.length;
  return rest === 1 ? `${head.join(', ')} and ${names[head.length] ?? ''}` : `${head.join(', ')} and ${rest} more`;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
