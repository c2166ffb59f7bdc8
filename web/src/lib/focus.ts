import { tick } from 'svelte';

/**
 * After something on the page was removed (a member, a team), the button that had focus is gone
 * and the browser drops focus to the top of the page. This puts it on `fallback` (a section
 * heading with tabindex="-1") so keyboard and screen-reader users stay where they were.
 */
export async function recoverFocus(fallback: HTMLElement | undefined): Promise<void> {
  await tick();
  const active = document.activeElement;
  if (!active || active === document.body) fallback?.focus();
}
