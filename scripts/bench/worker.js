// @ts-check
'use strict';

/**
 * One benchmark measurement, in a process of its own (started by run.js).
 *
 *   node scripts/bench/worker.js <variant> <containers> [options as JSON]
 *
 * variant      'internet': cdk-ecs-private-registry, ContainerImage.fromInternet(name, { credentials: RepositoryCreds.fromSecret(secret) })
 *              'registry': aws-cdk-lib,              ecs.ContainerImage.fromRegistry(name, { credentials: secret })
 *              'cache':    cdk-ecs-private-registry, the same as 'internet' plus pullThroughCache: a Docker Hub
 *                          PullThroughCacheRule (with "cacheRule": true, the 'internet' app has the rule too,
 *                          and the same Docker Hub names, so that only the option differs; with "cacheTemplate": true,
 *                          the rule has a repository creation template with lifecycle rules, a KMS key and tags)
 *              'public':   fromRegistry without credentials; must FAIL validation (self-test of the check)
 * containers   how many containers the app has, every one pulling a private image
 * options      {"perTask": 10, "secrets": "created" | "imported", "prime": true, "outRoot": "<dir>",
 *               "primeVariants": ["internet", "registry"], "cacheRule": false, "cacheTemplate": false}
 *
 * Both variants require exactly the same modules before the clock starts, so
 * that they differ only in the image factory. aws-cdk-lib loads most of its
 * modules lazily, on first use, and the first synth of a process also pays for
 * compiling its code; unless "prime" is false, a one-container app of EACH
 * variant is synthesized first (identically in both variants' processes) and
 * the heap collected, so that the clock measures synthesis and not module
 * loading. The synth time runs from the construction of the App to the return
 * of app.synth(); the template is then read back and checked (outside the
 * clock) to hold RepositoryCredentials for every container and a
 * secretsmanager:GetSecretValue grant on every execution role (for 'cache':
 * the ECR image URI and no RepositoryCredentials for every container, and
 * ecr:BatchImportUpstreamImage on every execution role). The result is one
 * line on stdout: BENCH_RESULT <json>.
 */

const startedAt = performance.now(); // ms since the process started: node startup

const fs = require('fs');
const os = require('os');
const path = require('path');

const beforeRequire = performance.now();
const cdk = require('aws-cdk-lib');
const ecr = require('aws-cdk-lib/aws-ecr');
const ecs = require('aws-cdk-lib/aws-ecs');
const kms = require('aws-cdk-lib/aws-kms');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');
const privateRegistry = require('cdk-ecs-private-registry/aws-ecs');
const privateRegistryEcr = require('cdk-ecs-private-registry/aws-ecr');
const requireMs = performance.now() - beforeRequire;

const VARIANTS = ['internet', 'registry', 'cache', 'public'];
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function main() {
  const [variant, containersArg, optionsArg] = process.argv.slice(2);
  if (!VARIANTS.includes(variant)) {
    throw new Error(`variant must be one of ${VARIANTS.join(', ')}, got '${variant}'`);
  }
  const containers = Number(containersArg);
  if (!Number.isInteger(containers) || containers < 1) {
    throw new Error(`containers must be a positive integer, got '${containersArg}'`);
  }
  /**
   * @type {{ perTask?: number, secrets?: string, prime?: boolean, outRoot?: string, primeVariants?: string[], cacheRule?: boolean,
   *   cacheTemplate?: boolean }}
   */
  const options = optionsArg ? JSON.parse(optionsArg) : {};
  const prime = options.prime ?? true;
  const perTask = options.perTask ?? 10;
  const secrets = options.secrets ?? 'created';
  if (!['created', 'imported'].includes(secrets)) {
    throw new Error(`secrets must be 'created' or 'imported', got '${secrets}'`);
  }
  if (!Number.isInteger(perTask) || perTask < 1 || perTask > 10) {
    throw new Error(`perTask must be an integer from 1 to 10 (the ECS limit), got '${perTask}'`);
  }

  const outRoot = options.outRoot ?? os.tmpdir();

  let primeMs = 0;
  if (prime) {
    const p0 = performance.now();
    for (const v of options.primeVariants ?? ['internet', 'registry']) {
      withOutdir(outRoot, `prime-${v}`, (outdir) => build(outdir, v, 1, perTask, secrets, options.cacheRule, options.cacheTemplate).app.synth());
    }
    if (typeof global.gc === 'function') global.gc();
    primeMs = performance.now() - p0;
  }

  withOutdir(outRoot, `synth-${variant}-${containers}`, (outdir) => {
    // ---- timed: app construction through app.synth() ----
    const sched0 = mainThreadSchedstat();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { app, stack, taskCount } = build(outdir, variant, containers, perTask, secrets, options.cacheRule, options.cacheTemplate);
    const t1 = performance.now();
    const assembly = app.synth();
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const sched1 = mainThreadSchedstat();
    // ---- end of timed section ----

    const usage = process.resourceUsage();
    const memory = process.memoryUsage();
    const template = assembly.getStackByName(stack.stackName).template;
    const checked = validate(template, containers, taskCount, variant === 'cache', options.cacheTemplate === true);

    const result = {
      variant,
      containers,
      taskDefinitions: taskCount,
      secrets,
      primed: prime,
      gcBeforeClock: prime && typeof global.gc === 'function',
      nodeStartupMs: startedAt,
      requireMs,
      primeMs,
      constructMs: t1 - t0,
      appSynthMs: t2 - t1,
      synthMs: t2 - t0,
      synthCpuMs: (cpu.user + cpu.system) / 1000,
      // The main (JavaScript) thread in the timed section, from Linux schedstat: time it
      // ran on a CPU, and time it was runnable but waited for one (contention from
      // other processes, or from this one's GC threads). null where not available.
      mainThreadCpuMs: sched0 && sched1 ? (sched1.runNs - sched0.runNs) / 1e6 : null,
      runQueueWaitMs: sched0 && sched1 ? (sched1.waitNs - sched0.waitNs) / 1e6 : null,
      maxRssKiB: usage.maxRSS, // kilobytes on every platform (process.resourceUsage)
      heapUsedAfterSynthBytes: memory.heapUsed,
      templateBytes: JSON.stringify(template).length,
      ...checked,
    };
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
  });
}

