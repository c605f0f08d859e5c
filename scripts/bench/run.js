// @ts-check
'use strict';

/**
 * Synth-time and memory benchmark of private-registry images:
 *
 *   (a) cdk-ecs-private-registry  ContainerImage.fromInternet(name, { credentials: RepositoryCreds.fromSecret(secret) })
 *   (b) aws-cdk-lib               ecs.ContainerImage.fromRegistry(name, { credentials: secret })
 *
 * on the same app of N containers (Fargate task definitions of at most 10
 * containers, one registry secret per task definition). Every measurement is
 * a fresh node process (worker.js); the variants alternate a, b, a, b, ...
 *
 *   npm run bench                                   # sizes 10,100,1000, 5 runs each
 *   npm run bench -- --runs 1 --sizes 10,100        # smoke test (or: --quick)
 *   npm run bench -- --runs 10 --runs-at 1000=5     # fewer runs at one size
 *   npm run bench -- --secrets created,imported     # both kinds of secret
 *   npm run bench -- --cold                         # do not prime (see worker.js)
 *   npm run bench -- --json results.json            # also write every measurement
 *   npm run bench -- --check                        # exit 2 when the target is missed
 *
 * Environment: BENCH_RUNS, BENCH_SIZES, BENCH_SECRETS stand for --runs, --sizes, --secrets.
 * Progress goes to stderr, the report to stdout.
 *
 * On a shared machine, other processes steal CPU from a measurement and make
 * wall-clock times noisy (always upwards). So, besides the wall-clock synth
 * time the target is judged on, the report shows the CPU time of the main
 * thread (Linux schedstat; barely moved by contention), how long that thread
 * waited for a CPU, and the a/b ratio over the pairs in which neither run
 * waited more than 15% of its time. Before each measurement it waits (up to
 * --idle-wait seconds) for the machine to be idle.
 */

