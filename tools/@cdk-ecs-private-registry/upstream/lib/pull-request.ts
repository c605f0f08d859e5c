/** Step 7: the pull request description for the change that the plan wrote. */
import { INTEG_ROOT, ISSUE, LIB_PACKAGE, PACKAGE_NAME } from './config';
import { libDir } from './imports';
import type { Summary } from './plan';
import { placementOf } from './readme';

export function pullRequestDescription(s: Summary): string {
  const api = [
    ...s.members.map(m => `- \`ContainerImage.${m.name}()\`${m.deprecated ? ' (deprecated from the start: an alias kept for the name used in the issue)' : ''}`),
    ...s.libFiles.filter(f => !f.rel.includes('/private/') && f.exports.length > 0)
      .map(f => `- \`${f.module}/lib/${f.rel.slice(libDir(f.module).length + 1)}\`: ${f.exports.map(n => `\`${n}\``).join(', ')}`),
  ];
  const privateFiles = s.libFiles.filter(f => f.rel.includes('/private/')).map(f => `\`${f.module}/lib/${f.rel.slice(libDir(f.module).length + 1)}\``);
  const exported = new Set(s.libFiles.flatMap(f => f.exports));
  const modules = [...new Set(s.libFiles.map(f => f.module))];
  const integ = s.integTests.length > 0
    ? s.integTests.map(t => `  - \`${t.slice(INTEG_ROOT.length + 1)}\` (with its snapshot)`).join('\n')
    : '  - (none yet)';
  const publicNames = s.libFiles.filter(f => !f.rel.includes('/private/')).flatMap(f => f.exports);
  const pullThroughCache = publicNames.filter(n => /PullThroughCache/.test(n));
  return `feat(ecs): private registry credentials with RepositoryCreds and ContainerImage.fromInternet

### Issue # (if applicable)

Follows up #${ISSUE}.

#${ISSUE} asked for private registry credentials on ECS images; it was closed when \`ContainerImage.fromRegistry(name, { credentials: secret })\` gained its \`credentials: ISecret\`. That option works, but it is the whole of the support: it takes the secret as it is, grants through \`secret.grantRead()\`, and checks nothing, so the mistakes users report (#18555, #20744, #20139, #37003) all synthesize fine and fail when ECS or AWS Batch pulls the image. This change does not reopen the question #${ISSUE} answered; it adds what \`fromRegistry\` credentials leave out.

### Reason for this change

Amazon ECS pulls images from registries outside Amazon ECR (Docker Hub, Quay, GitHub Container Registry, Artifactory, self-hosted registries) with a user name and password kept in AWS Secrets Manager. With \`fromRegistry(name, { credentials })\`, a secret of another account referenced by partial ARN, a customer managed key that the execution role cannot use, an ARN that is not a Secrets Manager secret, credentials given to an ECR image, a malformed image reference, or an AWS Batch job definition (which drops the credentials) are all found only at pull time.

### Description of changes

New over \`fromRegistry(name, { credentials })\`:

- **Typed credentials**: \`IRepositoryCreds\` and \`RepositoryCreds.fromSecret(secret)\`, the credentials of a registry as their own abstraction (as discussed in #${ISSUE}), so that other sources can be added without new image classes.
- **Only the forms ECS documents**: \`credentialsParameter\` is the secret's complete ARN, or its plain name for a secret imported by name or partial ARN in the stack's account and Region (never the partial ARN, which ECS does not document and which fails at pull time: #18555, #20744), granted on \`<name>-??????\`.
- **Synth-time validation**: the image reference is checked against Docker's grammar and limits (image IDs, the 255 characters of the name as Docker normalizes it) and ECS's (tokens only in their literal parts); an ARN that is not a Secrets Manager secret, a secret name ECS does not take (#20139), and a secret of another account or Region by name or partial ARN fail synthesis with a \`ValidationError\` that names the construct; warnings (acknowledgeable, \`@aws-cdk/aws-ecs:*\` ids) for credentials on an ECR image, a secret of another account, and immutable execution roles.
- **Least privilege**: the execution role gets \`secretsmanager:GetSecretValue\` on the one secret (one statement however many containers share it) and \`kms:Decrypt\` on its customer managed key only through Secrets Manager (\`kms:ViaService\`); the task role gets nothing.
- **Cross-account**: a secret of another account by complete ARN, imported with its key, is granted on this side, and synthesis says what the other account must allow.${exported.has('RegistryCredentialsSecret') ? `
- **\`RegistryCredentialsSecret\`**: a \`secretsmanager.Secret\` whose value has the JSON shape ECS reads (\`username\`, \`password\`); it refuses a plain-text password, and generates a placeholder to replace out of band when none is given.` : ''}${s.batch ? `
- **AWS Batch**: \`aws-batch\`'s ECS container definitions now render the \`repositoryCredentials\` that the image's \`bind()\` returned (#37003), so a job definition pulls a private image with the same grant as an ECS task definition. This also fixes \`fromRegistry(name, { credentials })\` in Batch.` : ''}${pullThroughCache.length > 0 ? `
- **ECR pull-through cache**: ${pullThroughCache.map(n => `\`${n}\``).join(', ')}, so that the same image can be pulled through an ECR cache instead of directly (#20464).` : ''}
- \`ContainerImage.fromInternet(imageName, props?)\`, and \`ContainerImage.fromDockerHub()\` (deprecated from the start: the name used in the issue), next to \`fromRegistry\`.
- README: documented in the "Images" section of the aws-ecs README (a list item and subsections${s.readmes.length > 1 ? `; ${s.readmes.filter(m => m !== 'aws-ecs').map(m => `${m} ${placementOf(m)}`).join(', ')}` : ''}), with every mistake above in a table.

**Relation between the APIs**: \`fromRegistry\` and \`RepositoryImage\` are kept unchanged and not deprecated: they remain right for public images, and routing their \`credentials\` through the new code would start failing synthesis, or change the grants and templates, of apps that deploy today. \`fromInternet()\` with \`RepositoryCreds\` is what the README recommends for private registries; \`fromRegistry(name, { credentials })\` is documented as unchecked. No existing synthesized template changes${s.batch ? ', except that Batch job definitions whose image has credentials now carry them' : ''}.

Public API added (${modules.map(m => `\`${m}\``).join(', ')}):

