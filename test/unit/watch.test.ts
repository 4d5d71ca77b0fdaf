import { describe, expect, it } from 'vitest';
import { memoryHost } from '../../src/state/host.js';
import { type Clock, Debouncer } from '../../src/watch/debounce.js';
import { formatWatchEvent, watchEventJson } from '../../src/watch/format.js';
import { ignoredPath } from '../../src/watch/ignore.js';
import { releasesTouched } from '../../src/watch/incremental.js';
import { selectChanged } from '../../src/watch/select.js';
import { affects, PathRecorder, recordingHost, watchDirs } from '../../src/watch/watched-set.js';

/** A clock the test moves by hand. */
function fakeClock() {
  let now = 0;
  const timers: { at: number; fn: () => void; live: boolean }[] = [];
  const clock: Clock = {
    now: () => now,
    after(ms, fn) {
      const t = { at: now + ms, fn, live: true };
      timers.push(t);
      return () => {
        t.live = false;
      };
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      due.live = false;
      due.fn();
    }
    now = end;
  };
  return { clock, advance };
}

describe('debounce', () => {
  it('fires one batch once events have been quiet for the quiet time', () => {
    const { clock, advance } = fakeClock();
    const fired: string[][] = [];
    const d = new Debouncer<string>({ quietMs: 200, maxWaitMs: 2000, clock }, (b) => fired.push([...b]));
    d.push('a');
    advance(150);
    d.push('b');
    advance(150);
    expect(fired).toEqual([]);
    advance(50);
    expect(fired).toEqual([['a', 'b']]);
    advance(1000);
    expect(fired).toHaveLength(1);
  });

  it('fires at the latest max wait after the first event of a steady stream', () => {
    const { clock, advance } = fakeClock();
    const fired: number[] = [];
    const d = new Debouncer<number>({ quietMs: 200, maxWaitMs: 1000, clock }, (b) => fired.push(b.size));
    for (let i = 0; i < 12; i++) {
      d.push(i);
      advance(100);
    }
    // events every 100 ms never leave 200 ms quiet: the batch goes at 1000 ms
    expect(fired).toEqual([10]);
    advance(200);
    expect(fired).toEqual([10, 2]);
  });

  it('stop drops what is pending', () => {
    const { clock, advance } = fakeClock();
    const fired: number[] = [];
    const d = new Debouncer<number>({ quietMs: 200, maxWaitMs: 1000, clock }, (b) => fired.push(b.size));
    d.push(1);
    d.stop();
    d.push(2);
    advance(5000);
    expect(fired).toEqual([]);
  });
});

describe('ignored paths', () => {
  it.each([
    '/p/charts/web/charts/redis-1.2.3.tgz',
    '/p/charts/web/Chart.lock',
    '/p/charts/web/charts/tmpcharts-123/x.yaml',
    '/p/values/.web.yaml.swp',
    '/p/values/web.yaml~',
    '/p/values/4913',
    '/p/values/.#web.yaml',
    '/p/.git/index',
    '/p/.helmfire/lock',
    '/p/.helmfire/cache/x.json',
    '/p/.helmfire/substitutions.json.99.1700000000.tmp',
  ])('%s is ignored', (p) => expect(ignoredPath(p)).toBe(true));

  it.each([
    '/p/values/web.yaml',
    '/p/.helmfire/substitutions.json',
    '/p/.helmfire',
    '/p/charts/web/templates/cm.yaml',
  ])('%s is not', (p) => expect(ignoredPath(p)).toBe(false));
});

describe('watched set', () => {
  it('records what the state host reads, lists and looks for', () => {
    const rec = new PathRecorder();
    const host = recordingHost(memoryHost({ '/p/helmfile.yaml': 'x', '/p/env/a.yaml': 'y' }), rec);
    host.readFile('/p/helmfile.yaml');
    host.readDir('/p/env');
    host.stat('/p/missing.yaml');
    const set = rec.snapshot();
    expect([...set.files].sort()).toEqual(['/p/helmfile.yaml', '/p/missing.yaml']);
    expect([...set.dirs]).toEqual(['/p/env']);
  });

  it('knows which changes matter', () => {
    const set = {
      files: new Set(['/p/helmfile.yaml', '/p/values/web.yaml', '/p/new/later.yaml']),
      dirs: new Set(['/p/env']),
      trees: new Set(['/p/charts/web']),
    };
    expect(affects(set, '/p/values/web.yaml')).toBe(true);
    expect(affects(set, '/p/values/api.yaml')).toBe(false);
    expect(affects(set, '/p/env/new.yaml')).toBe(true);
    expect(affects(set, '/p/charts/web/templates/cm.yaml')).toBe(true);
    expect(affects(set, '/p/charts/web/charts/dep-1.0.0.tgz')).toBe(false);
    expect(affects(set, '/p/charts/web/Chart.lock')).toBe(false);
    expect(affects(set, '/p/new')).toBe(true);
    expect(affects(set, '/p/values/.web.yaml.swp')).toBe(false);
  });

  it('watches directories, not files, and missing ones from their nearest existing parent', () => {
    const set = {
      files: new Set(['/p/helmfile.yaml', '/p/values/a.yaml', '/p/values/b.yaml', '/p/gone/x.yaml']),
      dirs: new Set<string>(),
      trees: new Set(['/p/charts/web']),
    };
    const exists = (d: string) => d !== '/p/gone';
    const dirs = watchDirs(set, exists);
    expect(Object.fromEntries(dirs)).toEqual({ '/p': false, '/p/values': false, '/p/charts/web': true });
  });
});

