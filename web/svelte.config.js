import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The NestJS server mounts build/handler.js behind /api, so the app and the API share one origin.
    adapter: adapter({ out: 'build' }),
    // Shapes and constants the server, the web app and the tests share (one copy of each).
    alias: { $shared: '../server/src/shared' },
    // Sent with every page rendered on the server. SvelteKit puts a nonce on its own inline
    // scripts ('auto'), so no other inline script runs. Styles allow 'unsafe-inline': Svelte and
    // the editor (Tiptap, the presence colours) set style attributes and add <style> elements as
    // they run. The live editor talks to /collab and /socket.io on this same origin ('self' covers
    // ws: and wss: to it). Nobody may frame a page (clickjacking); the server also sends
    // X-Frame-Options: DENY for older browsers.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:'],
        'font-src': ['self'],
        'connect-src': ['self'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};

export default config;