const { spawnSync, execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const WORKER = path.join(__dirname, 'worker.js');
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LIB_DIR = path.join(REPO_ROOT, 'packages', 'aws-cdk-lib');
const TARGET_RATIO = 1.05;
/** ms/container at the largest size over the next: above this, growth is called superlinear. */
const LINEAR_TOLERANCE = 1.25;
/**
 * A run whose main thread waited for a CPU longer than this share of its wall
 * time is contended. Not 0: on 2 cores, the worker's own GC threads make its
 * main thread wait some 5-10% of a large synth on an otherwise idle machine.
 */
const CONTENDED_SHARE = 0.15;
/** The machine counts as idle when less than this share of its CPU time is busy. */
const IDLE_BUSY_SHARE = 0.15;

/**
 * What a benchmark compares: --pair registry (the default), --pair cache, or
 * --pair cache-template (the cache pair, the rule with a repository creation
 * template: lifecycle rules, KMS key, resource tags).
 */
const PAIRS = {
  registry: [
    { key: 'internet', label: 'a', name: 'ContainerImage.fromInternet(name, { credentials: RepositoryCreds.fromSecret(secret) })  [cdk-ecs-private-registry]' },
    { key: 'registry', label: 'b', name: 'ecs.ContainerImage.fromRegistry(name, { credentials: secret })                       [aws-cdk-lib]' },
  ],
  cache: [
    { key: 'cache', label: 'a', name: 'ContainerImage.fromInternet(name, { credentials, pullThroughCache: rule })  [through an ECR pull through cache rule]' },
    { key: 'internet', label: 'b', name: 'ContainerImage.fromInternet(name, { credentials })                         [directly from Docker Hub; same app, rule included]' },
  ],
  'cache-template': [
    { key: 'cache', label: 'a', name: 'ContainerImage.fromInternet(name, { credentials, pullThroughCache: rule })  [through a rule with a repository creation template]' },
    { key: 'internet', label: 'b', name: 'ContainerImage.fromInternet(name, { credentials })                         [directly from Docker Hub; same app, rule and template included]' },
  ],
};
/** @type {Array<{ key: string, label: string, name: string }>} the pair of this run */
let VARIANTS = PAIRS.registry;

const HELP = `Usage: npm run bench -- [options]

  --runs <n>             measurements per variant and size (default 10; env BENCH_RUNS)
  --sizes <n,n,...>      container counts (default 10,100,1000; env BENCH_SIZES)
  --runs-at <N=n,...>    override the runs for some sizes, e.g. 1000=3
  --secrets <kinds>      created, imported or created,imported (default created; env BENCH_SECRETS)
  --pair <registry|cache|cache-template>
                         what to compare (default registry): (a) fromInternet with credentials vs (b) aws-cdk-lib's
                         fromRegistry; with cache, (a) fromInternet through a pull through cache rule vs (b) directly;
                         cache-template is cache with a repository creation template on the rule
  --per-task <n>         containers per task definition, at most 10 (default 10)
  --warmup <n>           discarded a,b pairs before measuring (default 1)
  --idle-wait <s>        before each measurement, wait up to <s> seconds for an idle machine (default 10; 0: never wait)
  --cold                 do not prime module loading in the worker before the clock
  --quick                same as --runs 1 --sizes 10,100 --warmup 0
  --json <file>          write every measurement and the summary as JSON
  --check                exit with code 2 when the target (ratio <= ${TARGET_RATIO}, linear growth) is missed
  --help                 this text
`;

/**
 * @typedef {{
 *   runs: number, sizes: number[], runsAt: Map<number, number>, secrets: string[], perTask: number,
 *   warmup: number, idleWait: number, prime: boolean, json?: string, check: boolean, pair: string,
 * }} Options
 */

/**
 * @param {string[]} argv
 * @returns {Options}
 */
function parseArgs(argv) {
  /** @type {Options} */
  const o = {
    runs: intOf(process.env.BENCH_RUNS ?? '10', 'BENCH_RUNS'),
    sizes: listOf(process.env.BENCH_SIZES ?? '10,100,1000', 'BENCH_SIZES'),
    runsAt: new Map(),
    secrets: (process.env.BENCH_SECRETS ?? 'created').split(',').map((s) => s.trim()).filter(Boolean),
    perTask: 10,
    warmup: 1,
    idleWait: 10,
    prime: true,
    check: false,
    pair: 'registry',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--runs': o.runs = intOf(value(), flag); break;
      case '--sizes': o.sizes = listOf(value(), flag); break;
      case '--runs-at': {
        for (const pair of value().split(',')) {
          const [n, r] = pair.split('=');
          o.runsAt.set(intOf(n, flag), intOf(r, flag));
        }
        break;
      }
      case '--secrets': o.secrets = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--per-task': o.perTask = intOf(value(), flag); break;
      case '--warmup': o.warmup = intOf(value(), flag, 0); break;
      case '--idle-wait': o.idleWait = intOf(value(), flag, 0); break;
      case '--cold': o.prime = false; break;
      case '--quick': o.runs = 1; o.sizes = [10, 100]; o.warmup = 0; break;
      case '--json': o.json = path.resolve(value()); break;
      case '--check': o.check = true; break;
      case '--pair': o.pair = value(); break;
      case '--help': case '-h': process.stdout.write(HELP); process.exit(0); break;
      default: throw new Error(`unknown argument '${arg}'\n\n${HELP}`);
    }
  }
  for (const s of o.secrets) {
    if (!['created', 'imported'].includes(s)) throw new Error(`--secrets: '${s}' is neither 'created' nor 'imported'`);
  }
  if (o.secrets.length === 0) throw new Error('--secrets: no kind of secret given');
  if (o.perTask > 10) throw new Error('--per-task: ECS allows at most 10 containers per task definition');
  if (!Object.keys(PAIRS).includes(o.pair)) throw new Error(`--pair: '${o.pair}' is neither ${Object.keys(PAIRS).join(' nor ')}`);
  return o;
}

