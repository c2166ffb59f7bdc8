import { PostRenderer } from './post-renderer';

const renderer = new PostRenderer();
const ALICE = '11111111-1111-4111-8111-111111111111';
const STRANGER = '22222222-2222-4222-8222-222222222222';
const members = new Map([[ALICE, 'Alice <Nurse>']]);

const SAFE_TAGS = new Set(['p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span']);
const SAFE_ATTRIBUTES = new Set(['href', 'title', 'rel', 'target', 'class', 'data-user-id', 'start']);

/**
 * What no rendered body may contain, whatever was written: every real tag (text is escaped, so
 * any "<" left is a tag) is on the allow-list, with only allowed attributes, and every link is
 * http(s) or mailto. Escaped text that merely reads like an attack is harmless and allowed.
 */
function expectSafe(html: string): void {
  for (const [, name, attributes] of html.matchAll(/<\/?([a-zA-Z0-9-]+)([^>]*)>/g)) {
    expect(SAFE_TAGS).toContain(name.toLowerCase());
    for (const [, attribute, value] of attributes.matchAll(/([^\s=]+)="([^"]*)"/g)) {
      expect(SAFE_ATTRIBUTES).toContain(attribute.toLowerCase());
      if (attribute === 'href') expect(value).toMatch(/^(https?:\/\/|mailto:)/);
    }
    // Nothing outside name="value" pairs (an unquoted handler would show here).
    expect(attributes.replace(/([^\s=]+)="([^"]*)"/g, '').replace(/\//g, '').trim()).toBe('');
  }
  expect(html.replace(/<[^>]*>/g, '')).not.toMatch(/[<>]/);
}

const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](  javascript:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;avascript&#x3A;alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](https://tracker.example/pixel.png)',
  '[[nested](javascript:alert(1))](https://ok.example)',
  '[a](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<math><mtext></mtext><mglyph><svg><mtext><style><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '<javascript:alert(1)>',
  '[x](//evil.example/path)',
  `@[<img src=x onerror=alert(1)>](${ALICE})`,
  `@[Bob"><script>alert(1)</script>](${STRANGER})`,
  `@[x](${ALICE}"><script>alert(1)</script>)`,
  '`<script>alert(1)</script>`',
  '```\n<script>alert(1)</script>\n```',
  '<details open ontoggle=alert(1)>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
];

describe('PostRenderer', () => {
  it.each(XSS_PAYLOADS)('renders %j without anything that runs', (payload) => {
    expectSafe(renderer.render(payload, members).html);
  });

  it('keeps ordinary Markdown: emphasis, lists, quotes, code', () => {
    const { html } = renderer.render('**bold** _it_\n\n- one\n- two\n\n> quoted\n\n`code`');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<code>code</code>');
  });

  it('shows raw HTML as text rather than dropping what was written', () => {
    expect(renderer.render('<b>hi</b>').html).toBe('<p>&lt;b&gt;hi&lt;/b&gt;</p>');
  });

  it('opens links safely, and turns bare addresses into such links', () => {
    for (const source of ['[site](https://example.org)', 'see https://example.org']) {
      const { html } = renderer.render(source);
      expect(html).toContain('href="https://example.org"');
      expect(html).toContain('rel="noopener noreferrer nofollow ugc"');
      expect(html).toContain('target="_blank"');
    }
    expect(renderer.render('[mail](mailto:team@example.org)').html).toContain('href="mailto:team@example.org"');
  });

  it('turns a mention of a member into a mention with their own name, and leaves others as text', () => {
    const rendered = renderer.render(`Thanks @[Someone else](${ALICE}) and @[Stranger](${STRANGER})`, members);
    expect(rendered.html).toContain(`<span class="mention" data-user-id="${ALICE}">@Alice &lt;Nurse&gt;</span>`);
    expect(rendered.html).toContain('@Stranger');
    expect(rendered.html).not.toContain(STRANGER);
    expect(rendered.mentionedUserIds).toEqual([ALICE]);
  });

  it("keeps a source whose mention labels are the members' own names, so that a quote cannot carry a false one", () => {
    const rendered = renderer.render(`see @[Ada](${ALICE}) and @[Stranger](${STRANGER})`, members);
    expect(rendered.source).toBe(`see @[Alice <Nurse>](${ALICE}) and @[Stranger](${STRANGER})`);
  });

  it('does not count a mention inside code', () => {
    expect(renderer.render(`\`@[A](${ALICE})\``, members).mentionedUserIds).toEqual([]);
  });

  it('lists mention candidates once each', () => {
    expect(renderer.mentionCandidates(`@[A](${ALICE}) @[A](${ALICE.toUpperCase()}) @[S](${STRANGER})`)).toEqual([ALICE, STRANGER]);
  });

  it('makes a plain excerpt', () => {
    expect(renderer.excerpt(renderer.render('**Hello** & <world>').html)).toBe('Hello & <world>');
    // A quote-reply's excerpt is the reply, not the words it quotes; a bare quote keeps them.
    const quoted = renderer.render('> **They** said this\n> at length\n\nAnd I *answer*').html;
    expect(renderer.excerpt(quoted, 200, { withoutQuotes: true })).toBe('And I answer');
    expect(renderer.excerpt(renderer.render('> only a quote').html, 200, { withoutQuotes: true })).toBe('only a quote');
  });

  it("leaves what a post quotes out of its excerpt, unless the quote is all it says", () => {
    const quoteReply = renderer.render('> Ann wrote:\n>\n> > an older quote\n>\n> Our numbers went up.\n\nThat is **good** news.').html;
    expect(renderer.excerpt(quoteReply)).toBe('That is good news.');
    expect(renderer.excerpt(renderer.render('> Only a quote.').html)).toBe('Only a quote.');
  });
});

describe('PostRenderer links', () => {
  it('keeps the text of a link to a relative or unknown address, without the link', () => {
    const { html } = renderer.render(`[x](${ALICE}) [y](/networks/secret)`);
    expect(html).not.toContain('href');
    expect(html).toContain('x');
  });
});
