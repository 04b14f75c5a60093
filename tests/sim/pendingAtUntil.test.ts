/**
 * Goal: every client operation a run asked for has a history record, however the run ends: one
 * in flight at `until`, and one still waiting behind it in its client's queue, are both reported
 * failed with `timeout` (the "an operation still pending at until"), from when each was
 * asked for. Method: a scenario whose client asks for two puts just before `until`.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario';
import { runScenario } from '../../src/sim';

describe('operations pending at the end of a run', () => {
  it('are recorded, in flight or still queued, as failed with timeout', () => {
    const parsed = parseScenario({
      version: 1,
      until: 3000,
      cluster: { nodes: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] },
      network: { latency: { kind: 'fixed', ms: 5 } },
      steps: [
        { at: 2995, do: 'put', client: 'c3', key: 'k', value: 'pend', via: 'a' },
        { at: 2996, do: 'put', client: 'c3', key: 'k', value: 'queued', via: 'a' },
      ],
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const { history } = runScenario(parsed.scenario).report;
    expect(history.map((h) => [h.op === 'put' ? h.value : null, h.invokeAt, h.completeAt, h.ok, h.error])).toEqual([
      ['pend', 2995, 3000, false, 'timeout'],
      ['queued', 2996, 3000, false, 'timeout'],
    ]);
    expect(history.map((h) => h.id)).toEqual([1, 2]);
  });
});
