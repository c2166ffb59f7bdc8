// See https://svelte.dev/docs/kit/types#app.d.ts
import type { IncomingMessage } from 'node:http';
import type { User } from '$lib/api/client';
import type { HandedOffRequest } from '$shared/web-handoff';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** Set when a page could not be loaded because Knotwork did not answer at all (hooks.client.ts). */
      unreachable?: boolean;
    }
    interface Locals {
      /** Who is signed in, asked of the API once per request (hooks.server.ts); null when nobody is. */
      user: User | null;
    }
    interface Platform {
      /** The Node request adapter-node passes on, carrying what the Knotwork server put on it. */
      req: IncomingMessage & HandedOffRequest;
    }
    interface PageState {
      /**
       * The change idea open in the change-package editor (null: closed), also in the address as
       * `?idea=`; `ideaOpenedHere` when opening it added the history entry that Back removes.
       */
      idea?: string | null;
      ideaOpenedHere?: boolean;
    }
    interface PageData {
      /** Who is signed in, from the root layout; null when nobody is. */
      user: User | null;
    }
  }
}

export {};
