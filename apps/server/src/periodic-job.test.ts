import { afterEach, describe, expect, it, vi } from 'vitest';
import { runPeriodically } from './periodic-job';

describe('a periodic job', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs first after firstMs, then every everyMs, one run at a time, on after a failure', async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const errors: unknown[] = [];
    let release: () => void = () => {};
    const job = runPeriodically({
      firstMs: 100,
      everyMs: 1_000,
      run: async () => {
        starts.push(Date.now());
        if (starts.length === 1) throw new Error('first run fails');
        if (starts.length === 2) await new Promise<void>((resolve) => (release = resolve));
      },
      onError: (error) => errors.push(error),
    });
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(99);
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([t0 + 100]);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toHaveLength(2);
    // The third tick comes while the second run still goes on: it waits for it.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toHaveLength(2);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(starts).toHaveLength(3);
    await job.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toHaveLength(3);
  });
});
