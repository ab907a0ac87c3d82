import { z } from 'zod';

/**
 * Atlassian Document Format (developer.atlassian.com/cloud/jira/platform/apis/document/structure/),
 * the rich text of Jira Cloud's REST v3 descriptions and comments, to and from the console's plain
 * text: a blank line between paragraphs, a line break inside one.
 */

export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
}

export const AdfNode: z.ZodType<AdfNode> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    text: z.string().optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(AdfNode).optional(),
  }),
);

export const AdfDocument = z.looseObject({ type: z.literal('doc'), version: z.literal(1), content: z.array(AdfNode) });
export type AdfDocument = z.infer<typeof AdfDocument>;

/** One paragraph's lines: text nodes (ADF forbids empty ones) with a hardBreak between lines. */
function paragraph(text: string): AdfNode {
  const content: AdfNode[] = [];
  text.split('\n').forEach((line, index) => {
    if (index > 0) content.push({ type: 'hardBreak' });
    if (line !== '') content.push({ type: 'text', text: line });
  });
  return { type: 'paragraph', content };
}

export function textToAdf(text: string): AdfDocument {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((part) => part.replace(/^\n+|\n+$/g, ''))
    .filter((part) => part.trim() !== '');
  return { type: 'doc', version: 1, content: paragraphs.map(paragraph) };
}

const BLOCK_SEPARATOR = '\n\n';

function inlineText(node: AdfNode): string {
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    // Mentions, emoji, dates and status lozenges carry their words in attrs.
    case 'mention':
    case 'emoji':
    case 'status':
      return typeof node.attrs?.text === 'string' ? node.attrs.text : '';
    case 'date':
      return typeof node.attrs?.timestamp === 'string' ? new Date(Number(node.attrs.timestamp)).toISOString().slice(0, 10) : '';
    case 'inlineCard':
      return typeof node.attrs?.url === 'string' ? node.attrs.url : '';
    default:
      return (node.content ?? []).map(inlineText).join('');
  }
}

function blockText(node: AdfNode): string {
  const children = node.content ?? [];
  switch (node.type) {
    case 'bulletList':
      return children.map((item) => `- ${blockText(item)}`).join('\n');
    case 'orderedList': {
      const start = typeof node.attrs?.order === 'number' ? node.attrs.order : 1;
      return children.map((item, index) => `${start + index}. ${blockText(item)}`).join('\n');
    }
    case 'listItem':
      return children.map(blockText).join('\n');
    case 'rule':
      return '---';
    case 'doc':
    case 'blockquote':
    case 'panel':
    case 'expand':
    case 'layoutSection':
    case 'layoutColumn':
    case 'table':
    case 'tableRow':
    case 'tableCell':
    case 'tableHeader':
      return children.map(blockText).filter((text) => text !== '').join(BLOCK_SEPARATOR);
    default:
      return inlineText(node);
  }
}

/** The document as plain text; marks (bold, links) are dropped, lists become "- " and "1. " lines. */
export function adfToText(document: AdfDocument | AdfNode | null | undefined): string {
  return document ? blockText(document) : '';
}
