const WORD_BREAK = /[\s\-_./:@]/;

/**
 * How well a lower-cased `query` matches a lower-cased `text`: its characters in order, not
 * necessarily together (spaces in the query are ignored), as an editor's "go to file" matches.
 * Null for no match; higher is better: characters that follow each other and characters at a word's
 * start score more, and a shorter text wins a tie.
 */
export function fuzzyScore(query: string, text: string): number | null {
  let score = 0;
  let from = 0;
  let run = 0;
  for (const char of query) {
    if (char === ' ') continue;
    const at = text.indexOf(char, from);
    if (at < 0) return null;
    run = at === from && from > 0 ? run + 1 : 0;
    const wordStart = at === 0 || WORD_BREAK.test(text.charAt(at - 1));
    score += 1 + 2 * run + (wordStart ? 3 : 0);
    from = at + 1;
  }
  return score - text.length / 1000;
}