/** @param {string} v @param {string} what @param {number} [min] */
function intOf(v, what, min = 1) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${what}: expected an integer >= ${min}, got '${v}'`);
  return n;
}

/** @param {string} v @param {string} what */
function listOf(v, what) {
  const sizes = v.split(',').map((s) => intOf(s.trim(), what));
  return [...new Set(sizes)].sort((x, y) => x - y);
}

// ---------------------------------------------------------------- helpers

/** @param {number[]} xs */
function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** @param {number} x @param {number} [d] */
const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/**
 * A markdown table.
 *
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {string} [align] one 'l' or 'r' per column (default: all 'r')
 */
function table(header, rows, align) {
  const left = (/** @type {number} */ i) => (align?.[i] ?? 'r') === 'l';
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const cell = (/** @type {string} */ s, /** @type {number} */ i) => (left(i) ? s.padEnd(widths[i]) : s.padStart(widths[i]));
  const line = (/** @type {string[]} */ cells) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (left(i) ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** @param {number} ms */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Share of the machine's CPU time that was busy over `ms` milliseconds
 * (/proc/stat); undefined where /proc/stat is not available.
 *
 * @param {number} ms
 */
function busyShare(ms) {
  const read = () => {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((x, y) => x + y, 0); // user..steal; guest is counted in user
    return { total, idle: fields[3] + fields[4] };
  };
  try {
    const s0 = read();
    sleep(ms);
    const s1 = read();
    return s1.total === s0.total ? 0 : 1 - (s1.idle - s0.idle) / (s1.total - s0.total);
  } catch {
    return undefined;
  }
}

/**
 * Wait until the machine is idle, for at most `seconds`.
 *
 * @param {number} seconds
 * @returns {{ waitedMs: number, idle: boolean }}
 */
function waitForIdle(seconds) {
  const start = Date.now();
  if (seconds <= 0) return { waitedMs: 0, idle: true };
  for (;;) {
    const busy = busyShare(300);
    if (busy === undefined || busy < IDLE_BUSY_SHARE) return { waitedMs: Date.now() - start, idle: true };
    if (Date.now() - start >= seconds * 1000) return { waitedMs: Date.now() - start, idle: false };
    sleep(700);
  }
}

// ---------------------------------------------------------------- environment

function libFingerprint() {
  const hash = crypto.createHash('sha256');
  const walk = (/** @type {string} */ dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.js')) hash.update(path.relative(LIB_DIR, p)).update(fs.readFileSync(p));
    }
  };
  walk(path.join(LIB_DIR, 'aws-ecs', 'lib'));
  return hash.digest('hex').slice(0, 12);
}

function gitDescription() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages/aws-cdk-lib/aws-ecs/lib'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return `${head}${dirty ? ' + uncommitted changes in packages/aws-cdk-lib/aws-ecs/lib' : ''}`;
  } catch {
    return 'unknown (git unavailable)';
  }
}

/** @param {string} request a package file to read as JSON, resolved as require() would */
function readJson(request) {
  return JSON.parse(fs.readFileSync(require.resolve(request), 'utf8'));
}

function environment() {
  const cpus = os.cpus();
  const pkg = readJson('cdk-ecs-private-registry/package.json');
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemGiB: os.totalmem() / 2 ** 30,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    awsCdkLib: readJson('aws-cdk-lib/package.json').version,
    constructs: readJson('constructs/package.json').version,
    pkg: `${pkg.name} ${pkg.version}`,
    git: gitDescription(),
    libJs: libFingerprint(),
  };
}

// ---------------------------------------------------------------- measuring

/**
 * One measurement in a fresh node process.
 *
 * @param {string} variant
 * @param {number} containers
 * @param {object} workerOptions
 */
function measure(variant, containers, workerOptions) {
  const child = spawnSync(process.execPath, ['--expose-gc', WORKER, variant, String(containers), JSON.stringify(workerOptions)], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10 * 60 * 1000,
  });
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || !line) {
    const why = child.error ? child.error.message : child.signal ? `signal ${child.signal}` : `exit code ${child.status}`;
    throw new Error(`worker ${variant} N=${containers} failed (${why}):\n${child.stderr}${child.stdout}`);
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length));
}

/** @param {any} r a worker result */
const contended = (r) => r.runQueueWaitMs !== null && r.runQueueWaitMs > CONTENDED_SHARE * r.synthMs;

// ---------------------------------------------------------------- report

/**
 * @param {number} n
 * @param {any[]} a results of variant a, in run order
 * @param {any[]} b results of variant b, in run order
 * @param {number} busyStarts runs that started on a busy machine
 */
function summarize(n, a, b, busyStarts) {
  const stats = (/** @type {any[]} */ rs) => {
    const m = (/** @type {string} */ k) => median(rs.map((r) => r[k]));
    return {
      synthMs: m('synthMs'),
      minMs: Math.min(...rs.map((r) => r.synthMs)),
      maxMs: Math.max(...rs.map((r) => r.synthMs)),
      mainCpuMs: rs.every((r) => r.mainThreadCpuMs !== null) ? m('mainThreadCpuMs') : NaN,
      waitMs: rs.every((r) => r.runQueueWaitMs !== null) ? m('runQueueWaitMs') : NaN,
      processCpuMs: m('synthCpuMs'),
      constructMs: m('constructMs'),
      appSynthMs: m('appSynthMs'),
      rssMiB: m('maxRssKiB') / 1024,
      startupMs: m('nodeStartupMs'),
      requireMs: m('requireMs'),
      primeMs: m('primeMs'),
    };
  };
  const pairs = a.map((r, i) => ({ ratio: r.synthMs / b[i].synthMs, clean: !contended(r) && !contended(b[i]) }));
  const clean = a.filter((_, i) => pairs[i].clean);
  const cleanB = b.filter((_, i) => pairs[i].clean);
  return {
    n,
    runs: a.length,
    busyStarts,
    a: stats(a),
    b: stats(b),
    paired: { median: median(pairs.map((p) => p.ratio)), min: Math.min(...pairs.map((p) => p.ratio)), max: Math.max(...pairs.map((p) => p.ratio)) },
    clean: { pairs: clean.length, a: median(clean.map((r) => r.synthMs)), b: median(cleanB.map((r) => r.synthMs)) },
  };
}

/** @typedef {ReturnType<typeof summarize>} Summary */

/**
 * @param {Summary[]} summaries
 * @param {string} secrets
 * @param {Options} o
 */
function report(summaries, secrets, o) {
  const out = [];
  const what = secrets === 'created' ? 'secrets created in the stack' : 'secrets imported by complete ARN';
  out.push(`### ${what} (one per task definition), ${o.prime ? 'primed' : 'cold'} workers`);
  out.push('');
  for (const s of summaries) {
    const tasks = Math.ceil(s.n / o.perTask);
    const r = (/** @type {number} */ x, /** @type {number} */ y) => f(x / y, 3);
    out.push(`N = ${s.n} containers (${tasks} task definition${tasks === 1 ? '' : 's'}), ${s.runs} run${s.runs === 1 ? '' : 's'} per variant, medians:`);
    out.push(table(['', '(a)', '(b)', 'a/b'], [
      ['synth time, wall ms', f(s.a.synthMs), f(s.b.synthMs), r(s.a.synthMs, s.b.synthMs)],
      ['peak RSS, MiB', f(s.a.rssMiB), f(s.b.rssMiB), r(s.a.rssMiB, s.b.rssMiB)],
      ['synth main-thread CPU ms', f(s.a.mainCpuMs), f(s.b.mainCpuMs), r(s.a.mainCpuMs, s.b.mainCpuMs)],
      [`synth wall ms, uncontended pairs (${s.clean.pairs}/${s.runs})*`, f(s.clean.a), f(s.clean.b), r(s.clean.a, s.clean.b)],
      ['synth wall ms, fastest run', f(s.a.minMs), f(s.b.minMs), r(s.a.minMs, s.b.minMs)],
      ['  of which construct / app.synth()', `${f(s.a.constructMs)} / ${f(s.a.appSynthMs)}`, `${f(s.b.constructMs)} / ${f(s.b.appSynthMs)}`, ''],
    ], 'lrrr'));
    out.push(`  * pairs in which neither run's main thread waited for a CPU more than ${CONTENDED_SHARE * 100}% of its wall time`);
    out.push(`  wall spread: a ${f(s.a.minMs)}–${f(s.a.maxMs)}, b ${f(s.b.minMs)}–${f(s.b.maxMs)} ms; ` +
      `paired a/b (run i of a over run i of b): median ${f(s.paired.median, 3)}, range ${f(s.paired.min, 3)}–${f(s.paired.max, 3)}`);
    out.push(`  contention: main thread waited for a CPU (median) a ${f(s.a.waitMs)} / b ${f(s.b.waitMs)} ms; ` +
      `${s.busyStarts} of ${2 * s.runs} runs started on a busy machine`);
    out.push(`  outside the clock: node startup a ${f(s.a.startupMs)} / b ${f(s.b.startupMs)} ms, require a ${f(s.a.requireMs)} / b ${f(s.b.requireMs)} ms` +
      (o.prime ? `, priming a ${f(s.a.primeMs)} / b ${f(s.b.primeMs)} ms` : ''));
    const verdict = (/** @type {number} */ x) => (x <= TARGET_RATIO ? 'MET' : 'MISSED');
    out.push(`  target a/b <= ${TARGET_RATIO}: wall time ${verdict(s.a.synthMs / s.b.synthMs)}, peak RSS ${verdict(s.a.rssMiB / s.b.rssMiB)}` +
      ` (main-thread CPU ${verdict(s.a.mainCpuMs / s.b.mainCpuMs)}, uncontended wall ${s.clean.pairs ? verdict(s.clean.a / s.clean.b) : 'n/a'})`);
    out.push('');
  }

  out.push(`Summary, ${what} (medians):`);
  out.push(table(
    ['N', 'runs', 'synth ms (a)', 'synth ms (b)', 'a/b', 'main-thread CPU a/b', 'peak RSS MiB (a)', 'peak RSS MiB (b)', 'a/b'],
    summaries.map((s) => [String(s.n), String(s.runs), f(s.a.synthMs), f(s.b.synthMs), f(s.a.synthMs / s.b.synthMs, 3),
      f(s.a.mainCpuMs / s.b.mainCpuMs, 3), f(s.a.rssMiB), f(s.b.rssMiB), f(s.a.rssMiB / s.b.rssMiB, 3)])));
  out.push('');

  // Linearity: per-container cost at each size, on wall time and on main-thread CPU time.
  out.push('Linearity (median ms per container):');
  out.push(table(
    ['N', 'wall ms/container (a)', 'wall ms/container (b)', 'CPU ms/container (a)', 'CPU ms/container (b)', 'marginal wall ms/container (a)', 'marginal wall ms/container (b)'],
    summaries.map((s, i) => {
      const prev = summaries[i - 1];
      const marginal = (/** @type {'a' | 'b'} */ k) => (prev ? f((s[k].synthMs - prev[k].synthMs) / (s.n - prev.n), 3) : '-');
      return [String(s.n), f(s.a.synthMs / s.n, 3), f(s.b.synthMs / s.n, 3), f(s.a.mainCpuMs / s.n, 3), f(s.b.mainCpuMs / s.n, 3),
        marginal('a'), marginal('b')];
    })));
  /** @type {{ a?: boolean, b?: boolean }} */
  const linear = {};
  if (summaries.length >= 2) {
    const hi = summaries[summaries.length - 1];
    const lo = summaries[summaries.length - 2];
    const lo2 = summaries.length >= 3 ? summaries[summaries.length - 3] : undefined;
    for (const k of /** @type {const} */ (['a', 'b'])) {
      const perContainer = (hi[k].synthMs / hi.n) / (lo[k].synthMs / lo.n);
      const perContainerCpu = (hi[k].mainCpuMs / hi.n) / (lo[k].mainCpuMs / lo.n);
      const exponent = Math.log(hi[k].synthMs / lo[k].synthMs) / Math.log(hi.n / lo.n);
      const marginalRatio = lo2
        ? ((hi[k].synthMs - lo[k].synthMs) / (hi.n - lo.n)) / ((lo[k].synthMs - lo2[k].synthMs) / (lo.n - lo2.n))
        : NaN;
      const isLinear = perContainer <= LINEAR_TOLERANCE && (!Number.isFinite(marginalRatio) || marginalRatio <= LINEAR_TOLERANCE);
      linear[k] = isLinear;
      out.push(`  (${k}) ms/container at N=${hi.n} over N=${lo.n}: wall ${f(perContainer, 3)}, main-thread CPU ${f(perContainerCpu, 3)}; ` +
        `wall ~ N^${f(exponent, 2)}` +
        (lo2 ? `; marginal ms/container ${lo.n}→${hi.n} over ${lo2.n}→${lo.n}: ${f(marginalRatio, 3)}` : '') +
        ` => ${isLinear ? 'LINEAR (or better)' : 'SUPERLINEAR'}`);
    }
    out.push(`  (linear: wall ratios <= ${LINEAR_TOLERANCE}; below 1 means fixed costs spread over more containers)`);
  } else {
    out.push('  (one size only: no linearity check)');
  }
  out.push('');
  return { text: out.join('\n'), linear };
}

