// integ-runner's snapshot check diffs the stacks under test only, not the
// assertion stack (DeployAssert): an assertion changed without refreshing the
// snapshot would pass unnoticed, and the next real deployment would run
// assertions nobody reviewed. This compares each assertion stack with its
// committed snapshot, leaving out the `salt` that integ-tests-alpha sets to the
// current time on every synthesis.
import * as fs from 'fs';
import * as path from 'path';
import { INTEG_APPS, integRunnerAppProps, removeOutdirs } from './integ-apps';
import { TEST_ROOT } from './integ-files';

afterAll(removeOutdirs);

describe.each(Object.keys(INTEG_APPS))('%s', (name) => {
  test('its assertion stack matches the snapshot (run `npm run integ:snapshot` after changing an assertion)', () => {
    const snapshotDir = path.join(TEST_ROOT, `${name}.js.snapshot`);
    const integManifest = JSON.parse(fs.readFileSync(path.join(snapshotDir, 'integ.json'), 'utf-8'));
    const assertionStacks: string[] = Object.values<any>(integManifest.testCases).map(testCase => testCase.assertionStackName);
    expect(assertionStacks.length).toBeGreaterThan(0);

    const assembly = INTEG_APPS[name](integRunnerAppProps()).app.synth();

    for (const stackName of assertionStacks) {
      const actual = assembly.stacks.find(stack => stack.stackName === stackName);
      expect(actual).toBeDefined();
      const expected = JSON.parse(fs.readFileSync(path.join(snapshotDir, `${stackName}.template.json`), 'utf-8'));

      expect(withoutSalt(actual!.template)).toEqual(withoutSalt(expected));
    }
  });
});

function withoutSalt(template: any): any {
  const copy = JSON.parse(JSON.stringify(template));
  for (const resource of Object.values<any>(copy.Resources ?? {})) {
    if (String(resource.Type).startsWith('Custom::DeployAssert') && resource.Properties) {
      delete resource.Properties.salt;
    }
  }
  return copy;
}
