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
    ['a registry elsewhere', 'registry.acme.example/ecr/api:1', true],
    ['a Docker Hub image with an ECR host in its path', 'mirror/123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1', true],
    ['ECR without credentials', '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1', false],
  ])('no warning for %s', (_case, name, withCredentials) => {
    const stack = newStack();
    addImage(stack, ContainerImage.fromInternet(name, withCredentials ? { credentials: credentials(stack) } : {}));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('invalid image names', () => {
  test.each([
    ['UserX/test', "the repository path component 'UserX' must be lowercase"],
    ['acme/api v1', "the repository path component 'api v1' must be lowercase letters and digits"],
    ['acme//api', 'the repository path has an empty component'],
    ['', 'the name is empty'],
    ['acme/api:', "the tag after ':' is empty"],
    [`acme/api:${'t'.repeat(129)}`, 'the tag is 129 characters long, more than the 128 allowed'],
    ['acme/api:.hidden', "the tag '.hidden' must not start with '.' or '-'"],
    ['acme/api:v1+build', "the tag 'v1+build' may only hold letters, digits, '_', '.' and '-'"],
    [`registry.example.com/${'a'.repeat(240)}`, "it is 261 characters long before any '@digest', more than the 255 that ECS accepts"],
    ['a'.repeat(238), "Docker reads its repository as 'docker.io/library/"],
    ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821', 'it is 64 hexadecimal characters, which Docker takes for an image ID'],
    ['acme/api@sha256:abc', "the digest 'sha256:abc' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters"],
    [`acme/api@sha512:${'a'.repeat(128)}`, `the digest 'sha512:${'a'.repeat(128)}' must be 'sha256:' followed by exactly 64 lowercase hexadecimal characters`],
    ['-bad.example.com/acme/api', "the registry host '-bad.example.com' is not a domain name or IP address"],
    ['registry.example.com:99999/api', "the registry port '99999' must be a number from 0 to 65535"],
  ])('throws for %j', (name, problem) => {
    const stack = newStack();
    expect(() => addImage(stack, ContainerImage.fromInternet(name)))
      .toThrow(`Expected an image name '[registry-host[:port]/]path[:tag][@sha256:<64 hex>]' for container 'Stack/TaskDef/app', got '${name}' (${problem}`);
  });

  test('throws for a literal path after a token registry that no value of the token could repair', () => {
    const stack = newStack();
    expect(() => addImage(stack, ContainerImage.fromInternet(`${Fn.importValue('Registry')}/UserX/api:.x`)))
      .toThrow(/\/UserX\/api:\.x' \(the repository path component 'UserX' must be lowercase; the tag '\.x' must not start with '\.' or '-'\)\.$/);
  });

  test('throws for a name whose literal text around a token holds what no reference may', () => {
    const stack = newStack();
    expect(() => addImage(stack, ContainerImage.fromInternet(`${Fn.importValue('Registry')}/my api`)))
      .toThrow(/\/my api' \(its literal part '\/my api' holds characters that no image reference may contain: ' '\)\.$/);
  });
});
