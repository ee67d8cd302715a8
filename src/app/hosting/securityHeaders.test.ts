// The policy as the build writes it: no unsafe sources, the <meta> copy without what a <meta> cannot carry, and
// placed before anything it governs.
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, devServerHeaders, headersFile, productionHeaders, serializePolicy } from './securityHeaders';
import { withSecurityMeta } from './securityHeadersPlugin';

describe('the Content-Security-Policy', () => {
  it('allows no inline code and no eval, only wasm compilation', () => {
    const sources = Object.values(contentSecurityPolicy).flat();
    expect(sources).not.toContain("'unsafe-inline'");
    expect(sources).not.toContain("'unsafe-eval'");
    expect(contentSecurityPolicy['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('serializes directive by directive, and leaves frame-ancestors out of the <meta> form', () => {
    const policy = { 'default-src': ["'self'"], 'frame-ancestors': ["'none'"], 'worker-src': ["'self'", 'blob:'] };
    expect(serializePolicy(policy)).toBe("default-src 'self'; frame-ancestors 'none'; worker-src 'self' blob:");
    expect(serializePolicy(policy, { forMeta: true })).toBe("default-src 'self'; worker-src 'self' blob:");
  });

  it('goes into index.html right after the charset, before any script or stylesheet', () => {
    const html = '<head>\n    <meta charset="UTF-8" />\n    <script type="module" src="./a.js"></script>\n</head>';
    const out = withSecurityMeta(html);
    const meta = out.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(out.indexOf('charset'));
    expect(meta).toBeLessThan(out.indexOf('<script'));
    expect(out).toContain(`content="${serializePolicy(contentSecurityPolicy, { forMeta: true })}"`);
    expect(out).toContain('<meta name="referrer" content="no-referrer" />');
    expect(() => withSecurityMeta('<head></head>')).toThrow(/meta charset/);
  });

  it('is written for static hosts in the _headers format, one header a line under /*', () => {
    const lines = headersFile(productionHeaders).trim().split('\n');
    expect(lines[0]).toBe('/*');
    expect(lines).toContain('  X-Content-Type-Options: nosniff');
    expect(lines).toContain(`  Content-Security-Policy: ${productionHeaders['Content-Security-Policy']}`);
  });

  it('keeps the dev server cross-origin isolated and unframeable', () => {
    expect(devServerHeaders['Cross-Origin-Embedder-Policy']).toBe('require-corp');
    expect(devServerHeaders['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });
});
