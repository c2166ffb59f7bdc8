import { inLabelWords } from '$shared/words';
import { ApiError, messageOf } from '$lib/api/client';

export interface FormErrors {
  /** Messages that belong next to one field, by the field's name in the request body. */
  fields: Record<string, string>;
  /** Everything else, shown at the top of the form. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/**
 * Sorts a failed request into field and form errors, from the `fields` the server lists: each
 * message goes next to its field, worded with the label people see (`labels` maps each field of
 * the form to it). A failure that names no field of this form shows at the top.
 */
export function formErrors(error: unknown, labels: Record<string, string>): FormErrors {
  if (!(error instanceof ApiError) || error.fields.length === 0) return { fields: {}, form: messageOf(error) };
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const problem of error.fields) {
    const label = labels[problem.field];
    if (label === undefined) {
      rest.push(problem.message);
      continue;
    }
    const text = inLabelWords(problem.message, problem.field, label);
    fields[problem.field] = fields[problem.field] ? `${fields[problem.field]} ${text}` : text;
  }
  return { fields, form: rest.length > 0 ? rest.join(' ') : null };
}

/** For a form of one field shown with one message: the field's error in the label's words, or the whole failure's message. */
export function singleFieldError(error: unknown, field: string, label: string): string {
  const { fields, form } = formErrors(error, { [field]: label });
  return [fields[field], form].filter(Boolean).join(' ');
}
