/**
 * A preview of a post's Markdown made of plain text blocks, for the composer's Preview tab. The
 * page never inserts HTML it made itself (only the server's sanitised `bodyHtml`), so the preview
 * shows the structure people use most (paragraphs, quotes, lists, mentions) as text, and the
 * posted version shows the full rendering.
 */
export type PreviewBlock = { kind: 'paragraph' | 'quote' | 'item'; parts: PreviewPart[] };
export type PreviewPart = { kind: 'text'; text: string } | { kind: 'mention'; name: string };

const MENTION = /@\[([^\]\n]{1,120})\]\(([0-9a-f-]{36})\)/g;

export function previewParts(text: string): PreviewPart[] {
  const parts: PreviewPart[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push({ kind: 'mention', name: match[1] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

export function previewBlocks(source: string): PreviewBlock[] {
  const blocks: PreviewBlock[] = [];
  for (const chunk of source.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (lines.every((line) => line.startsWith('>'))) {
      blocks.push({ kind: 'quote', parts: previewParts(lines.map((line) => line.replace(/^>\s?/, '')).join('\n')) });
    } else if (lines.every((line) => /^\s*[-*]\s+/.test(line))) {
      for (const line of lines) blocks.push({ kind: 'item', parts: previewParts(line.replace(/^\s*[-*]\s+/, '')) });
    } else {
      blocks.push({ kind: 'paragraph', parts: previewParts(lines.join('\n')) });
    }
  }
  return blocks;
}

/** A Markdown blockquote of `source` credited to `who`, for quote-reply. */
export function quoteOf(source: string, who: string): string {
  const quoted = source
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return `> ${who} wrote:\n>\n${quoted}\n\n`;
}
