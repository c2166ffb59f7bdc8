import { Injectable, Logger } from '@nestjs/common';
import type { Caller } from '../common/request-context';
import { isUuid } from '../common/uuid-param';
import { SearchAccessRepository, type ReadableNetwork } from './search-access.repository';
import { SearchClient } from './search.client';
import { MATCH_END, MATCH_START, markedSnippet, type IndexedDocument } from './search.document';
import { SEARCH_LIMITS, type FacetValueDto, type SearchQuery, type SearchResultDto } from './search.dto';
import { SearchErrors } from './search.errors';
import { queryAsJargon } from './search-settings';

const TYPE_LABELS: Record<string, string> = {
  lesson: 'Lessons',
  thread: 'Discussions',
  post: 'Replies',
  'change-package': 'Change packages',
  'change-idea': 'Change ideas',
  'learning-session': 'Learning sessions',
};
const OUTCOME_LABELS: Record<string, string> = { worked: 'Worked', partly_worked: 'Partly worked', did_not_work: 'Did not work', abandoned: 'Abandoned' };

const quoted = (value: string) => `"${value}"`;

/**
 * Search across everything a person may read. The access filter is made from PostgreSQL at each
 * query and is the first condition of every search; anything unexpected fails closed (nothing is
 * shown rather than too much).
 */
@Injectable()
export class SearchService {
  private readonly logger = new Logger(SearchService.name);

  constructor(
    private readonly access: SearchAccessRepository,
    private readonly search: SearchClient,
  ) {}

  async query(caller: Caller, query: SearchQuery): Promise<SearchResultDto> {
    const limit = query.limit ?? SEARCH_LIMITS.pageSize;
    const offset = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isInteger(offset) || offset < 0) throw SearchErrors.badCursor();

    const readable = await this.access.readableBy(caller.userId);
    let allowed: ReadableNetwork[] = readable;
    if (query.networkId) allowed = allowed.filter((network) => network.id === query.networkId!.toLowerCase());
    if (query.level) allowed = allowed.filter((network) => network.level === query.level);
    // Ids come from our own database, but they are checked all the same before they enter a filter expression.
    if (allowed.some((network) => !isUuid(network.id))) throw new Error('A network id that is not a UUID reached the search filter.');
    if (allowed.length === 0) return emptyResult();
    const names = new Map(allowed.map((network) => [network.id, network.name]));

    const filter = [`networkId IN [${allowed.map((network) => quoted(network.id)).join(',')}]`];
    if (query.type) filter.push(`type = ${quoted(query.type)}`);
    if (query.outcome) filter.push(`outcome = ${quoted(query.outcome)}`);
    if (query.setting) filter.push(`setting = ${quoted(query.setting.toLowerCase())}`);
    if (query.tag) filter.push(`tags = ${quoted(query.tag.toLowerCase())}`);

    let response;
    try {
      response = await this.search.index().search<IndexedDocument>(queryAsJargon(query.q ?? ''), {
        filter,
        offset,
        limit,
        facets: query.facets === false ? undefined : ['type', 'networkId', 'outcome', 'setting', 'tags'],
        // Not the text: only its cropped, highlighted piece (_formatted.text, which Meilisearch sends
        // all the same) is shown, and the whole text would make every answer several times longer.
        attributesToRetrieve: ['type', 'id', 'networkId', 'title', 'outcome', 'setting', 'tags', 'url', 'updatedAt'],
        attributesToCrop: ['text'],
        cropLength: 28,
        cropMarker: '…',
        attributesToHighlight: ['text'],
        highlightPreTag: MATCH_START,
        highlightPostTag: MATCH_END,
        sort: query.q ? undefined : ['updatedAt:desc'],
      });
    } catch (error) {
      this.logger.warn(`search failed: ${(error as Error).message}`);
      throw SearchErrors.unavailable();
    }

    const hits = response.hits
      // Never trust the index over PostgreSQL: a hit outside the caller's networks is dropped.
      .filter((hit) => names.has(hit.networkId))
      .map((hit) => ({
        type: hit.type,
        id: hit.id,
        networkId: hit.networkId,
        networkName: names.get(hit.networkId)!,
        title: hit.title,
        snippet: markedSnippet(String(hit._formatted?.text ?? '')),
        outcome: hit.outcome ?? null,
        setting: hit.setting ?? null,
        tags: hit.tags ?? [],
        url: hit.url,
        updatedAt: new Date(hit.updatedAt).toISOString(),
      }));
    const distribution = response.facetDistribution ?? {};
    const facet = (name: string, label: (value: string) => string | null): FacetValueDto[] =>
      Object.entries(distribution[name] ?? {})
        .flatMap(([value, count]) => {
          const shown = label(value);
          return shown === null ? [] : [{ value, label: shown, count }];
        })
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
    const estimatedTotal = response.estimatedTotalHits ?? hits.length;
    return {
      hits,
      facets: {
        type: facet('type', (value) => TYPE_LABELS[value] ?? value),
        network: facet('networkId', (value) => names.get(value) ?? null),
        outcome: facet('outcome', (value) => OUTCOME_LABELS[value] ?? value),
        setting: facet('setting', (value) => value),
        tag: facet('tags', (value) => value),
      },
      estimatedTotal,
      nextCursor: offset + limit < Math.min(estimatedTotal, 1000) && response.hits.length === limit ? String(offset + limit) : null,
    };
  }
}

function emptyResult(): SearchResultDto {
  return { hits: [], facets: { type: [], network: [], outcome: [], setting: [], tag: [] }, estimatedTotal: 0, nextCursor: null };
}
