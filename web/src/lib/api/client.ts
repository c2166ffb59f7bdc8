import { browser } from '$app/environment';
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type User = Schemas['UserDto'];
export type SearchResult = Schemas['SearchResultDto'];
export type SearchHit = Schemas['SearchHitDto'];
export type SearchQuery = NonNullable<paths['/api/search']['get']['parameters']['query']>;
export type Session = Schemas['SessionDto'];
export type Network = Schemas['NetworkDto'];
export type NetworkLevel = Network['level'];
export type NetworkVisibility = Network['visibility'];
export type NetworkRole = Schemas['MemberDto']['role'];
export type NetworkLink = Schemas['NetworkLinkDto'];
export type NetworkTreeNode = Schemas['NetworkTreeNodeDto'];
export type Member = Schemas['MemberDto'];
export type UpdateMember = Schemas['UpdateMemberBody'];
export type Team = Schemas['TeamDto'];
export type Invitation = Schemas['InvitationDto'];
export type CreatedInvitation = Schemas['CreatedInvitationDto'];
export type InvitationPreview = Schemas['InvitationPreviewDto'];
export type ChangePackage = Schemas['ChangePackageDto'];
export type ChangePackageWithContent = Schemas['ChangePackageWithContentDto'];
export type ChangePackageContent = Schemas['ChangePackageContentDto'];
export type ContentDiff = Schemas['ContentDiffDto'];
export type Version = Schemas['VersionDto'];
export type HistoryInterval = Schemas['HistoryIntervalDto'];
export type Lineage = Schemas['LineageDto'];
export type NotificationItem = Schemas['NotificationDto'];
export type NotificationPreferences = Schemas['NotificationPreferencesDto'];
export type EmailChoice = NotificationPreferences['email'];
export type NotificationLevel = NotificationPreferences['networks'][number]['level'];
export type UnsubscribePreview = Schemas['UnsubscribeDto'];
export type ErrorBody = Schemas['ErrorBody'];
export type FieldProblem = Schemas['FieldProblemBody'];

/**
 * A typed client for /api. Loaders pass SvelteKit's `fetch` and the page's origin
 * (`apiClient(fetch, url.origin)`): on the server a request needs a whole address, and SvelteKit
 * then sends the responses along with the page so that the browser does not ask again.
 * Components use `api`, which uses the browser's fetch.
 */
export function apiClient(customFetch?: typeof fetch, origin = '') {
  return createClient<paths>({
    baseUrl: origin,
    credentials: 'same-origin',
    ...(customFetch && { fetch: customFetch }),
  });
}

export const api = apiClient();

/**
 * A refused or failed request, carrying the server's plain-language message, its `code` (which
 * failure it was; null when the answer did not come from the API) and the fields at fault.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Used only when a response carries no message of its own (a proxy error page, for instance).
const FALLBACK_MESSAGES: Record<number, string> = {
  401: 'Please sign in to continue.',
  403: 'You do not have permission to do this.',
  404: 'We could not find that.',
  429: 'Too many attempts. Please wait a few minutes and try again.',
};
const GENERIC_MESSAGE = 'Something went wrong. Please try again.';
export const OFFLINE_MESSAGE = 'We could not reach Knotwork. Check your internet connection and try again.';

function isErrorBody(body: unknown): body is ErrorBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<ErrorBody>).message === 'string' &&
    typeof (body as Partial<ErrorBody>).code === 'string'
  );
}

/** Every error from /api is `{ statusCode, error, message, code, fields? }`; this keeps all but the first two. */
function errorFrom(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) return new ApiError(status, body.message, body.code, body.fields ?? []);
  return new ApiError(status, FALLBACK_MESSAGES[status] ?? GENERIC_MESSAGE);
}

interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError with the server's
 * message. A request that never reached the server throws an ApiError with status 0.
 */
export async function unwrap<R extends FetchResult>(request: Promise<R>): Promise<NonNullable<R['data']>> {
  let result: R;
  try {
    result = await request;
  } catch (cause) {
    // On the server /api is this very process, so a request that fails there is a fault to log.
    if (!browser) console.error('A request to /api from a server-side load failed:', cause);
    throw new ApiError(0, OFFLINE_MESSAGE);
  }
  if (!result.response.ok) throw errorFrom(result.response.status, result.error);
  return result.data as NonNullable<R['data']>;
}

/** The message to show for anything a request (or our own code) threw. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return GENERIC_MESSAGE;
}