// ---------------------------------------------------------------- main

function main() {
  const o = parseArgs(process.argv.slice(2));
  VARIANTS = PAIRS[/** @type {keyof typeof PAIRS} */ (o.pair)];
  const env = environment();
  const started = Date.now();
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ecs-private-registry-bench-'));
  const cleanup = () => fs.rmSync(outRoot, { recursive: true, force: true });
  process.on('exit', cleanup);
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => { cleanup(); process.exit(130); });
  }

  const busyAtStart = busyShare(1000);
  const head = [];
  head.push('## cdk-ecs-private-registry synth benchmark');
  head.push('');
  head.push(`machine:  ${env.cpu}, ${env.cores} cores, ${f(env.totalMemGiB)} GiB RAM, ${env.platform}`);
  head.push(`node:     ${env.node}`);
  head.push(`packages: aws-cdk-lib ${env.awsCdkLib}, constructs ${env.constructs}, ${env.pkg}`);
  head.push(`library:  git ${env.git}; aws-ecs/lib/**/*.js sha256 ${env.libJs}`);
  head.push(`load:     ${busyAtStart === undefined ? 'n/a' : `${f(busyAtStart * 100, 0)}% of CPU busy`} at start, load avg ${os.loadavg().map((x) => f(x, 2)).join(' ')}`);
  head.push(`settings: sizes ${o.sizes.join(',')}; runs ${o.runs}${[...o.runsAt].map(([n, r]) => `, ${r} at N=${n}`).join('')}; ` +
    `pair ${o.pair}; ${o.perTask} containers per task definition; secrets ${o.secrets.join(',')}; warmup pairs ${o.warmup}; idle wait ${o.idleWait} s`);
  head.push(`workers:  one fresh node process per measurement, a and b alternating; ${o.prime
    ? 'primed (all modules loaded and a 1-container app of each variant synthesized, then GC, before the clock)'
    : 'cold (lazy module loading and first-synth compilation inside the clock)'}`);
  head.push(`(a) ${VARIANTS[0].name}`);
  head.push(`(b) ${VARIANTS[1].name}`);
  head.push('synth time = new App() … app.synth() returned; peak RSS = process.resourceUsage().maxRSS of the worker (whole process)');
  head.push('');
  process.stdout.write(head.join('\n') + '\n');

  const all = {
    environment: env,
    options: { ...o, runsAt: Object.fromEntries(o.runsAt) },
    results: /** @type {any[]} */ ([]),
    summaries: /** @type {Record<string, Summary[]>} */ ({}),
  };
  let targetMet = true;
  let allLinear = true;
  let waitedMs = 0;
  /** @type {Map<string, number>} measurements per build of aws-ecs/lib/**\/*.js */
  const builds = new Map();

  for (const secrets of o.secrets) {
    const workerOptions = {
      perTask: o.perTask, secrets, prime: o.prime, outRoot, primeVariants: VARIANTS.map((v) => v.key),
      cacheRule: o.pair === 'cache' || o.pair === 'cache-template', cacheTemplate: o.pair === 'cache-template',
    };
    for (let w = 0; w < o.warmup; w++) {
      process.stderr.write(`[bench] warmup pair ${w + 1}/${o.warmup} (secrets ${secrets}, N=${o.sizes[0]})\n`);
      for (const v of VARIANTS) measure(v.key, o.sizes[0], workerOptions);
    }
    const summaries = [];
    for (const n of o.sizes) {
      const runs = o.runsAt.get(n) ?? o.runs;
      /** @type {Record<string, any[]>} */
      const results = Object.fromEntries(VARIANTS.map((v) => [v.key, /** @type {any[]} */ ([])]));
      let busyStarts = 0;
      for (let r = 0; r < runs; r++) {
        for (const v of VARIANTS) {
          const idle = waitForIdle(o.idleWait);
          waitedMs += idle.waitedMs;
          if (!idle.idle) busyStarts++;
          const libJs = libFingerprint();
          builds.set(libJs, (builds.get(libJs) ?? 0) + 1);
          const res = measure(v.key, n, workerOptions);
          results[v.key].push(res);
          all.results.push({ run: r, startedIdle: idle.idle, libJs, ...res });
          process.stderr.write(`[bench] secrets=${secrets} N=${n} run ${r + 1}/${runs} (${v.label}) ${v.key}: ` +
            `${f(res.synthMs)} ms wall, ${f(res.mainThreadCpuMs)} ms main-thread CPU, waited ${f(res.runQueueWaitMs)} ms, ` +
            `${f(res.maxRssKiB / 1024)} MiB${idle.idle ? '' : ' (machine busy)'}\n`);
        }
      }
      summaries.push(summarize(n, results[VARIANTS[0].key], results[VARIANTS[1].key], busyStarts));
    }
    const { text, linear } = report(summaries, secrets, o);
    process.stdout.write(text + '\n');
    all.summaries[secrets] = summaries;
    for (const s of summaries) {
      if (s.a.synthMs / s.b.synthMs > TARGET_RATIO || s.a.rssMiB / s.b.rssMiB > TARGET_RATIO) targetMet = false;
    }
    if (linear.a === false) allLinear = false;
  }

  const tail = [];
  tail.push(`Target (a/b <= ${TARGET_RATIO} in median wall synth time and peak RSS at every N; linear growth of (a)): ` +
    `ratio ${targetMet ? 'MET' : 'MISSED'}, growth ${allLinear ? 'LINEAR' : 'NOT LINEAR'}`);
  if (builds.size > 1) {
    tail.push(`WARNING: aws-ecs/lib/**/*.js was rebuilt during the run; measurements per build (sha256): ` +
      `${[...builds].map(([h, c]) => `${h} ${c}`).join(', ')}. The figures mix builds.`);
  }
  tail.push(`done in ${f((Date.now() - started) / 1000)} s (${f(waitedMs / 1000)} s of it waiting for an idle machine); load avg ${os.loadavg().map((x) => f(x, 2)).join(' ')} at end`);
  process.stdout.write(tail.join('\n') + '\n');

  if (o.json) {
    fs.writeFileSync(o.json, JSON.stringify({ ...all, builds: Object.fromEntries(builds), targetMet, allLinear }, null, 2));
    process.stderr.write(`[bench] wrote ${o.json}\n`);
  }
  if (o.check && !(targetMet && allLinear)) process.exitCode = 2;
}

try {
  main();
} catch (e) {
  process.stderr.write(`\nbenchmark FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