describe('selecting changed releases', () => {
  const rel = (digest: string, needs: string[] = [], installed = true) => ({ digest, needs, installed });
  it('picks releases whose digest or installed flag changed, plus what they need', () => {
    const states = [
      {
        releases: new Map([
          ['db', rel('d1')],
          ['api', rel('a2', ['db'])],
          ['web', rel('w1', ['api'])],
          ['old', rel('o1', [], false)],
        ]),
      },
    ];
    const last = new Map([
      ['db', 'i:d1'],
      ['api', 'i:a1'],
      ['web', 'i:w1'],
      ['old', 'i:o1'],
    ]);
    const s = selectChanged(states, last);
    expect(s.changed).toEqual(['api', 'old']);
    expect([...s.selected].sort()).toEqual(['api', 'db', 'old']);
  });

  it('a release never deployed with success is selected again', () => {
    const s = selectChanged([{ releases: new Map([['web', rel('w1')]]) }], new Map());
    expect(s.changed).toEqual(['web']);
  });
});

describe('evaluating only what a change touched', () => {
  const prev = {
    loadReads: {
      read: new Set(['/p/helmfile.yaml', '/p/env/dev.yaml']),
      dirs: new Set(['/p/helmfile.d']),
      looked: new Map([
        ['/p/values/a.yaml', true],
        ['/p/values/new.yaml', false],
      ]),
    },
    inputs: new Map([
      ['a', { files: new Set(['/p/values/a.yaml', '/p/values/common.yaml']) }],
      ['b', { files: new Set(['/p/values/common.yaml']), tree: '/p/charts/b' }],
    ]),
  };
  const exists = (p: string) => p !== '/p/values/new.yaml';

  it('names the releases whose own values or chart changed', () => {
    expect(releasesTouched(new Set(['/p/values/a.yaml']), prev, exists)).toEqual(new Set(['a']));
    expect(releasesTouched(new Set(['/p/values/common.yaml']), prev, exists)).toEqual(new Set(['a', 'b']));
    expect(releasesTouched(new Set(['/p/charts/b/templates/x.yaml']), prev, exists)).toEqual(new Set(['b']));
  });

  it('asks for a whole evaluation when the state itself may have changed', () => {
    expect(releasesTouched(new Set(['/p/helmfile.yaml']), prev, exists)).toBeUndefined();
    expect(releasesTouched(new Set(['/p/helmfile.d/extra.yaml']), prev, exists)).toBeUndefined();
    // a file the loader looked for appeared (its existence was an input)
    expect(releasesTouched(new Set(['/p/values/new.yaml']), prev, () => true)).toBeUndefined();
    // a path nothing is known about
    expect(releasesTouched(new Set(['/p/values/a.yaml', '/p/other']), prev, exists)).toBeUndefined();
    expect(releasesTouched(new Set(['/p/values/a.yaml']), undefined, exists)).toBeUndefined();
  });
});

describe('event lines', () => {
  const at = new Date(2026, 0, 2, 3, 4, 5);
  it('one compact line: what changed, which releases, result, seconds', () => {
    const line = formatWatchEvent(
      {
        kind: 'change',
        files: ['values/web.yaml'],
        result: 'applied',
        releases: [
          { id: 'ns/web', name: 'web', namespace: 'ns', outcome: 'upgraded', revision: 3 },
          { id: 'ns/db', name: 'db', namespace: 'ns', outcome: 'unchanged' },
        ],
        seconds: 1.23,
      },
      at,
    );
    expect(line).toBe('03:04:05 values/web.yaml → web upgraded (revision 3) in 1.2s\n');
  });

  it('a broken state says the last good deploy stays, with the error indented below', () => {
    const line = formatWatchEvent(
      {
        kind: 'change',
        files: ['helmfile.yaml'],
        result: 'invalid',
        releases: [],
        error: 'helmfile.yaml:3:5: mapping values are not allowed here',
        seconds: 0.04,
      },
      at,
    );
    expect(line).toBe(
      '03:04:05 helmfile.yaml → state not valid, the last good deploy stays in 0.0s\n    helmfile.yaml:3:5: mapping values are not allowed here\n',
    );
  });

  it('JSON: one object per line, without the full deploy result', () => {
    const json = watchEventJson(
      { kind: 'change', files: ['a'], result: 'unchanged', releases: [], seconds: 0.1, deploy: {} as never },
      at,
    );
    expect(json.endsWith('\n')).toBe(true);
    expect(json.trim().includes('\n')).toBe(false);
    expect(JSON.parse(json)).toEqual({
      at: at.toISOString(),
      kind: 'change',
      files: ['a'],
      result: 'unchanged',
      releases: [],
      seconds: 0.1,
    });
  });
});
