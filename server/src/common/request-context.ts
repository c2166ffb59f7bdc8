import type { Request } from 'express';

/** Who is calling, as established by the session guard from the session cookie. */
export interface Caller {
  userId: string;
  sessionId: string;
  email: string;
  displayName: string;
}

export interface KnotworkRequest extends Request {
  caller?: Caller;
  cookies: Record<string, string | undefined>;
}
