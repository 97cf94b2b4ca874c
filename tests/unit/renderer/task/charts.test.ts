import { describe, expect, it } from 'vitest';
import { niceCeiling, scaleChart } from '../../../../src/renderer/task/chartScale.js';
import { addSample, type Sample, WINDOW_MS } from '../../../../src/renderer/task/samples.js';

const BOX = { width: 400, height: 200, left: 50, right: 50, top: 0, bottom: 0 };
const NOW = 10_000_000;

describe('chart samples', () => {
  it('keeps one point a second, the latest value winning', () => {
    let s: Sample[] = [];
    s = addSample(s, 1000, 1);
    s = addSample(s, 1500, 2);
    s = addSample(s, 2100, 3);
    expect(s).toEqual([
      { t: 1500, v: 2 },
      { t: 2100, v: 3 },
    ]);
  });

  it('forgets points older than the window', () => {
    let s: Sample[] = [];
    s = addSample(s, 0, 1);
    s = addSample(s, WINDOW_MS - 1, 2);
    s = addSample(s, WINDOW_MS + 500, 3);
    expect(s.map((p) => p.v)).toEqual([2, 3]);
  });
});

describe('chart scale', () => {
  it('rounds the top up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(7)).toBe(10);
    expect(niceCeiling(120)).toBe(200);
    expect(niceCeiling(4999)).toBe(5000);
    expect(niceCeiling(5000)).toBe(5000);
    expect(niceCeiling(0.3)).toBeCloseTo(0.5);
  });

  it('puts time across and values up from the bottom', () => {
    const samples = [
      { t: NOW - 2000, v: 0 },
      { t: NOW - 1000, v: 50 },
      { t: NOW, v: 100 },
    ];
    const chart = scaleChart(samples, NOW, 2000, BOX, String);
    expect(chart.yMax).toBe(100);
    expect(chart.path).toBe('M50 200 L200 100 L350 0');
    expect(chart.yTicks.map((t) => [t.label, t.at])).toEqual([
      ['0', 200],
      ['50', 100],
      ['100', 0],
    ]);
  });

  it('marks each minute of the window, ending at now', () => {
    const chart = scaleChart([], NOW, WINDOW_MS, BOX, String);
    expect(chart.xTicks.map((t) => t.label)).toEqual([
      '−5 min',
      '−4 min',
      '−3 min',
      '−2 min',
      '−1 min',
      'now',
    ]);
    expect(chart.xTicks[0]?.at).toBe(50);
    expect(chart.xTicks[5]?.at).toBe(350);
  });

  it('breaks the line across a gap instead of drawing through it', () => {
    const samples = [
      { t: NOW - 60_000, v: 1 },
      { t: NOW - 59_000, v: 1 },
      { t: NOW - 1000, v: 1 },
    ];
    const chart = scaleChart(samples, NOW, WINDOW_MS, BOX, String);
    expect(chart.path.match(/M/g)).toHaveLength(2);
    expect(chart.path.match(/L/g)).toHaveLength(1);
  });

  it('leaves out points outside the window and draws nothing without data', () => {
    const chart = scaleChart([{ t: NOW - WINDOW_MS - 1, v: 9 }], NOW, WINDOW_MS, BOX, String);
    expect(chart.path).toBe('');
    expect(chart.yMax).toBe(1);
  });
});