${api.join('\n')}
${privateFiles.length > 0 ? `\nInternal helpers (not exported): ${privateFiles.join(', ')}.\n` : ''}
### Describe any new or updated permissions being added

Only for containers that use the new credentials: the task (or job) execution role gets \`secretsmanager:GetSecretValue\` on the one secret, and \`kms:Decrypt\` on its customer managed key (if any) with the condition \`kms:ViaService = secretsmanager.<region>.amazonaws.com\`. The task role gets nothing.

### Description of how you validated changes

- Unit tests in ${s.testFiles.map(f => `\`${f.slice(LIB_PACKAGE.length + 1)}\``).join(', ') || '(none)'} (templates, whole IAM statement lists, every error and warning of the README's table, the deprecated alias with deprecated calls allowed).
- Integration tests (none calls a deprecated API):
${integ}
  Their snapshots were recorded offline (\`integ-runner --update-on-failed --dry-run\`) and have **not been deployed**: re-record them in this checkout with a deployment before merging.
- Built and used first as the standalone construct library \`${PACKAGE_NAME}\` (jsii, with rosetta-compiled README samples, \`@cdklabs/no-throw-default-error\` clean) on aws-cdk-lib 2.257.0; this PR is that code in upstream's layout, with its tests.

### Checklist
- [x] My code adheres to the [CONTRIBUTING GUIDE](https://github.com/aws/aws-cdk/blob/main/CONTRIBUTING.md) and [DESIGN GUIDELINES](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md)

----

*By submitting this pull request, I confirm that my contribution is made under the terms of the Apache-2.0 license*
`;
}
