import { Param, type PipeTransform } from '@nestjs/common';
import { PlatformErrors } from '../platform/platform.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!UUID.test(value)) throw PlatformErrors.badId(this.name);
    return value.toLowerCase();
  }
}

/** A route parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) => Param(name, new UuidPipe(name));

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
