import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `vite dev` serves the app without the API: /api goes to a running Knotwork server (npm start).
const apiTarget = process.env.KNOTWORK_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [sveltekit()],
  // Yjs checks that it is loaded once; two copies would break the collaborative editor.
  resolve: { dedupe: ['yjs', 'y-protocols', 'lib0', '@tiptap/pm', '@tiptap/core'] },
  server: {
    proxy: {
      '/api': {
        target: apiTarget,
        // The server refuses state-changing requests from any origin but its own; the dev server is
        // another origin, so the proxy presents its requests as the server's own.
        configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('origin', apiTarget)),
      },
    },
  },
});
