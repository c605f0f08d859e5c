import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, RegistryCredentialsSecret, RepositoryCreds } from '../lib';
import { ENV, SECRET_ARN } from './util';

/** Synthesize one app with every feature of the module into a new directory. */
function synthesize(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const key = new kms.Key(stack, 'Key');
  const created = new RegistryCredentialsSecret(stack, 'Creds', { username: 'acme', encryptionKey: key });
  const imported = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Imported', SECRET_ARN);
  const byName = secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'registry');
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  [created, imported, byName, created].forEach((secret, i) => taskDefinition.addContainer(`c${i}`, {
    image: ContainerImage.fromInternet(`ghcr.io/acme/app${i}:1`, { credentials: RepositoryCreds.fromSecret(secret) }),
  }));
  app.synth();
  return outdir;
}

test('synthesizing the same app twice gives byte-identical templates', () => {
  const [first, second] = [synthesize(), synthesize()];
  try {
    const template = 'Stack.template.json';
    const a = fs.readFileSync(path.join(first, template));
    const b = fs.readFileSync(path.join(second, template));
    expect(a.length).toBeGreaterThan(1000);
    expect(a.equals(b)).toBe(true);
  } finally {
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  }
});
