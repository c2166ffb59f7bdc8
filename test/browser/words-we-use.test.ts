import { addMember, newNetwork, newUser } from '../support/api';
import { browserSuite, expectNoSeriousAxeViolations, openPage, screenshot } from '../support/browser';

/**
 * A patient partner meets "primary driver", "operational definition" and "balancing" on the
 * Change package place first: the words are explained there, in plain language, before the editor.
 */

jest.setTimeout(120_000);

const suite = browserSuite();

it('the Change package place explains the improvement words a package is written in, on a phone and a desktop', async () => {
  const { server, browser } = suite;
  const admin = await newUser(server.url);
  const partner = await newUser(server.url, { displayName: 'Sam Taylor' });
  const network = await newNetwork(admin, { name: `Valley depression care ${Date.now()}` });
  await addMember(admin, network.id, partner, 'member');
  await admin.client.patch(`/api/networks/${network.id}/members/${partner.id}`, { isPatientPartner: true });

  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
    const page = await openPage(browser, server.url, partner, viewport);
    await page.goto(`${server.url}/networks/${network.id}/change-packages`);
    const words = page.getByRole('region', { name: 'Words we use' });
    await words.waitFor();
    const explained = await words.evaluate((section) =>
      Object.fromEntries([...section.querySelectorAll('dt')].map((term) => [term.textContent?.trim(), term.nextElementSibling?.textContent?.trim() ?? ''])),
    );
    for (const term of ['Aim', 'Driver diagram', 'Primary driver', 'Change idea', 'Outcome measure', 'Process measure', 'Balancing measure', 'Operational definition']) {
      expect({ term, explained: (explained[term] ?? '').length > 30 }).toEqual({ term, explained: true });
    }
    expect(explained['Balancing measure']).toMatch(/made something else worse/);
    expect(explained['Operational definition']).toMatch(/how a measure is counted/);
    await expectNoSeriousAxeViolations(page, `change package place with its words at ${viewport.width} px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(Math.max(0, overflow)).toBe(0);
    await screenshot(page, `words-we-use-${viewport.width}`);
    await page.context().close();
  }
});
