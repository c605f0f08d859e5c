import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { partitionOf, sameRegistry } from '../../lib/private/registry';

describe('sameRegistry', () => {
  const app = new App();
  const stack = (id: string, env?: { account?: string; region?: string }) => new Stack(app, id, { env });
  const known = stack('Known', { account: '111111111111', region: 'us-east-1' });

  test('two constructs of one stack are in one registry, whatever its environment', () => {
    const agnostic = stack('Agnostic');
    expect(sameRegistry(new Construct(known, 'A'), new Construct(known, 'B'))).toBe(true);
    expect(sameRegistry(new Construct(agnostic, 'A'), new Construct(agnostic, 'B'))).toBe(true);
  });

  test.each([
    ['the same account and Region', { account: '111111111111', region: 'us-east-1' }, true],
    ['another account', { account: '222222222222', region: 'us-east-1' }, false],
    ['another Region', { account: '111111111111', region: 'eu-west-1' }, false],
    ['an account known at deploy time', { region: 'us-east-1' }, false],
    ['a Region known at deploy time', { account: '111111111111' }, false],
  ])('a stack of %s is %s', (_case, env, same) => {
    const other = stack(`Other${JSON.stringify(env).replace(/\W/g, '')}`, env);
    expect(sameRegistry(known, other)).toBe(same);
    expect(sameRegistry(other, known)).toBe(same);
  });

  test('stacks of one account, each in a Region known only at deploy time, are not known to be one registry', () => {
    // The two Regions are one deploy-time value in the text of each stack, and may differ.
    const one = stack('RegionAgnosticOne', { account: '111111111111' });
    const two = stack('RegionAgnosticTwo', { account: '111111111111' });
    expect(one.region).toBe(two.region);
    expect(sameRegistry(one, two)).toBe(false);
  });
});

describe('partitionOf', () => {
  test.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
  ])('writes out the partition of Region %s', (region, partition) => {
    expect(partitionOf(new Stack(new App(), 'Stack', { env: { region } }))).toBe(partition);
  });

  test('is the deploy-time partition when the Region is unknown, or unknown to the region facts', () => {
    for (const env of [undefined, { region: 'xx-nowhere-9' }]) {
      const stack = new Stack(new App(), 'Stack', { env });
      expect(stack.resolve(partitionOf(stack))).toEqual({ Ref: 'AWS::Partition' });
    }
  });
});
