// Goal: the mode in force at a time is the last change at or before it, whatever order the
// changes come in; a run that never changed its mode has one. Method: direct calls.
import { describe, expect, it } from 'vitest';
import { ModeTimeline } from './modeTimeline';

describe('ModeTimeline', () => {
  it('gives the mode of the last change at or before a time', () => {
    const t = new ModeTimeline('vclock', [
      { at: 500, mode: 'vclock' },
      { at: 100, mode: 'lww' },
    ]);
    expect([0, 99, 100, 499, 500, 9999].map((at) => t.at(at))).toEqual(['vclock', 'vclock', 'lww', 'lww', 'vclock', 'vclock']);
    expect(t.final).toBe('vclock');
    expect(t.modes.sort()).toEqual(['lww', 'vclock']);
  });

  it('without changes, is the one mode throughout', () => {
    const t = new ModeTimeline('lww');
    expect([t.at(-1), t.at(1e9), t.final]).toEqual(['lww', 'lww', 'lww']);
    expect(t.modes).toEqual(['lww']);
  });
});
