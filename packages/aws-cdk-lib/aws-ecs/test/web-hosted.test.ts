import { App, Fn, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ContainerImage, RepositoryCreds, WebHostedImage } from '../lib';
import { containerDefinitions, newStack, SECRET_ARN } from './util';

function addImage(stack: Stack, image: ecs.ContainerImage) {
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
  return taskDefinition.addContainer('app', { image });
}

function credentials(stack: Stack) {
  return RepositoryCreds.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'RepoSecret', SECRET_ARN));
}

describe('WebHostedImage', () => {
  test('fromInternet returns a WebHostedImage that keeps its name and credentials', () => {
    const stack = newStack();
    const creds = credentials(stack);

    const image = ContainerImage.fromInternet('ghcr.io/acme/api:1.4', { credentials: creds });

    expect(image).toBeInstanceOf(WebHostedImage);
    expect(image).toBeInstanceOf(ecs.ContainerImage);
    expect(image.imageName).toBe('ghcr.io/acme/api:1.4');
    expect(image.repositoryCredentials).toBe(creds);
  });

  test('the factories of aws-cdk-lib stay available on the same ContainerImage', () => {
    const stack = newStack();
    const repository = new ecr.Repository(stack, 'Repo');

    expect(ContainerImage.fromRegistry('nginx')).toBeInstanceOf(ecs.RepositoryImage);
    expect(ContainerImage.fromEcrRepository(repository, 'v1')).toBeInstanceOf(ecs.EcrImage);
  });

  test('renders the image name and no credentials for a public image', () => {
    const stack = newStack();

    addImage(stack, new WebHostedImage('public.ecr.aws/nginx/nginx:1.27'));

    expect(containerDefinitions(stack)[0]).toMatchObject({ Image: 'public.ecr.aws/nginx/nginx:1.27' });
    expect(containerDefinitions(stack)[0].RepositoryCredentials).toBeUndefined();
  });

  test('an image name that is an unresolved token synthesizes', () => {
    const stack = newStack();
    const name = Fn.importValue('ImageName');

    addImage(stack, ContainerImage.fromInternet(name, { credentials: credentials(stack) }));

    expect(containerDefinitions(stack)[0]).toMatchObject({
      Image: { 'Fn::ImportValue': 'ImageName' },
      RepositoryCredentials: { CredentialsParameter: SECRET_ARN },
    });
  });

  test('an image name mixing literal text and tokens synthesizes', () => {
    const stack = newStack();
    const name = `registry.acme.example:5000/team/api:${Fn.importValue('Tag')}`;

    addImage(stack, ContainerImage.fromInternet(name, { credentials: credentials(stack) }));

    expect(JSON.stringify(containerDefinitions(stack)[0].Image)).toContain('registry.acme.example:5000/team/api:');
  });

  test('names a container of AWS Batch, which has no container name, by its construct path', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const image = ContainerImage.fromInternet('acme/API:1', { credentials: credentials(stack) });

    // THEN
    expect(() => new batch.EcsFargateContainerDefinition(stack, 'Container', { image, cpu: 0.25, memory: Size.mebibytes(512) }))
      .toThrow(/ for container 'Stack\/Container', got 'acme\/API:1' /);
  });

  test('synthesizes in an environment-agnostic stack', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const secret = secretsmanager.Secret.fromSecretNameV2(stack, 'RepoSecret', 'registry');

    addImage(stack, ContainerImage.fromInternet('acme/api:1', { credentials: RepositoryCreds.fromSecret(secret) }));

    // ECS looks the name up in the task's own account and Region, which the secret's partial ARN names too.
    expect(containerDefinitions(stack)[0].RepositoryCredentials.CredentialsParameter).toEqual('registry');
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });
});

describe('credentials on an Amazon ECR image', () => {
  test.each([
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1',
    '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/api:1',
    '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api:1',
    '123456789012.dkr-ecr.us-east-1.on.aws/api:1',
  ])('warn for %s', (name) => {
    const stack = newStack();
    addImage(stack, ContainerImage.fromInternet(name, { credentials: credentials(stack) }));
    Annotations.fromStack(stack).hasWarning('/Stack/TaskDef/app', Match.stringLikeRegexp('credentialsIgnoredForEcr'));
  });

  test.each([
    ['a registry elsewhere', 'registry.acme.example/ecr/api:1'],
    ['ECR without credentials', '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1'],
  ])('no warning for %s', (_case, name) => {
    const stack = newStack();
    const withCredentials = !name.includes('.dkr.ecr.');
    addImage(stack, ContainerImage.fromInternet(name, withCredentials ? { credentials: credentials(stack) } : {}));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});
