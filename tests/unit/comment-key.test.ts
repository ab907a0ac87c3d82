import { describe, expect, it } from 'vitest';
import { splitCommentKey, withCommentKey } from '../../main/core/connectors/comment-key.js';

describe("the console's key on a ticket comment", () => {
  it('rides on a last line of its own and comes off again', () => {
    const written = withCommentKey('Rolled back 4.2.1.\nError rate normal.', 'outbox-17');
    expect(written).toBe('Rolled back 4.2.1.\nError rate normal.\n\n[watchfloor:outbox-17]');
    expect(splitCommentKey(written)).toEqual({ text: 'Rolled back 4.2.1.\nError rate normal.', key: 'outbox-17' });
  });

  it('is found after a backend turned the line breaks into CRLF and added trailing whitespace', () => {
    expect(splitCommentKey('Paged the DBA.\r\n\r\n[watchfloor:k-2]  \r\n')).toEqual({ text: 'Paged the DBA.', key: 'k-2' });
  });

  it('is none on a comment a person wrote, even one that quotes a key mid-text', () => {
    expect(splitCommentKey('Is there an ETA?')).toEqual({ text: 'Is there an ETA?', key: null });
    expect(splitCommentKey('See [watchfloor:k-1] above.\nThanks')).toEqual({ text: 'See [watchfloor:k-1] above.\nThanks', key: null });
  });
});
