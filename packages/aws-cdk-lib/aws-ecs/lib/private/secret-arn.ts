import { Fn, Token } from 'aws-cdk-lib';

/**
 * The parts of a secret's ARN that are known at synth time.
 *
 * A part that is (or holds) an unresolved token is `undefined`.
 */
export interface SecretArnParts {
  readonly partition?: string;
  readonly service?: string;
  readonly region?: string;
  readonly account?: string;
  readonly resourceType?: string;
}

/**
 * Split an ARN of the form `arn:partition:service:region:account:type:name`
 * (or `...:account:type/name`).
 *
 * Returns `undefined` when the value does not have the shape of an ARN: either
 * it is a single token (nothing can be known of it before deployment), or it is
 * not an ARN at all (the caller tells the two apart with `Token.isUnresolved`).
 */
export function parseSecretArn(arn: string): SecretArnParts | undefined {
  // Token encodings contain no ':', so a template such as
  // `arn:${Token[AWS.Partition]}:secretsmanager:...` splits into its parts.
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    return undefined;
  }
  // The resource is 'type:name' (Secrets Manager) or 'type/name' (SSM, IAM ...).
  const resourceType = parts.length > 6 ? parts[5] : parts[5].split('/')[0];
  const known = (value: string) => (Token.isUnresolved(value) ? undefined : value);
  return {
    partition: known(parts[1]),
    service: known(parts[2]),
    region: known(parts[3]),
    account: known(parts[4]),
    resourceType: known(resourceType),
  };
}

/**
 * The secret name that a partial ARN of Secrets Manager ends with
 * (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`), tokens
 * included. A partial ARN that is a single token gives the same part, picked
 * at deploy time: secret names hold no ':'.
 */
export function partialArnSecretName(partialArn: string): string {
  if (parseSecretArn(partialArn) === undefined) {
    return Fn.select(6, Fn.split(':', partialArn));
  }
  return partialArn.split(':').slice(6).join(':');
}
