import { describe, expect, it } from 'vitest';
import { AdfDocument, adfToText, textToAdf } from '../../main/core/connectors/jira/adf.js';

/**
 * Expected documents written by hand from Atlassian's ADF reference
 * (developer.atlassian.com/cloud/jira/platform/apis/document/structure/ and its node pages:
 * doc, paragraph, text, hardBreak, bulletList, orderedList, listItem, mention).
 */

describe('plain text to Atlassian Document Format', () => {
  it('makes one paragraph of one line', () => {
    expect(textToAdf('Checkout fails for 5 % of users.')).toEqual({
      version: 1,
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Checkout fails for 5 % of users.' }] }],
    });
  });

  it('makes a paragraph per blank-line-separated block and a hardBreak per line break', () => {
    expect(textToAdf('Impact: Sydney\nSince: 09:12 AEDT\r\n\r\nRolled back 4.2.1.')).toEqual({
      version: 1,
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'Impact: Sydney' }, { type: 'hardBreak' }, { type: 'text', text: 'Since: 09:12 AEDT' }],
        },
        { type: 'paragraph', content: [{ type: 'text', text: 'Rolled back 4.2.1.' }] },
      ],
    });
  });

  it('never writes an empty text node, which ADF forbids', () => {
    expect(textToAdf('\n\nfirst\n\n\n\nsecond\n')).toEqual({
      version: 1,
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'first' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'second' }] },
      ],
    });
    expect(textToAdf('')).toEqual({ version: 1, type: 'doc', content: [] });
  });
});

describe('Atlassian Document Format to plain text', () => {
  it('reads paragraphs, line breaks, marks and mentions as someone would read them', () => {
    // As Jira sends it, through the connector's schema of answers.
    const document = AdfDocument.parse({
      version: 1,
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Hello ' },
            { type: 'mention', attrs: { id: '5b10a2844c20165700ede21g', text: '@Jane', accessLevel: '' } },
            { type: 'hardBreak' },
            { type: 'text', text: 'see the runbook', marks: [{ type: 'link', attrs: { href: 'https://runbooks.example.net' } }] },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'restart the pool' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'drain node 3' }] }] },
          ],
        },
        {
          type: 'orderedList',
          attrs: { order: 3 },
          content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'page the DBA' }] }] }],
        },
      ],
    });
    expect(adfToText(document)).toBe('Hello @Jane\nsee the runbook\n\n- restart the pool\n- drain node 3\n\n3. page the DBA');
  });

  it('gives back the text it was made from', () => {
    const text = 'Impact: Sydney\nSince: 09:12 AEDT\n\nRolled back 4.2.1.';
    expect(adfToText(textToAdf(text))).toBe(text);
  });

  it('reads no description as empty text', () => {
    expect(adfToText(null)).toBe('');
  });
});
