import * as Y from 'yjs';
import { describeFragment, projectChangePackage, writeChangePackage } from './change-package.document';

describe('change package document', () => {
  it('gives evidence links only when they are web or mail addresses', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, {
      title: 'Plan',
      ideas: [
        {
          title: 'Idea',
          driverKeys: [],
          paragraphs: [],
          evidence: [
            { label: 'Review', url: 'https://example.org/review' },
            { label: 'Trap', url: 'javascript:alert(1)' },
          ],
        },
      ],
    });
    expect(projectChangePackage(doc).ideas[0].evidence).toEqual([
      { label: 'Review', url: 'https://example.org/review' },
      { label: 'Trap', url: '' },
    ]);
  });

  it('projects the aim, the driver tree (an idea under several drivers), ideas and measures', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, {
      title: 'Depression care',
      aim: { what: 'Remission', howMuch: '50%', byWhen: 'December', forWhom: 'Adults screening positive' },
      drivers: [
        { key: 'p1', title: 'Reliable follow-up', secondary: [{ key: 's1', title: 'A registry' }] },
        { key: 'p2', title: 'Stepped care' },
      ],
      measures: [{ key: 'm1', name: 'PHQ-9 follow-up', kind: 'process', definition: 'Share followed up in 8 weeks', goal: '80%' }],
      ideas: [{ title: 'Call within 7 days', driverKeys: ['s1', 'p2'], paragraphs: ['Call every patient.', 'Use a script.'], measureKeys: ['m1'] }],
    });
    const projection = projectChangePackage(doc);
    expect(projection.title).toBe('Depression care');
    expect(projection.aim).toEqual({ what: 'Remission', howMuch: '50%', byWhen: 'December', forWhom: 'Adults screening positive' });
    expect(projection.drivers.map((d) => d.title)).toEqual(['Reliable follow-up', 'Stepped care']);
    expect(projection.drivers[0].secondary.map((d) => d.title)).toEqual(['A registry']);
    const [idea] = projection.ideas;
    expect(projection.drivers[0].secondary[0].ideaIds).toEqual([idea.id]);
    expect(projection.drivers[1].ideaIds).toEqual([idea.id]);
    expect(idea.descriptionHtml).toBe('<p>Call every patient.</p><p>Use a script.</p>');
    expect(idea.descriptionText).toBe('Call every patient.\nUse a script.');
    expect(idea.measureIds).toEqual([projection.measures[0].id]);
  });

  it('renders marks as HTML, escapes text and drops unsafe links', () => {
    const fragment = new Y.Doc().getXmlFragment('d');
    const paragraph = new Y.XmlElement('paragraph');
    fragment.insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, '<b>x</b> ');
    text.insert(text.length, 'bold', { bold: {} });
    text.insert(text.length, ' evil', { link: { href: 'javascript:alert(1)' } });
    text.insert(text.length, ' good', { link: { href: 'https://example.org/a?b=1' } });
    const { html, text: plain } = describeFragment(fragment);
    expect(html).toBe('<p>&lt;b&gt;x&lt;/b&gt; <strong>bold</strong> evil<a href="https://example.org/a?b=1" rel="noopener noreferrer"> good</a></p>');
    expect(plain).toBe('<b>x</b> bold evil good');
  });
});
