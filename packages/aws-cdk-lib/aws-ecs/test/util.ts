import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';

/** The account and region that the tests' stacks are deployed to. */
export const ENV = { account: '111111111111', region: 'us-east-1' } as const;

/** A complete ARN of a secret in the stack's own account and region. */
export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf';

/** A fresh app and stack in ENV. */
export function newStack(id = 'Stack'): Stack {
  return new Stack(new App(), id, { env: ENV });
}

/** An environment-agnostic stack: account and region are tokens. */
export function newAgnosticStack(): Stack {
  return new Stack(new App(), 'Agnostic');
}

/** The container definitions of the one task definition of a stack, resolved. */
export function containerDefinitions(stack: Stack): CfnTaskDefinition.ContainerDefinitionProperty[] | any[] {
  const taskDefs = Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition');
  const ids = Object.keys(taskDefs);
  if (ids.length !== 1) {
    throw new Error(`expected one task definition, found ${ids.length}`);
  }
  return taskDefs[ids[0]].Properties.ContainerDefinitions;
}

/** Every IAM policy statement in the stack, with the roles its policy is attached to. */
export function policyStatements(stack: Stack): Array<{ roles: any[]; statement: any }> {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((policy: any) =>
    policy.Properties.PolicyDocument.Statement.map((statement: any) => ({ roles: policy.Properties.Roles, statement })));
}

/** Every warning of the stack, as its id and its message without the acknowledgement suffix. */
export function warningsOf(stack: Stack): Array<{ id: string; message: string }> {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => {
    const [, message, id] = /^(.*) \[ack: ([^\]]+)\]$/s.exec(String(w.entry.data))!;
    return { id, message };
  });
}

/** The README's second column holds the message's own words, `…` for what varies. */
export function expectSeesMatches(sees: string, message: string, id?: string) {
  const [, kind, seenId, excerpt] = /^(Error|Warning `([^`]+)`): (.*)$/.exec(sees) ?? [];
  expect(kind).toBe(id === undefined ? 'Error' : `Warning \`${id}\``);
  expect(seenId).toBe(id);
  let from = 0;
  for (const piece of excerpt.split('…').map(p => p.trim()).filter(p => p.length > 0)) {
    const at = message.indexOf(piece, from);
    expect({ piece, found: at !== -1 }).toEqual({ piece, found: true });
    from = at + piece.length;
  }
}

/**
 * A message with its tokens numbered from 0: tokens are numbered per process, so
 * the same message reads `${Token[AWS.Region.7]}` in one test run and
 * `${Token[AWS.Region.12]}` in another.
 */
export function renumberTokens(text: string): string {
  return text.replace(/\$\{Token\[([A-Za-z.]+?)\.?\d+\]\}/g, (_all, name: string) => `\${Token[${name}.0]}`);
}
