export interface FormErrors {
  /** Messages that belong next to one field, by the field's name in the request body. */
  fields: Record<string, string>;
  /** Everything else, shown at the top of the form. */
  form: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, form: null };

/**
 * Where one problem ends and the next begins: "; " followed by a field name and "must", "is" or
 * a colon. A bare "; " is not enough, since one message may contain it ("…at most 200; a short
 * sentence is easy to remember").
 */
const BETWEEN_PROBLEMS = /; (?=[A-Za-z][\w.]* (?:must|is) |[A-Za-z][\w.]*: )/;

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Sorts a server message into field and form errors. The server names the field first, in one
 * of two shapes: "name must be 1 to 120 characters" or "email: an account with this email
 * already exists"; several problems are joined by "; ". `labels` maps each field of the form to
 * the label people see, which replaces the field's code name in the message.
 */
export function formErrors(message: string, labels: Record<string, string>): FormErrors {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const part of message.split(BETWEEN_PROBLEMS)) {
    const field = Object.keys(labels).find((name) => part.startsWith(`${name} `) || part.startsWith(`${name}:`));
    if (!field) {
      rest.push(part);
      continue;
    }
    const text = part.startsWith(`${field}:`)
      ? capitalise(part.slice(field.length + 1).trim())
      : `${labels[field]}${part.slice(field.length)}`;
    fields[field] = fields[field] ? `${fields[field]} ${text}` : text;
  }
  return { fields, form: rest.length > 0 ? rest.join(' ') : null };
}