/**
 * Scheduler statistics of the calling thread (Linux /proc/thread-self/schedstat):
 * nanoseconds run on a CPU, and nanoseconds spent runnable on a run queue.
 *
 * @returns {{ runNs: number, waitNs: number } | undefined}
 */
function mainThreadSchedstat() {
  try {
    const [run, wait] = fs.readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runNs: run, waitNs: wait } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Run fn with a fresh directory under root, and remove the directory after.
 *
 * @param {string} root
 * @param {string} prefix
 * @param {(outdir: string) => void} fn
 */
function withOutdir(root, prefix, fn) {
  const outdir = fs.mkdtempSync(path.join(root, `${prefix}-`));
  try {
    fn(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The benchmark app: `containers` containers spread over Fargate task
 * definitions of at most `perTask` containers each, one registry secret per
 * task definition (created in the stack, or imported by complete ARN). With
 * `cacheRule` (always for 'cache'), the app also has a Docker Hub pull through
 * cache rule with its own secret (in a stack of their own), and the images are
 * Docker Hub names: 'cache' pulls them through the rule, 'internet' directly.
 *
 * @param {string} outdir
 * @param {string} variant
 * @param {number} containers
 * @param {number} perTask
 * @param {string} secrets
 * @param {boolean} [cacheRule]
 * @param {boolean} [cacheTemplate] whether the rule has a repository creation template (with resource tags, so that
 *   a pull through it also needs ecr:TagResource)
 */
function build(outdir, variant, containers, perTask, secrets, cacheRule = false, cacheTemplate = false) {
  const app = new cdk.App({ outdir });
  const stack = new cdk.Stack(app, 'Bench', { env: { account: ACCOUNT, region: REGION } });
  const taskCount = Math.ceil(containers / perTask);
  const rule = variant === 'cache' || (cacheRule && variant === 'internet') ? dockerHubRule(app, secrets, cacheTemplate) : undefined;
  let made = 0;
  for (let t = 0; t < taskCount; t++) {
    const taskDefinition = new ecs.FargateTaskDefinition(stack, `Task${t}`, { cpu: 4096, memoryLimitMiB: 8192 });
    const secret = secrets === 'created'
      ? new secretsmanager.Secret(stack, `RegistrySecret${t}`, { description: `registry credentials ${t}` })
      : secretsmanager.Secret.fromSecretCompleteArn(stack, `RegistrySecret${t}`,
        `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:bench/registry-${t}-AbCdEf`);
    for (let c = 0; c < perTask && made < containers; c++, made++) {
      const imageName = rule ? `team${t}/app${c}:1.${made}` : `registry.example.com/team${t}/app${c}:1.${made}`;
      let image;
      if (variant === 'internet' || variant === 'cache') {
        image = privateRegistry.ContainerImage.fromInternet(imageName, {
          credentials: privateRegistry.RepositoryCreds.fromSecret(secret),
          pullThroughCache: variant === 'cache' ? rule : undefined,
        });
      } else if (variant === 'registry') {
        image = ecs.ContainerImage.fromRegistry(imageName, { credentials: secret });
      } else {
        image = ecs.ContainerImage.fromRegistry(imageName);
      }
      taskDefinition.addContainer(`c${c}`, { image, memoryReservationMiB: 256, essential: c === 0 });
    }
  }
  return { app, stack, taskCount };
}

/**
 * A Docker Hub pull through cache rule, and its secret (created, or imported by
 * complete ARN), in a stack of their own: at N = 1000 the Bench stack already
 * holds 500 resources, CloudFormation's limit.
 *
 * @param {any} app
 * @param {string} secrets
 * @param {boolean} [template] whether the rule gets a repository creation template: lifecycle rules, a KMS key, tags
 */
function dockerHubRule(app, secrets, template = false) {
  const stack = new cdk.Stack(app, 'Registry', { env: { account: ACCOUNT, region: REGION } });
  const credentials = secrets === 'created'
    ? new privateRegistry.RegistryCredentialsSecret(stack, 'DockerHubCredentials', { username: 'bench', forPullThroughCache: true })
    : secretsmanager.Secret.fromSecretCompleteArn(stack, 'DockerHubCredentials',
      `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`);
  const rule = new privateRegistryEcr.PullThroughCacheRule(stack, 'DockerHubCache', {
    upstreamRegistry: privateRegistryEcr.UpstreamRegistry.DOCKER_HUB,
    credentials,
  });
  if (template) {
    rule.addRepositoryCreationTemplate('Template', {
      encryptionKey: new kms.Key(stack, 'CacheKey'),
      resourceTags: { team: 'bench' },
      lifecycleRules: [
        { tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: cdk.Duration.days(7) },
        { maxImageCount: 20 },
      ],
    });
  }
  return rule;
}

/**
 * Fail unless the template holds RepositoryCredentials for every container,
 * and a GetSecretValue grant on the execution role of every task definition;
 * or, through the cache, the ECR image and no RepositoryCredentials for every
 * container, and an ecr:BatchImportUpstreamImage grant on every execution role.
 *
 * @param {any} template the synthesized CloudFormation template
 * @param {number} containers how many containers the app has
 * @param {number} taskCount how many task definitions it has
 * @param {boolean} [throughCache] whether the images are pulled through the cache
 * @param {boolean} [tagged] whether the cache's template tags the repositories: the pull then needs ecr:TagResource too
 */
function validate(template, containers, taskCount, throughCache = false, tagged = false) {
  const resources = Object.entries(template.Resources ?? {});
  const taskDefinitions = resources.filter(([, r]) => r.Type === 'AWS::ECS::TaskDefinition');
  const problems = [];
  if (taskDefinitions.length !== taskCount) {
    problems.push(`expected ${taskCount} AWS::ECS::TaskDefinition, found ${taskDefinitions.length}`);
  }

  /** @type {Map<string, Set<string>>} role logical id -> actions granted by its inline policies */
  const roleActions = new Map();
  for (const [, r] of resources) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const actions = (r.Properties?.PolicyDocument?.Statement ?? [])
      .flatMap((/** @type {any} */ s) => [].concat(s.Action));
    for (const role of r.Properties?.Roles ?? []) {
      const id = role?.Ref;
      if (!roleActions.has(id)) roleActions.set(id, new Set());
      actions.forEach((/** @type {string} */ a) => roleActions.get(id)?.add(a));
    }
  }

  let withCredentials = 0;
  let total = 0;
  for (const [id, r] of taskDefinitions) {
    for (const container of r.Properties?.ContainerDefinitions ?? []) {
      total++;
      const parameter = container.RepositoryCredentials?.CredentialsParameter;
      if (throughCache) {
        const image = JSON.stringify(container.Image);
        if (container.RepositoryCredentials !== undefined || !image.includes('.dkr.ecr.') || !image.includes('/docker-hub/')) {
          problems.push(`container '${container.Name}' of ${id} is not pulled through the cache: image ${image}`);
        } else {
          withCredentials++;
        }
      } else if (parameter === undefined || parameter === null || parameter === '') {
        problems.push(`container '${container.Name}' of ${id} has no RepositoryCredentials.CredentialsParameter`);
      } else {
        withCredentials++;
      }
    }
    const roleId = r.Properties?.ExecutionRoleArn?.['Fn::GetAtt']?.[0];
    if (!roleId) {
      problems.push(`${id} has no execution role created in the stack`);
    } else {
      const needed = throughCache ? ['ecr:BatchImportUpstreamImage', ...tagged ? ['ecr:TagResource'] : []] : ['secretsmanager:GetSecretValue'];
      for (const action of needed.filter(a => !roleActions.get(roleId)?.has(a))) {
        problems.push(`the execution role ${roleId} of ${id} is not granted ${action}`);
      }
    }
  }
  if (total !== containers) {
    problems.push(`expected ${containers} containers, found ${total}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 10).join('\n  ');
    throw new Error(`template validation failed (${problems.length} problem(s)):\n  ${shown}`);
  }
  return { containersWithCredentials: withCredentials };
}

module.exports = { build, ACCOUNT, REGION };

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`BENCH_ERROR ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  }
}
