/**
 * Keeps the most recent trace events (bounded) and a digest of all of them. The digest is
 * FNV-1a over each event's JSON in two independent 32-bit lanes (64 bits in all): two runs with
 * the same seed, scenario and build must produce the same digest.
 */
import type { TraceEvent } from '../core/trace';

export class TraceRecorder {
  private buffer: TraceEvent[] = [];
  private start = 0;
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193;
  count = 0;

  constructor(private readonly limit: number) {}

  record(e: TraceEvent): void {
    this.count++;
    const s = JSON.stringify(e);
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    this.h1 = h1;
    this.h2 = h2;
    if (this.limit === 0) return;
    if (this.buffer.length < this.limit) this.buffer.push(e);
    else {
      this.buffer[this.start] = e;
      this.start = (this.start + 1) % this.limit;
    }
  }

  /** The kept events, oldest first. */
  events(): TraceEvent[] {
    return [...this.buffer.slice(this.start), ...this.buffer.slice(0, this.start)];
  }

  digest(): string {
    const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
    return hex(this.h1) + hex(this.h2);
  }
}
