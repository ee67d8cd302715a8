// Vite build plugin: puts the Content-Security-Policy in the built index.html as a <meta> tag (for hosts that cannot
// set headers, such as GitHub Pages) and writes dist/_headers (for Netlify and Cloudflare Pages). Build only: the
// dev server's page must stay free of the full policy (see devServerHeaders).
import type { Plugin } from 'vite';
import { contentSecurityPolicy, headersFile, productionHeaders, serializePolicy } from './securityHeaders.ts';

const charsetTag = /<meta charset="[^"]*"\s*\/?>/i;

/** index.html with the policy and the referrer policy as <meta> tags, right after the charset. */
export function withSecurityMeta(html: string): string {
  if (!charsetTag.test(html)) throw new Error('index.html needs a <meta charset> for the security <meta> tags to follow');
  const policy = serializePolicy(contentSecurityPolicy, { forMeta: true });
  // Right after the charset and before every script and stylesheet: a <meta> policy governs only what follows it.
  const tags = [
    `<meta http-equiv="Content-Security-Policy" content="${policy}" />`,
    `<meta name="referrer" content="${productionHeaders['Referrer-Policy']}" />`,
  ];
  return html.replace(charsetTag, (charset) => [charset, ...tags].join('\n    '));
}

export function securityHeaders(): Plugin {
  return {
    name: 'tbt-security-headers',
    apply: 'build',
    transformIndexHtml: { order: 'post', handler: withSecurityMeta },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile(productionHeaders) });
    },
  };
}
