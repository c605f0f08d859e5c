// @ts-check
'use strict';

/**
 * Where the synth time of variant (a) goes, compared with variant (b), in ONE
 * warm process (JIT compiled, modules loaded), so that differences of a few
 * percent show above the noise of separate processes:
 *
 *   node scripts/bench/profile.js [--containers 1000] [--iterations 15] [--secrets created|imported] [--cpu-prof <file>]
 *
 * 1. alternates (a) and (b) builds of the benchmark app (see worker.js), with a
 *    GC before each, and reports the median and fastest construct and
 *    app.synth() times and main-thread CPU of each;
 * 2. times the library's own code inside construction: WebHostedImage.bind,
 *    the bind of RepositoryCreds.fromSecret(), imageReferenceProblems and
 *    parseSecretArn (a), against aws-cdk-lib's RepositoryImage.bind (b);
 * 3. samples both variants with the V8 CPU profiler and lists the functions
 *    that take the most time in (a), those whose time differs most between (a)
 *    and (b), and every function of packages/aws-cdk-lib/aws-ecs/lib that was
 *    sampled. --cpu-prof writes one profile of (a), for Chrome DevTools or
 *    speedscope.
 */

const fs = require('fs');
const inspector = require('inspector');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

if (typeof global.gc !== 'function') {
  // Re-run with --expose-gc, to collect garbage between iterations.
  const child = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const cdk = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const privateRegistry = require('cdk-ecs-private-registry/aws-ecs');

// The package's "exports" hide its private modules: load them by file. Node keys
// its module cache by real path, so these are the instances the package uses.
const LIB_DIR = path.dirname(require.resolve('cdk-ecs-private-registry/package.json'));
const imageReference = require(path.join(LIB_DIR, 'aws-ecs', 'lib', 'private', 'image-reference.js'));
const secretArn = require(path.join(LIB_DIR, 'aws-ecs', 'lib', 'private', 'secret-arn.js'));
// The same app as the benchmark's, so that the profile explains its figures.
const { build, ACCOUNT, REGION } = require('./worker');

function parseArgs() {
  const o = { containers: 1000, iterations: 15, secrets: 'created', cpuProf: /** @type {string | undefined} */ (undefined) };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    switch (argv[i]) {
      case '--containers': o.containers = Number(v); i++; break;
      case '--iterations': o.iterations = Number(v); i++; break;
      case '--secrets': o.secrets = v; i++; break;
      case '--cpu-prof': o.cpuProf = path.resolve(v); i++; break;
      default: throw new Error(`unknown argument '${argv[i]}'`);
    }
  }
  if (!['created', 'imported'].includes(o.secrets)) throw new Error(`--secrets: created or imported, got '${o.secrets}'`);
  return o;
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** @param {number} x @param {number} [d] */
const f = (x, d = 1) => x.toFixed(d);

/** Nanoseconds the calling thread has run on a CPU (Linux), or NaN. */
function threadCpuNs() {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return NaN;
  }
}

/**
 * The benchmark app of worker.js, built and synthesized.
 *
 * @param {string} variant
 * @param {number} containers
 * @param {string} secrets
 * @param {string} outdir
 */
function buildAndSynth(variant, containers, secrets, outdir) {
  const c0 = threadCpuNs();
  const t0 = performance.now();
  const { app } = build(outdir, variant === 'a' ? 'internet' : 'registry', containers, 10, secrets);
  const t1 = performance.now();
  const c1 = threadCpuNs();
  app.synth();
  const t2 = performance.now();
  const c2 = threadCpuNs();
  return { constructMs: t1 - t0, synthMs: t2 - t1, totalMs: t2 - t0, constructCpuMs: (c1 - c0) / 1e6, synthCpuMs: (c2 - c1) / 1e6 };
}

/**
 * Wrap obj[name] to add the time of its calls (outermost only) to timers[label].
 *
 * @param {any} obj
 * @param {string} name
 * @param {string} label
 * @param {Record<string, { ms: number, calls: number }>} timers
 */
function timeMethod(obj, name, label, timers) {
  const original = obj[name];
  if (typeof original !== 'function') throw new Error(`cannot time ${label}: not a function`);
  timers[label] = { ms: 0, calls: 0 };
  let depth = 0;
  obj[name] = function timed(/** @type {any[]} */ ...args) {
    if (depth++ > 0) {
      try { return original.apply(this, args); } finally { depth--; }
    }
    const t0 = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      depth--;
      timers[label].ms += performance.now() - t0;
      timers[label].calls++;
    }
  };
  return () => { obj[name] = original; };
}

