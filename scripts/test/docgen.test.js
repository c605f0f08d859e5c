// @ts-check
'use strict';

// The committed API reference (packages/aws-cdk-lib/API*.md) must be what
// jsii-docgen makes of the assembly that `npm test` has just built.
const fs = require('fs');
const path = require('path');
const { render, staleFiles, FILES, FIX } = require('../docgen');

const REPO = path.resolve(__dirname, '..', '..');

/** @type {Record<string, string>} */
let rendered;

beforeAll(async () => {
  rendered = await render();
}, 120_000);

test('the committed API reference is current', () => {
  const stale = staleFiles(rendered);
  if (stale.length > 0) {
    throw new Error(`The API reference is stale: ${stale.join(', ')} differ(s) from what jsii-docgen generates from the built assembly. `
      + `Run \`${FIX}\` and commit the result.`);
  }
});

test('the reference covers the public API in TypeScript and Python, with Python names in Python code', () => {
  expect(Object.values(FILES).sort()).toEqual(['python', 'typescript']);
  const typescript = rendered['packages/aws-cdk-lib/API.md'];
  const python = rendered['packages/aws-cdk-lib/API.python.md'];
  const assembly = JSON.parse(fs.readFileSync(path.join(REPO, 'packages', 'aws-cdk-lib', '.jsii'), 'utf8'));
  // Every exported type of the assembly has its section, under its full name.
  const types = Object.keys(assembly.types);
  expect(types.length).toBeGreaterThan(5);
  for (const fqn of types) {
    expect(typescript).toContain(`id="${fqn}"`);
    expect(python).toContain(`id="${fqn}"`);
  }
  expect(typescript).toContain('ContainerImage.fromInternet(imageName: string, props?: WebHostedImageProps)');
  expect(python).toMatch(/aws_ecs\.ContainerImage\.from_internet\(\s+image_name: str,/);
  const pythonCode = [...python.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  expect(pythonCode.map(([, language]) => language).filter(l => l !== 'python')).toEqual([]);
  expect(pythonCode.filter(([, , code]) => /fromInternet\(|declare const|: string/.test(code))).toEqual([]);
});

test('the README links to the reference of each language', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  for (const file of Object.keys(FILES)) expect(readme).toContain(`](${file})`);
});
