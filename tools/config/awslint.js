// Runs awslint, aws-cdk's API linter, over the built assembly (.jsii) of the
// package in the current directory, with the options in its awslint.json, and
// fails on any error or warning on the package's own types.
//
// awslint itself fails on errors only, and hides warnings unless asked; this
// shows them and counts them too. Findings on aws-cdk-lib's types, which
// awslint reaches through references, are excluded by scope in awslint.json
// ("*:aws-cdk-lib.*"): awslint reports them as skipped, and they are not
// counted. Every exclusion must carry its reason in "excludeReasons".
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const packageDir = process.cwd();
const packageName = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).name;
const config = JSON.parse(fs.readFileSync(path.join(packageDir, 'awslint.json'), 'utf8'));
const unexplained = (config.exclude ?? []).filter(rule => !(config.excludeReasons ?? []).some(reason => reason.startsWith(`${rule}: `)));
if (unexplained.length > 0) {
  console.error(`awslint.json: exclusions without a reason in "excludeReasons": ${unexplained.join(', ')}`);
  process.exit(1);
}

const result = spawnSync(process.execPath, [require.resolve('awslint/bin/awslint', { paths: [packageDir] }), '--no-compile', '--no-quiet'], {
  cwd: packageDir,
  encoding: 'utf8',
  env: { ...process.env, FORCE_COLOR: '0' },
});
const lines = `${result.stdout}${result.stderr}`.split('\n').filter(line => line.length > 0);
const count = level => lines.filter(line => line.startsWith(`${level}: `)).length;
const [errors, warnings, skipped] = [count('error'), count('warning'), count('skipped')];
for (const line of lines.filter(l => !l.startsWith('skipped: '))) {
  console.error(line);
}
const ours = lines.filter(line => line.startsWith('skipped: ') && line.includes(`:${packageName}.`));
for (const line of ours) {
  console.error(line);
}
console.error(`awslint: ${errors} errors, ${warnings} warnings on this package's types; ` +
  `${ours.length} excluded by awslint.json, ${skipped - ours.length} checks of aws-cdk-lib's types skipped`);
if (result.status !== 0 || errors > 0 || warnings > 0) {
  process.exit(1);
}