/**
 * @param {inspector.Session} session
 * @param {string} method
 * @param {object} [params]
 * @returns {Promise<any>}
 */
function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
}

/**
 * Self and total (inclusive) time per function of a V8 CPU profile.
 *
 * @param {any} profile
 */
function aggregate(profile) {
  /** @type {Map<number, any>} */
  const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const interval = (profile.endTime - profile.startTime) / 1000 / profile.samples.length; // ms per sample
  const keyOf = (/** @type {any} */ n) => {
    const cf = n.callFrame;
    const file = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    return `${cf.functionName || '(anonymous)'} ${file ? path.relative(process.cwd(), file) : ''}:${cf.lineNumber + 1}`;
  };
  /** @type {Map<string, { self: number, total: number, url: string }>} */
  const byFunction = new Map();
  const entry = (/** @type {any} */ n) => {
    const k = keyOf(n);
    if (!byFunction.has(k)) byFunction.set(k, { self: 0, total: 0, url: n.callFrame.url });
    return /** @type {{ self: number, total: number, url: string }} */ (byFunction.get(k));
  };
  for (const id of profile.samples) {
    const leaf = nodes.get(id);
    entry(leaf).self += interval;
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = /** @type {number} */ (parent.get(cur))) {
      const k = keyOf(nodes.get(cur));
      if (!seen.has(k)) { seen.add(k); entry(nodes.get(cur)).total += interval; }
    }
  }
  return { byFunction, totalMs: interval * profile.samples.length };
}

