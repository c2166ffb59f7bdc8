import { tick } from 'svelte';
import { formErrors, NO_ERRORS, type FormErrors } from '$lib/forms/form-errors';

/**
 * The busy flag and errors of one form. `submit` runs the form's action once at a time and, when
 * it fails, puts each of the fields the server names next to its field (the rest at the top) and
 * moves focus to the first one, so that keyboard and screen-reader users land on what needs fixing.
 */
export class FormState {
  busy = $state(false);
  errors = $state<FormErrors>(NO_ERRORS);

  constructor(private readonly labels: Record<string, string> = {}) {}

  /** The error for one field, if any. */
  field(name: string): string | undefined {
    return this.errors.fields[name];
  }

  reset(): void {
    this.errors = NO_ERRORS;
  }

  /** Use as the form's onsubmit handler body: `onsubmit={(e) => form.submit(e, save)}`. */
  async submit(event: SubmitEvent, action: () => Promise<void>): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const formElement = event.currentTarget as HTMLFormElement;
    this.busy = true;
    this.errors = NO_ERRORS;
    try {
      await action();
    } catch (error) {
      this.errors = formErrors(error, this.labels);
      await tick();
      formElement.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus();
    } finally {
      this.busy = false;
    }
  }
}
