// See https://svelte.dev/docs/kit/types#app.d.ts
import type { User } from '$lib/api/client';

declare global {
  namespace App {
    interface PageData {
      /** Who is signed in, from the root layout; null when nobody is. */
      user: User | null;
    }
  }
}

export {};
