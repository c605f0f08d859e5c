import { App } from 'aws-cdk-lib';
import { PrivateRegistryStack } from '../lib/private-registry-stack';

// Synthesizes the example and prints its CloudFormation template. The secret is
// only referenced by ARN: the template never holds the registry password.
// Override with: -c imageName=... -c credentialsSecretArn=... (through `cdk synth`),
// or the IMAGE_NAME / CREDENTIALS_SECRET_ARN environment variables.
const app = new App();
const stack = new PrivateRegistryStack(app, 'PrivateRegistryExample', {
  env: { account: '111111111111', region: 'us-east-1' },
  imageName: app.node.tryGetContext('imageName') ?? process.env.IMAGE_NAME ?? 'userx/test:1.0',
  credentialsSecretArn: app.node.tryGetContext('credentialsSecretArn') ?? process.env.CREDENTIALS_SECRET_ARN
    ?? 'arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf',
});

const assembly = app.synth();
process.stdout.write(`${JSON.stringify(assembly.getStackArtifact(stack.artifactId).template, null, 2)}\n`);
