import { Injectable } from '@nestjs/common';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { mentionTokenLabel } from '../shared/mention-text';

/** `@[Display Name](<userId>)`: how the composer writes a mention into the Markdown source. */
const MENTION_TOKEN = /^@\[([^\]\n]{1,120})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/i;
const MENTION_IDS = /@\[[^\]\n]{1,120}\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** The people a body may mention (the network's members), by user id, with the name to show. */
export type Mentionable = ReadonlyMap<string, string>;

export interface RenderedPost {
  html: string;
  /**
   * The source to keep: each mention of a member carries that member's own name as its label, so a
   * stored token never says one name and means another person (quoted or edited, it reads true).
   */
  source: string;
  /** Members the body mentions, each once, in the order first mentioned. */
  mentionedUserIds: string[];
}

/** markdown-it hands `env` to every rule; ours carries the members and collects whom the body mentions. */
type RenderEnvironment = {
  mentionable: Mentionable;
  mentioned: Set<string>;
};

const LINK_REL = 'noopener noreferrer nofollow ugc';

/**
 * The one allow-list every post body goes through after Markdown: only the tags Markdown makes,
 * links only to http(s) and mailto, no images (a remote image tells its host who read the post),
 * no style, no event handlers. markdown-it already refuses raw HTML and javascript:/data: links;
 * this is the second lock, so that a mistake in one does not open the door.
 */
const SANITISE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'],
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], span: ['class', 'data-user-id'], ol: ['start'] },
  allowedClasses: { span: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // A relative address (which sanitize-html lets through) would resolve against our own pages: only full addresses link.
    a: (tagName, { href, ...attribs }) => ({
      tagName,
      attribs: href && /^(https?:\/\/|mailto:)/i.test(href) ? { ...attribs, href, rel: LINK_REL, target: '_blank' } : attribs,
    }),
  },
};

/** The words of sanitised HTML, entities undone, spaces collapsed; quoted text left out when asked. */
function plainText(html: string, dropQuotes: boolean): string {
  return sanitizeHtml(html, { allowedTags: dropQuotes ? ['blockquote'] : [], allowedAttributes: {}, exclusiveFilter: dropQuotes ? (frame) => frame.tag === 'blockquote' : undefined })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Markdown bodies to safe HTML, with mentions of members resolved. */
@Injectable()
export class PostRenderer {
  private readonly markdown: InstanceType<typeof MarkdownIt>;

  constructor() {
    this.markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
    // Images are not offered (see SANITISE); `![alt](src)` stays readable text instead of vanishing.
    this.markdown.disable('image');
    this.markdown.inline.ruler.before('link', 'mention', (state, silent) => {
      if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
      const match = MENTION_TOKEN.exec(state.src.slice(state.pos));
      if (!match) return false;
      if (!silent) {
        const env = state.env as unknown as RenderEnvironment;
        const userId = match[2].toLowerCase();
        // The member's own name, never the one typed: "@[Coach](<someone else>)" must not pass for the coach.
        const name = env.mentionable.get(userId);
        if (name !== undefined) {
          env.mentioned.add(userId);
          const token = state.push('mention', '', 0);
          token.meta = { userId, name };
        } else {
          const token = state.push('text', '', 0);
          token.content = `@${match[1]}`;
        }
      }
      state.pos += match[0].length;
      return true;
    });
    this.markdown.renderer.rules.mention = (tokens, index) => {
      const { userId, name } = tokens[index].meta as { userId: string; name: string };
      return `<span class="mention" data-user-id="${userId}">@${escapeHtml(name)}</span>`;
    };
  }

  /** The user ids a source names in mention tokens (to look up which of them are members). */
  mentionCandidates(source: string): string[] {
    return [...new Set([...source.matchAll(MENTION_IDS)].map((match) => match[1].toLowerCase()))];
  }

  render(source: string, mentionable: Mentionable = new Map()): RenderedPost {
    const env: RenderEnvironment = { mentionable, mentioned: new Set() };
    const html = sanitizeHtml(this.markdown.render(source, env as unknown as Record<string, unknown>), SANITISE).trim();
    const canonical = source.replace(MENTION_IDS, (token, userId: string) => {
      const name = mentionable.get(userId.toLowerCase());
      return name === undefined ? token : `@[${mentionTokenLabel(name)}](${userId})`;
    });
    return { html, source: canonical, mentionedUserIds: [...env.mentioned] };
  }

  /**
   * Plain text of a body, for notification excerpts and mail (no Markdown, no HTML),
   * quoted text left out (it is someone else's words, usually the reader's own), unless the body
   * is nothing but a quote or `withoutQuotes` is false.
   */
  excerpt(html: string, maxLength = 200, options: { withoutQuotes?: boolean } = {}): string {
    const text = ((options.withoutQuotes ?? true) && plainText(html, true)) || plainText(html, false);
    return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  }
}
