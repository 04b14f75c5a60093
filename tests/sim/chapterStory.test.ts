/**
 * Goal: the chapter's vector-clock story comes out with exactly the chapter's clocks, through
 * the headless command a user runs. Method: `npm run sim -- preset --json` in a child process
 * (the real CLI), then the report's history: D1 = [Sx,1], D2 = [Sx,2], D3 = ([Sx,2],[Sy,1]),
 * D4 = ([Sx,2],[Sz,1]), the read sees D3 and D4 as siblings, D5 = ([Sx,3],[Sy,1],[Sz,1]).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { OpRecord } from '../../src/check';

const preset = 'src/scenario/presets/chapter-vector-clocks.json';

function runCli(args: string[]): { stdout: string; status: number; stderr: string } {
  try {
    const stdout = execFileSync('npx', ['tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { stdout, status: 0, stderr: '' };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; status: number };
    return { stdout: err.stdout, status: err.status, stderr: err.stderr };
  }
}

describe('the chapter vector-clock story', () => {
  it('every version carries the chapter clock, and the read returns D3 and D4 as siblings', () => {
    const { stdout, status } = runCli([preset, '--json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { history: OpRecord[]; check: { staleReads: unknown[]; lostWrites: unknown[] } };
    const written = (value: string) => report.history.find((h) => h.op === 'put' && h.value === value);
    const clockOf = (value: string) => {
      const op = written(value);
      expect(op?.ok, `put of ${value}`).toBe(true);
      return op?.versions[0]?.clock;
    };
    expect(clockOf('D1')).toEqual({ Sx: 1 });
    expect(clockOf('D2')).toEqual({ Sx: 2 });
    expect(clockOf('D3')).toEqual({ Sx: 2, Sy: 1 });
    expect(clockOf('D4')).toEqual({ Sx: 2, Sz: 1 });
    expect(clockOf('D5')).toEqual({ Sx: 3, Sy: 1, Sz: 1 });
    const read = report.history.find((h) => h.op === 'get' && h.client === 'c1');
    expect(read?.versions.map((v) => v.value).sort()).toEqual(['D3', 'D4']);
    expect(read?.context).toEqual({ Sx: 2, Sy: 1, Sz: 1 });
    expect(report.check.staleReads).toEqual([]);
    expect(report.check.lostWrites).toEqual([]);
  }, 30_000);

  it('prints a readable summary without --json', () => {
    const { stdout, status } = runCli([preset]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/N=3 W=2 R=2/);
    expect(stdout).toMatch(/stale reads: 0/);
    expect(stdout).toMatch(/max siblings: 2/);
  }, 30_000);

  it('answers a scenario that does not validate with the field, what is wrong, and exit code 2', () => {
    const { status, stderr, stdout } = runCli(['tests/sim/fixtures/bad-scenario.json', '--json']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/steps\[0\]\.via/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 30_000);
});
