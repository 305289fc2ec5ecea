import { chain, journeyDoc, node } from '@stagecraft/compiler/testing';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { parseEventsFile } from './events-file';
import { runSimulate } from './run-simulate';

const journey = journeyDoc(
  [
    node('signup', 'event-trigger', { event: 'user.signed_up' }),
    node('welcome', 'send-message', { channel: 'email', name: 'Welcome', subject: 'Hi', body: 'Hi' }),
    node('pause', 'wait', { mode: 'duration', duration: { amount: 2, unit: 'days' } }, { label: 'Two days' }),
    node('done', 'exit'),
    node('bought', 'goal', { event: 'order.completed' }),
  ],
  [...chain('signup', 'welcome', 'pause', 'done')],
);

function run(argv: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runSimulate(argv, {
    readFile: (path) => {
      if (!(path in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return files[path] as string;
    },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const row = (output: string, step: string) =>
  output
    .split('\n')
    .find((line) => line.startsWith(step))
    ?.trim()
    .split(/\s{2,}/);

describe('pnpm simulate', () => {
  it('prints per-step counts and a summary for scripted events', () => {
    const events = [
      '{"name": "user.signed_up"}',
      '',
      '{"customerId": "c2", "name": "order.completed", "afterSeconds": 3600}',
      '{"customerId": "c3", "name": "user.signed_up", "afterSeconds": 172800}',
    ].join('\n');
    const { code, out } = run(
      ['journey.json', '--customers', '3', '--events', 'events.jsonl', '--days', '3'],
      {
        'journey.json': JSON.stringify(journey),
        'events.jsonl': events,
      },
    );
    expect(code).toBe(0);
    expect(row(out, 'signup')).toEqual(['signup', 'event-trigger', '3', '0', '0', '0', '0']);
    expect(row(out, 'pause (Two days)')).toEqual(['pause (Two days)', 'wait', '3', '0', '0', '0', '0']);
    expect(row(out, 'bought')).toEqual(['bought', 'goal', '1', '0', '0', '1', '0']);
    expect(row(out, 'done')).toEqual(['done', 'exit', '2', '0', '2', '0', '0']);
    expect(out).toContain(
      'Runs: 3 started; 2 completed, 1 converted, 0 exited, 0 still in the journey, 0 failed.',
    );
    expect(out).toContain('Effects: 3 messages (email 3)');
  });

  it('enters everyone at the first trigger when no events are given', () => {
    const { code, out, err } = run(['journey.json', '--customers', '5', '--days', '1'], {
      'journey.json': JSON.stringify(journey),
    });
    expect(code).toBe(0);
    expect(err).toContain('every customer enters at "signup"');
    expect(row(out, 'pause')).toEqual(['pause (Two days)', 'wait', '5', '5', '0', '0', '0']);
  });

  it('fails with exit code 1 and a clear message on bad input', () => {
    const files = {
      'journey.json': JSON.stringify(journey),
      'broken.json': '{"name": ',
      'events.jsonl': '{"name":"a"}\n{"name":"b","afterSeconds":-1}',
    };
    expect(run(['missing.json'], files)).toMatchObject({ code: 1, err: 'missing.json: no such file.' });
    expect(run(['broken.json'], files)).toMatchObject({
      code: 1,
      err: expect.stringContaining('broken.json: not valid JSON'),
    });
    expect(run(['journey.json', '--events', 'events.jsonl'], files)).toMatchObject({
      code: 1,
      err: 'events.jsonl line 2: "afterSeconds" must be a number of seconds, 0 or more.',
    });
    const invalid = {
      'bad.json': JSON.stringify(journeyDoc([node('pause', 'wait', { mode: 'duration' })], [])),
    };
    const result = run(['bad.json'], invalid);
    expect(result.code).toBe(1);
    expect(result.err).toContain('error [pause]: The "Wait" step: "duration" is required');
  });
});

describe('arguments and events files', () => {
  it('names the option at fault', () => {
    expect(parseArgs(['j.json', '--days'])).toEqual({ ok: false, error: '--days needs a value.' });
    expect(parseArgs(['j.json', '--customers', '0'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--customers'),
    });
    expect(parseArgs(['j.json', '--start', 'soon'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('--start'),
    });
    expect(parseArgs(['j.json', '--colour', 'red'])).toEqual({
      ok: false,
      error: 'Unknown option --colour.',
    });
    expect(parseArgs([])).toEqual({ ok: false, error: 'Name the journey file to simulate.' });
    expect(parseArgs(['j.json', '--customers', '7', '--days', '2.5'])).toMatchObject({
      ok: true,
      args: { customers: 7, days: 2.5 },
    });
  });

  it('reports the first bad line with its number', () => {
    expect(parseEventsFile('{"name":"a"}\nnot json', 'e.jsonl')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^e\.jsonl line 2: not valid JSON/),
    });
    expect(parseEventsFile('[1]', 'e.jsonl')).toMatchObject({
      ok: false,
      error: expect.stringContaining('line 1: expected an object'),
    });
    expect(parseEventsFile('{"name":"a","when":3}', 'e.jsonl')).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown field "when"'),
    });
    expect(parseEventsFile('{"name":"a","properties":[]}', 'e.jsonl')).toMatchObject({
      ok: false,
      error: expect.stringContaining('"properties"'),
    });
    expect(parseEventsFile('\n{"name":"a","customerId":"c9","afterSeconds":5}\n', 'e.jsonl')).toEqual({
      ok: true,
      events: [{ customerId: 'c9', name: 'a', properties: {}, afterSeconds: 5 }],
    });
  });
});
