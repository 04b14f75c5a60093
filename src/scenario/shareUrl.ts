/**
 * The share URL's fragment: a scenario and a timeline position, as JSON, compressed with
 * CompressionStream('deflate-raw') and written in base64url. Pure apart from the streams: no
 * DOM, no location. Decoding never throws: every failure is a message saying what is wrong.
 */
import type { Scenario } from './scenarioSchema';
import { parseScenario } from './parseScenario';
import { formatScenarioErrors } from './scenarioError';
import { isShareFragment, shareFragmentPrefix } from './scenarioLimits';

export { isShareFragment, shareFragmentPrefix };
/** Longest fragment decoded: browsers and chat tools cut URLs far shorter than this anyway. */
export const shareFragmentMaxChars = 2_000_000;
/** Most bytes inflated from one fragment: stops a "zip bomb" from filling the tab's memory. */
export const shareInflatedMaxBytes = 50_000_000;

/** Where the sharer's timeline was: the window ending at `endMs`, `spanMs` wide. */
export interface SharePosition {
  readonly endMs: number;
  readonly spanMs: number;
}

export interface ShareDoc {
  readonly scenario: unknown;
  readonly position: SharePosition;
}

export type DecodedShare =
  | { readonly ok: true; readonly scenario: Scenario; readonly position: SharePosition }
  | { readonly ok: false; readonly message: string };

/** The fragment (with its `#s=` prefix) for a scenario and position. */
export async function encodeShare(doc: ShareDoc): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  const packed = await pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
  return shareFragmentPrefix + toBase64Url(packed);
}

export async function decodeShare(hash: string): Promise<DecodedShare> {
  if (!isShareFragment(hash)) return fail('the link has no shared scenario (it should contain "#s=")');
  const text = hash.slice(shareFragmentPrefix.length);
  if (text.length > shareFragmentMaxChars) return fail(`the shared scenario is too long (${text.length} characters, at most ${shareFragmentMaxChars})`);
  const packed = fromBase64Url(text);
  if (packed === null) return fail('the link is damaged: its data is not valid base64url (was it cut or edited?)');
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(await pipe(packed, new DecompressionStream('deflate-raw'), shareInflatedMaxBytes));
  } catch (e) {
    return fail(`the link is damaged: its data does not decompress (${e instanceof Error ? e.message : String(e)})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (e) {
    return fail(`the link is damaged: it does not hold valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (typeof doc !== 'object' || doc === null || !('scenario' in doc)) return fail('the link holds no scenario');
  const parsed = parseScenario(doc.scenario);
  if (!parsed.ok) return fail(`the shared scenario is not valid:\n${formatScenarioErrors(parsed.errors)}`);
  return { ok: true, scenario: parsed.scenario, position: positionOf('position' in doc ? doc.position : undefined) };
}

function positionOf(p: unknown): SharePosition {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  const o = typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {};
  return { endMs: num(o.endMs, 0), spanMs: num(o.spanMs, 2_000) };
}

const fail = (message: string): DecodedShare => ({ ok: false, message });

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, maxBytes: number): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of out as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new Error(`more than ${maxBytes} bytes once decompressed`);
    chunks.push(chunk);
  }
  const joined = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  return joined;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
