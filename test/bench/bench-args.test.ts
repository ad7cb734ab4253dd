import { describe, expect, it } from 'vitest';
import { BenchUsageError, formatMarginal, formatPhases, formatStats, formatSynthReport, parseBenchArgs, stats } from '../../scripts/bench/lib.js';

describe('bench arguments', () => {
  it('defaults to 5 synth runs, the three catalog sizes, 3 repeats and no npm test', () => {
    expect(parseBenchArgs([])).toEqual({ runs: 5, sizes: [10, 100, 1000], repeat: 3, test: false });
  });

  it('reads --runs, --sizes, --repeat and --test; --sizes none skips the scaling figures', () => {
    expect(parseBenchArgs(['--runs', '9', '--sizes', '10,1000', '--repeat', '2', '--test'])).toEqual({ runs: 9, sizes: [10, 1000], repeat: 2, test: true });
    expect(parseBenchArgs(['--sizes', 'none']).sizes).toEqual([]);
  });

  it('rejects a bad count or an unknown flag with a message naming it', () => {
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(new BenchUsageError('bench: --runs must be a positive integer (got "0")'));
    expect(() => parseBenchArgs(['--sizes', '10,ten'])).toThrow(/--sizes must be a positive integer \(got "ten"\)/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/bench: .*'--fast'/);
  });
});

describe('bench report', () => {
  it('takes the median, min and max of the samples', () => {
    expect(stats([300, 100, 200])).toEqual({ median: 200, min: 100, max: 300, runs: 3 });
    expect(stats([400, 100, 200, 300])).toEqual({ median: 250, min: 100, max: 400, runs: 4 });
    expect(() => stats([])).toThrow(/no samples/);
    expect(formatStats(stats([1234, 1200, 1310]))).toBe('1.23 s [1.20–1.31]');
  });

  it('prints each scenario and the ratios of the medians against the floor', () => {
    const text = formatSynthReport({ floor: stats([250, 270, 300]), cold: stats([1400, 1350]), warm: stats([700, 800, 720]) });
    expect(text).toContain('floor (node + cdk8s + cdktf, one trivial chart and stack)  0.27 s [0.25–0.30]');
    expect(text).toContain('ratio: cold 5.09× the floor, warm 2.67× the floor (goal ≤ 3×: met)');
    expect(formatSynthReport({ floor: stats([250]), cold: stats([2000]), warm: stats([1000]) })).toContain('warm 4.00× the floor (goal ≤ 3×: NOT met)');
  });
});

describe('bench phase lines', () => {
  const small = { services: 10, millis: 1100, synthMillis: 450, phases: { config: 20, 'charts-build': 100, 'charts-write': 150, terraform: 170, commit: 10 } };
  const large = { services: 1000, millis: 6050, synthMillis: 5400, phases: { config: 450, 'charts-build': 700, 'charts-write': 2100, terraform: 2100, commit: 50 } };

  it('names every step of a run in order, then the start-up that synthesis leaves out', () => {
    expect(formatPhases(small)).toBe('config 0.02 s · cdk8s build 0.10 s · cdk8s toJson + YAML 0.15 s · cdktf 0.17 s · move into place 0.01 s; start-up and module loading 0.65 s');
    expect(formatPhases({ ...small, phases: { config: 20 } })).toBe('config 0.02 s; start-up and module loading 0.65 s');
  });

  it('divides what grew between two sizes by the services added', () => {
    expect(formatMarginal(small, large)).toBe(
      'per added service (10 → 1000): 5.00 ms of wall time: config 0.43 ms · cdk8s build 0.61 ms · cdk8s toJson + YAML 1.97 ms · cdktf 1.95 ms · move into place 0.04 ms',
    );
    expect(formatMarginal(small, { ...large, phases: { commit: 9.9 } })).toMatch(/: move into place 0\.00 ms$/);
    expect(() => formatMarginal(large, small)).toThrow(/more services/);
  });
});
