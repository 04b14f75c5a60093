// Goal: a share fragment round-trips a scenario and a timeline position, and every way a link
// can be broken is answered with a clear message rather than an exception. Method: encode the
// vector-clock preset, decode it back; then feed hand-broken fragments.
import { describe, expect, it } from 'vitest';
import preset from './presets/chapter-vector-clocks.json';
import { decodeShare, encodeShare, shareFragmentPrefix } from './shareUrl';

async function deflateRaw(text: string): Promise<string> {
  const out = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer();
  return Buffer.from(out).toString('base64url');
}

describe('share URL', () => {
  it('round-trips a scenario and the timeline position', async () => {
    const hash = await encodeShare({ scenario: preset, position: { endMs: 420, spanMs: 300 } });
    expect(hash.startsWith(shareFragmentPrefix)).toBe(true);
    expect(hash).toMatch(/^#s=[A-Za-z0-9_-]+$/);
    const decoded = await decodeShare(hash);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.scenario.seed).toBe(1);
    expect(decoded.scenario.steps).toHaveLength(preset.steps.length);
    expect(decoded.position).toEqual({ endMs: 420, spanMs: 300 });
  });

  const messageOf = async (hash: string) => {
    const d = await decodeShare(hash);
    return d.ok ? 'decoded' : d.message;
  };

  it('answers bad base64 with a message about damaged data', async () => {
    expect(await messageOf('#s=not*base64!')).toContain('not valid base64url');
  });

  it('answers data that does not inflate with a message about decompression', async () => {
    expect(await messageOf(`#s=${Buffer.from('hello, not deflate at all').toString('base64url')}`)).toContain('does not decompress');
  });

  it('answers inflated text that is not JSON with a message about JSON', async () => {
    expect(await messageOf(`#s=${await deflateRaw('{"scenario": ')}`)).toContain('valid JSON');
  });

  it('answers an invalid scenario with what is wrong and where', async () => {
    const d = await decodeShare(await encodeShare({ scenario: { ...preset, cluster: { ...preset.cluster, w: 9 } }, position: { endMs: 0, spanMs: 100 } }));
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.message).toContain('not valid');
      expect(d.message).toMatch(/cluster|w/);
    }
  });

  it('answers a fragment that is not a share link', async () => {
    expect((await decodeShare('#other')).ok).toBe(false);
  });
});
