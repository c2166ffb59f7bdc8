/** How to reach the search service, whether embedded or given by MEILI_URL. */
export interface SearchConnection {
  url: string;
  masterKey: string | null;
}

export const SEARCH_CONNECTION = Symbol('SEARCH_CONNECTION');