async function main() {
  const o = parseArgs();
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-ecs-private-registry-profile-'));
  try {
    const run = (/** @type {string} */ v) => {
      const outdir = fs.mkdtempSync(path.join(outRoot, `${v}-`));
      try {
        return buildAndSynth(v, o.containers, o.secrets, outdir);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    };

    console.log(`# Variant (a) vs (b) in one warm process: N=${o.containers}, secrets ${o.secrets}, ${o.iterations} alternating iterations each`);
    console.log(`# ${os.cpus()[0]?.model}, ${os.cpus().length} cores, node ${process.version}, load avg ${os.loadavg().map(x => f(x, 2)).join(' ')}`);
    for (let i = 0; i < 3; i++) { run('a'); run('b'); } // warm up: load modules, compile

    /** @type {Record<string, ReturnType<typeof buildAndSynth>[]>} */
    const results = { a: [], b: [] };
    for (let i = 0; i < o.iterations; i++) {
      for (const v of ['a', 'b']) {
        global.gc?.();
        results[v].push(run(v));
      }
    }
    console.log('');
    console.log('| phase (ms) | (a) median | (b) median | a/b | (a) fastest | (b) fastest | a/b |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const k of /** @type {const} */ (['constructMs', 'synthMs', 'totalMs', 'constructCpuMs', 'synthCpuMs'])) {
      const ma = median(results.a.map(r => r[k]));
      const mb = median(results.b.map(r => r[k]));
      const fa = Math.min(...results.a.map(r => r[k]));
      const fb = Math.min(...results.b.map(r => r[k]));
      console.log(`| ${k.replace('Ms', '')} | ${f(ma)} | ${f(mb)} | ${f(ma / mb, 3)} | ${f(fa)} | ${f(fb)} | ${f(fa / fb, 3)} |`);
    }

    // Time the library's own code, and aws-cdk-lib's counterpart.
    /** @type {Record<string, { ms: number, calls: number }>} */
    const timers = {};
    const probeStack = new cdk.Stack(new cdk.App({ outdir: fs.mkdtempSync(path.join(outRoot, 'probe-')) }), 'Probe');
    const credsProto = Object.getPrototypeOf(privateRegistry.RepositoryCreds.fromSecret(
      secretsmanager.Secret.fromSecretCompleteArn(probeStack, 'S', `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:x-AbCdEf`)));
    const restore = [
      timeMethod(privateRegistry.WebHostedImage.prototype, 'bind', '(a) WebHostedImage.bind (total)', timers),
      timeMethod(imageReference, 'imageReferenceProblems', '(a)   imageReferenceProblems', timers),
      timeMethod(credsProto, 'bind', '(a)   RepositoryCreds.fromSecret(..).bind', timers),
      timeMethod(secretArn, 'parseSecretArn', '(a)     parseSecretArn', timers),
      timeMethod(Object.getPrototypeOf(ecs.ContainerImage.fromRegistry('x')), 'bind', '(b) RepositoryImage.bind (total)', timers),
    ];
    const bindIterations = Math.max(3, Math.ceil(o.iterations / 3));
    /** @type {Record<string, number[]>} */
    const construct = { a: [], b: [] };
    for (let i = 0; i < bindIterations; i++) {
      for (const v of ['a', 'b']) { global.gc?.(); construct[v].push(run(v).constructMs); }
    }
    restore.forEach(r => r());
    console.log('');
    console.log(`Time inside the image bind() calls, ${bindIterations} builds of each variant (construct phase median: ` +
      `a ${f(median(construct.a))} ms, b ${f(median(construct.b))} ms per build):`);
    console.log('| function | calls per build | ms per build | µs per call |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [label, t] of Object.entries(timers)) {
      console.log(`| ${label} | ${t.calls / bindIterations} | ${f(t.ms / bindIterations, 2)} | ${f((1000 * t.ms) / Math.max(t.calls, 1), 2)} |`);
    }

    // CPU profiles of both variants, in alternating blocks, merged per variant.
    const session = new inspector.Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
    /** @type {Record<string, Map<string, { self: number, total: number, url: string }>>} */
    const merged = { a: new Map(), b: new Map() };
    /** @type {Record<string, number>} */
    const sampled = { a: 0, b: 0 };
    let firstProfileA;
    for (let block = 0; block < 2; block++) {
      for (const v of ['a', 'b']) {
        global.gc?.();
        await post(session, 'Profiler.start');
        for (let i = 0; i < bindIterations; i++) run(v);
        const { profile } = await post(session, 'Profiler.stop');
        if (v === 'a' && !firstProfileA) firstProfileA = profile;
        const { byFunction, totalMs } = aggregate(profile);
        sampled[v] += totalMs;
        for (const [k, e] of byFunction) {
          const m = merged[v].get(k) ?? { self: 0, total: 0, url: e.url };
          m.self += e.self; m.total += e.total;
          merged[v].set(k, m);
        }
      }
    }
    session.disconnect();
    if (o.cpuProf) fs.writeFileSync(o.cpuProf, JSON.stringify(firstProfileA));
    const builds = 2 * bindIterations;
    const per = (/** @type {number} */ ms) => f(ms / builds, 2);
    const top = [...merged.a].sort((x, y) => y[1].self - x[1].self);
    console.log('');
    console.log(`CPU profiles, ${builds} builds of each variant; sampled a ${per(sampled.a)} ms, b ${per(sampled.b)} ms per build ` +
      '(the profiler slows everything down). Top 12 functions of (a) by self time, per build:');
    console.log('| function | (a) self ms | (b) self ms | (a) total ms | (b) total ms |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [k, v] of top.slice(0, 12)) {
      const b = merged.b.get(k);
      console.log(`| ${k} | ${per(v.self)} | ${b ? per(b.self) : '-'} | ${per(v.total)} | ${b ? per(b.total) : '-'} |`);
    }
    const keys = new Set([...merged.a.keys(), ...merged.b.keys()]);
    const diffs = [...keys].map((k) => ({ k, d: (merged.a.get(k)?.self ?? 0) - (merged.b.get(k)?.self ?? 0) }))
      .sort((x, y) => Math.abs(y.d) - Math.abs(x.d));
    console.log('');
    console.log('Largest differences in self time per build, (a) minus (b) (positive: (a) spends more):');
    console.log('| function | (a) − (b) self ms |');
    console.log('| --- | ---: |');
    for (const { k, d } of diffs.slice(0, 12)) console.log(`| ${k} | ${d >= 0 ? '+' : ''}${per(d)} |`);
    const lib = [...merged.a].filter(([, v]) => v.url.includes(LIB_DIR)).sort((x, y) => y[1].total - x[1].total);
    console.log('');
    console.log(`Functions of ${path.relative(process.cwd(), LIB_DIR)}/aws-ecs/lib in the (a) profiles, per build (total = inclusive of callees):`);
    console.log('| function | self ms | total ms | total % of (a) |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const [k, v] of lib) {
      console.log(`| ${k} | ${per(v.self)} | ${per(v.total)} | ${f((100 * v.total) / sampled.a, 2)} |`);
    }
    if (lib.length === 0) console.log('| (none sampled) | | | |');
    if (o.cpuProf) console.log(`\nprofile written to ${o.cpuProf}`);
  } finally {
    fs.rmSync(outRoot, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
