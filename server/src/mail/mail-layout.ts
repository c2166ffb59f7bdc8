/** The look every mail shares, and escaping: all text that goes into HTML passes through escapeHtml. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface MailBody {
  text: string;
  html: string;
}

/** A block of a mail: a heading (optional) and lines, each line plain text with an optional link. */
export interface MailBlock {
  heading?: string;
  lines: { text: string; url?: string; quiet?: boolean }[];
}

export interface MailLayout {
  /** The first line: who it is for and why. */
  intro: string;
  blocks: MailBlock[];
  /** The one thing to do, as a button in HTML and a link in plain text. */
  action?: { label: string; url: string };
  /** Why the reader got this and how to stop it. */
  footer: { text: string; url?: string }[];
}

/** Renders a layout as plain text and as simple HTML (inline styles only; mail programs ignore the rest). */
export function renderMail(layout: MailLayout): MailBody {
  const text: string[] = [layout.intro, ''];
  const html: string[] = [
    '<!doctype html><html><body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2330;line-height:1.5">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
    `<p style="margin:0 0 16px">${escapeHtml(layout.intro)}</p>`,
  ];
  for (const block of layout.blocks) {
    if (block.heading) {
      text.push(block.heading, '-'.repeat(Math.min(block.heading.length, 60)));
      html.push(`<h2 style="font-size:17px;margin:20px 0 8px">${escapeHtml(block.heading)}</h2>`);
    }
    for (const line of block.lines) {
      text.push(line.url ? `${line.text}\n  ${line.url}` : line.text);
      const content = line.url ? `<a href="${escapeHtml(line.url)}" style="color:#1f5fbf">${escapeHtml(line.text)}</a>` : escapeHtml(line.text);
      html.push(`<p style="margin:4px 0${line.quiet ? ';color:#4a5262' : ''}">${content}</p>`);
    }
    text.push('');
  }
  if (layout.action) {
    text.push(`${layout.action.label}: ${layout.action.url}`, '');
    html.push(
      `<p style="margin:24px 0"><a href="${escapeHtml(layout.action.url)}" style="background:#1f5fbf;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(layout.action.label)}</a></p>`,
    );
  }
  text.push('--');
  html.push('<hr style="border:none;border-top:1px solid #dde1e8;margin:24px 0 12px">');
  for (const line of layout.footer) {
    text.push(line.url ? `${line.text} ${line.url}` : line.text);
    html.push(
      `<p style="margin:4px 0;font-size:13px;color:#4a5262">${escapeHtml(line.text)}${line.url ? ` <a href="${escapeHtml(line.url)}" style="color:#1f5fbf">${escapeHtml(line.url)}</a>` : ''}</p>`,
    );
  }
  html.push('</div></body></html>');
  return { text: text.join('\n') + '\n', html: html.join('\n') };
}
