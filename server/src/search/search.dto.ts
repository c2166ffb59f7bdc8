import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { oneOf, trim } from '../common/dto-transforms';
import { OptionalField } from '../common/validation';
import { NETWORK_LEVELS, type NetworkLevel } from '../networks/network.rules';
import { LESSON_OUTCOMES, SEARCH_DOC_TYPES, type LessonOutcome, type SearchDocType } from './search.document';

export const SEARCH_LIMITS = { query: 200, setting: 100, tag: 40, pageSize: 20, maxPageSize: 50 } as const;

/**
 * Words, spaces and the punctuation names of settings and tags use; no quotes or backslashes, so
 * that a value can never end the quoted string it is put in inside a filter expression.
 */
const FILTER_VALUE = /^[\p{L}\p{N}][\p{L}\p{N} &'()/.,+-]*$/u;

export class SearchQuery {
  @OptionalField({ maxLength: SEARCH_LIMITS.query, description: 'The words to look for; typos and the jargon of quality improvement are forgiven.' })
  @Transform(trim)
  @IsString({ message: 'q must be text' })
  @MaxLength(SEARCH_LIMITS.query, { message: `q must be at most ${SEARCH_LIMITS.query} characters` })
  q?: string;

  @OptionalField({ enum: SEARCH_DOC_TYPES })
  @IsIn(SEARCH_DOC_TYPES, oneOf('type', SEARCH_DOC_TYPES))
  type?: SearchDocType;

  @OptionalField({ format: 'uuid' })
  @IsUUID('all', { message: 'networkId must be a UUID' })
  networkId?: string;

  @OptionalField({ enum: LESSON_OUTCOMES })
  @IsIn(LESSON_OUTCOMES, oneOf('outcome', LESSON_OUTCOMES))
  outcome?: LessonOutcome;

  @OptionalField({ enum: NETWORK_LEVELS, description: "Only what comes from networks at this level." })
  @IsIn(NETWORK_LEVELS, oneOf('level', NETWORK_LEVELS))
  level?: NetworkLevel;

  @OptionalField({ maxLength: SEARCH_LIMITS.setting, description: 'A care setting, such as "general practice".' })
  @Transform(trim)
  @IsString({ message: 'setting must be text' })
  @MaxLength(SEARCH_LIMITS.setting, { message: `setting must be at most ${SEARCH_LIMITS.setting} characters` })
  @Matches(FILTER_VALUE, { message: 'setting must be words (letters, digits, spaces and - & \' ( ) / . , +)' })
  setting?: string;

  @OptionalField({ maxLength: SEARCH_LIMITS.tag })
  @Transform(trim)
  @IsString({ message: 'tag must be text' })
  @MaxLength(SEARCH_LIMITS.tag, { message: `tag must be at most ${SEARCH_LIMITS.tag} characters` })
  @Matches(FILTER_VALUE, { message: 'tag must be words (letters, digits, spaces and - & \' ( ) / . , +)' })
  tag?: string;

  @OptionalField({ description: 'nextCursor of the previous page.' })
  @IsString({ message: 'cursor must be a nextCursor this search gave out' })
  @Matches(/^[0-9]{1,4}$/, { message: 'cursor must be a nextCursor this search gave out' })
  cursor?: string;

  @OptionalField({ description: 'false: no facet counts (empty lists), for a look-up as you type; counting them is over half of what a search costs Meilisearch on a large index.' })
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'facets must be true or false' })
  facets?: boolean;

  @OptionalField({ minimum: 1, maximum: SEARCH_LIMITS.maxPageSize })
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(SEARCH_LIMITS.maxPageSize, { message: `limit must be at most ${SEARCH_LIMITS.maxPageSize}` })
  limit?: number;
}

export class SearchHitDto {
  @ApiProperty({ enum: SEARCH_DOC_TYPES }) type: SearchDocType;
  @ApiProperty({ description: "The record's id (a change idea's id inside its package)." }) id: string;
  @ApiProperty({ format: 'uuid' }) networkId: string;
  @ApiProperty() networkName: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'A cropped piece of the text as HTML whose only element is <mark>, around the words that matched.' }) snippet: string;
  @ApiPropertyOptional({ enum: LESSON_OUTCOMES, nullable: true }) outcome: LessonOutcome | null;
  @ApiPropertyOptional({ type: String, nullable: true }) setting: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ description: 'Where the web app shows it.' }) url: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FacetValueDto {
  @ApiProperty() value: string;
  @ApiProperty({ description: 'What to show for the value (a network by its name).' }) label: string;
  @ApiProperty() count: number;
}

export class SearchFacetsDto {
  @ApiProperty({ type: [FacetValueDto] }) type: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) network: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) outcome: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) setting: FacetValueDto[];
  @ApiProperty({ type: [FacetValueDto] }) tag: FacetValueDto[];
}

export class SearchResultDto {
  @ApiProperty({ type: [SearchHitDto] }) hits: SearchHitDto[];
  @ApiProperty({ type: SearchFacetsDto }) facets: SearchFacetsDto;
  @ApiProperty({ description: 'About how many results there are in all.' }) estimatedTotal: number;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last.' }) nextCursor: string | null;
}
