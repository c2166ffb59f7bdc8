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
  },
};

export default config;
