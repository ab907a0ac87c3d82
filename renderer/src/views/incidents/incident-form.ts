/** Names as typed, separated by commas (a name may have spaces), each once. */
export function nameList(text: string): string[] {
  return [...new Set(text.split(',').map((name) => name.trim()).filter((name) => name !== ''))];
}
