// Goal: background changes reach React at most once per period, together, and a change after a
// quiet spell at once. Method: a hand-driven clock and timer, counting each store's publishes.
import { describe, expect, it } from 'vitest';
import { createPublishClock, publishEveryMs } from './publishClock';

function setup() {
  let now = 1_000;
  const timers: { at: number; run: () => void }[] = [];
  const publishSoon = createPublishClock(() => now, (run, ms) => timers.push({ at: now + ms, run }));
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.splice(0).sort((a, b) => a.at - b.at)) {
      if (t.at <= now) t.run();
      else timers.push(t);
    }
  };
  return { publishSoon, advance };
}

describe('publish clock', () => {
  it('publishes a change after a quiet spell at once', () => {
    const { publishSoon } = setup();
    const log: string[] = [];
    publishSoon(() => log.push('snapshot'));
    expect(log).toEqual(['snapshot']);
  });

  it('holds the changes of a busy period and publishes each store once, together, at its end', () => {
    const { publishSoon, advance } = setup();
    const log: string[] = [];
    const snapshot = () => log.push('snapshot');
    const counters = () => log.push('counters');
    publishSoon(snapshot);
    for (let i = 0; i < 10; i++) {
      advance(10);
      publishSoon(snapshot);
      publishSoon(counters);
    }
    expect(log).toEqual(['snapshot']);
    advance(publishEveryMs - 100 - 1);
    expect(log).toEqual(['snapshot']);
    advance(1);
    expect(log).toEqual(['snapshot', 'snapshot', 'counters']);
  });

  it('publishes no more often than once per period however steady the changes', () => {
    const { publishSoon, advance } = setup();
    let publishes = 0;
    const publish = () => publishes++;
    for (let ms = 0; ms < 1_000; ms += 5) {
      publishSoon(publish);
      advance(5);
    }
    expect(publishes).toBeLessThanOrEqual(Math.ceil(1_000 / publishEveryMs) + 1);
    expect(publishes).toBeGreaterThanOrEqual(Math.floor(1_000 / publishEveryMs));
  });
});
