/** The CSP builder: nonce-only scripts, same-origin everything else, and framing by other origins only on /embed. */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isEmbedPath, makeNonce, nonceOf } from './csp';

const parse = (p: string) => new Map(p.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce (no inline, no eval) and frames only from itself outside /embed', () => {
    for (const pathname of ['/', '/walkthrough/descriptor-flow', '/present/x', '/follow', '/embedded', '/api/relay']) {
      const csp = parse(contentSecurityPolicy({ nonce: 'abc', pathname }));
      expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'"]);
      expect(csp.get('frame-ancestors'), pathname).toEqual(["'self'"]);
    }
  });

  it('lets any site frame /embed routes', () => {
    expect(parse(contentSecurityPolicy({ nonce: 'n', pathname: '/embed/kick-call' })).get('frame-ancestors')).toEqual(['*']);
    expect(isEmbedPath('/embed')).toBe(true);
    expect(isEmbedPath('/embedx')).toBe(false);
  });

  it('adds eval and inline styles only for next dev', () => {
    const dev = parse(contentSecurityPolicy({ nonce: 'n', pathname: '/', dev: true }));
    expect(dev.get('script-src')).toContain("'unsafe-eval'");
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const prod = parse(contentSecurityPolicy({ nonce: 'n', pathname: '/' }));
    expect(prod.get('style-src')).toEqual(["'self'", "'nonce-n'"]);
  });

  it('makes a fresh 128-bit nonce each time, and reads it back from a policy', () => {
    const a = makeNonce();
    expect(atob(a)).toHaveLength(16);
    expect(makeNonce()).not.toBe(a);
    expect(nonceOf(contentSecurityPolicy({ nonce: a, pathname: '/' }))).toBe(a);
  });
});
