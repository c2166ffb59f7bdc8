/** Helpers for request DTOs, shared so that every feature trims and words its messages alike. */

type TransformInput = { value: unknown };

/** For @Transform: surrounding spaces are never part of a name or title. */
export const trim = ({ value }: TransformInput): unknown => (typeof value === 'string' ? value.trim() : value);

/** For @Transform: one spelling per email address. */
export const normaliseEmail = ({ value }: TransformInput): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** For @IsIn: "level must be one of: organisation, subnational, national, global". */
export const oneOf = (field: string, values: readonly string[]) => ({ message: `${field} must be one of: ${values.join(', ')}` });
