/**
 * The pull request description of each part of the series, from the summary
 * of the plan that wrote it (what the part's files export, test and document).
 */
import { AWSLINT, BATCH, BATCH_UPSTREAM_ISSUE, BATCH_UPSTREAM_PR, ECR_RFC, INTEG_ROOT, ISSUE, LIB_PACKAGE, PACKAGE_NAME, PARTS } from './config';
import { libDir } from './paths';
import type { Summary } from './plan';
import { placementOf } from './readme';

/** The summary's entries of one part. */
function ofPart(s: Summary, part: number): Summary {
  return {
    libFiles: s.libFiles.filter(f => f.part === part),
    members: s.members.filter(m => m.part === part),
    testFiles: s.testFiles.filter(f => f.part === part),
    integTests: s.integTests.filter(f => f.part === part),
    readmes: s.readmes.filter(r => r.part === part),
    awslint: s.awslint.filter(x => x.part === part),
    batch: s.batch === part ? part : undefined,
  };
}

/** Where this part sits in the series, for its description. */
function seriesNote(part: number): string {
  const before = PARTS.slice(0, part).map(p => `\`${p.name}\``);
  const after = PARTS.slice(part + 1).map(p => `\`${p.name}\``);
  return `Part ${part + 1} of ${PARTS.length} of a series (${PARTS.map(p => `\`${p.name}\``).join(', ')}), each reviewable alone.`
    + `${before.length > 0 ? ` It builds on ${before.join(', ')}, already merged.` : ''}`
    + `${after.length > 0 ? ` ${after.join(', ')} ${after.length === 1 ? 'follows' : 'follow'} in ${after.length === 1 ? 'its own pull request' : 'their own pull requests'}.` : ''}`;
}

const tests = (s: Summary) => s.testFiles.map(f => `\`${f.rel.slice(LIB_PACKAGE.length + 1)}\``).join(', ') || '(none)';
const integ = (s: Summary) => (s.integTests.length > 0
  ? s.integTests.map(t => `  - \`${t.rel.slice(INTEG_ROOT.length + 1)}\` (with its snapshot)`).join('\n')
  : '  - (none)');
const apiList = (s: Summary) => s.libFiles.filter(f => !f.rel.includes('/private/') && f.exports.length > 0)
  .map(f => `- \`${f.module}/lib/${f.rel.slice(libDir(f.module).length + 1)}\`: ${f.exports.map(n => `\`${n}\``).join(', ')}`);
const privateList = (s: Summary) => s.libFiles.filter(f => f.rel.includes('/private/')).map(f => `\`${f.module}/lib/${f.rel.slice(libDir(f.module).length + 1)}\``);
const SNAPSHOTS = 'Their snapshots were recorded offline (`integ-runner --update-on-failed --dry-run`) and have **not been deployed**: '
  + 're-record them in this checkout with a deployment before merging.';
/** The awslint exclusions a part adds, each with its reason, under a heading of its own; nothing when it adds none. */
const awslintSection = (s: Summary) => (s.awslint.length > 0 ? `### awslint exclusions

Added to \`${AWSLINT}\` for this change's types, each for the reason given:

${s.awslint.map(x => `- \`${x.entry}\`: ${x.reason}`).join('\n')}

` : '');
const FOOTER = `### Checklist
- [x] My code adheres to the [CONTRIBUTING GUIDE](https://github.com/aws/aws-cdk/blob/main/CONTRIBUTING.md) and [DESIGN GUIDELINES](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md)

----

*By submitting this pull request, I confirm that my contribution is made under the terms of the Apache-2.0 license*
`;

/** The pull request description of one part of the series (index in PARTS), from the summary of a plan that includes it. */
export function pullRequestDescription(summary: Summary, part: number): string {
  const s = ofPart(summary, part);
  switch (PARTS[part].name) {
    case 'batch-repository-credentials': return batchDescription(s, part);
    case 'ecr-pull-through-cache': return ecrDescription(s, part);
    default: return ecsDescription(s, part);
  }
}

function ecsDescription(s: Summary, part: number): string {
  const api = [
    ...s.members.map(m => `- \`ContainerImage.${m.name}()\`${m.deprecated ? ' (deprecated from the start: an alias kept for the name used in the issue)' : ''}`),
    ...apiList(s),
  ];
  const privateFiles = privateList(s);
  const exported = new Set(s.libFiles.flatMap(f => f.exports));
  const modules = [...new Set(s.libFiles.filter(f => !f.rel.includes('/private/')).map(f => f.module))];
  return `${PARTS[part].title}

### Issue # (if applicable)

Follows up #${ISSUE}.

${seriesNote(part)}

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
- **\`RegistryCredentialsSecret\`**: a \`secretsmanager.Secret\` whose value has the JSON shape ECS reads (\`username\`, \`password\`); it refuses a plain-text password, and generates a placeholder to replace out of band when none is given.` : ''}
- \`ContainerImage.fromInternet(imageName, props?)\`, and \`ContainerImage.fromDockerHub()\` (deprecated from the start: the name used in the issue), next to \`fromRegistry\`.
- README: documented in the "Images" section of the aws-ecs README (a list item and subsections${s.readmes.length > 1 ? `; ${s.readmes.filter(r => r.module !== 'aws-ecs').map(r => `${r.module} ${placementOf(r.module)}`).join(', ')}` : ''}), with every mistake above in a table.

**Relation between the APIs**: \`fromRegistry\` and \`RepositoryImage\` are kept unchanged and not deprecated: they remain right for public images, and routing their \`credentials\` through the new code would start failing synthesis, or change the grants and templates, of apps that deploy today. \`fromInternet()\` with \`RepositoryCreds\` is what the README recommends for private registries; \`fromRegistry(name, { credentials })\` is documented as unchecked. No existing synthesized template changes. AWS Batch job definitions, which drop the credentials today (#${BATCH_UPSTREAM_ISSUE}), are the next pull request of the series.

Public API added (${modules.map(m => `\`${m}\``).join(', ')}):

${api.join('\n')}
${privateFiles.length > 0 ? `\nInternal helpers (not exported): ${privateFiles.join(', ')}.\n` : ''}
${awslintSection(s)}### Describe any new or updated permissions being added

Only for containers that use the new credentials: the task execution role gets \`secretsmanager:GetSecretValue\` on the one secret, and \`kms:Decrypt\` on its customer managed key (if any) with the condition \`kms:ViaService = secretsmanager.<region>.amazonaws.com\`. The task role gets nothing.

### Description of how you validated changes

- Unit tests in ${tests(s)} (templates, whole IAM statement lists, every error and warning of the README's table, the deprecated alias with deprecated calls allowed).
- Integration tests (none calls a deprecated API):
${integ(s)}
  ${SNAPSHOTS}
- Built and used first as the standalone construct library \`${PACKAGE_NAME}\` (jsii, with rosetta-compiled README samples, \`@cdklabs/no-throw-default-error\` clean) on aws-cdk-lib 2.257.0; this PR is that code in upstream's layout, with its tests.

${FOOTER}`;
}


function batchDescription(s: Summary, part: number): string {
  return `${PARTS[part].title}

### Issue # (if applicable)

Closes #${BATCH_UPSTREAM_ISSUE}.

${seriesNote(part)}

### Reason for this change

\`aws-batch\`'s ECS container definitions call the image's \`bind()\`, which grants the execution role what the pull needs, but render only \`image: ${BATCH.imageValue}\`: the \`repositoryCredentials\` that \`bind()\` returned are dropped, so a job definition whose image is in a private registry is registered without \`RepositoryCredentials\` and its jobs fail to pull the image, although the execution role may read the secret. This holds for \`ContainerImage.fromRegistry(name, { credentials })\` today, and for \`ContainerImage.fromInternet(name, { credentials })\` of the previous pull request.

### Relation to #${BATCH_UPSTREAM_PR}

#${BATCH_UPSTREAM_PR} (open) fixes #${BATCH_UPSTREAM_ISSUE} with the same kind of change, and a reviewer asked it for integration tests. This pull request offers that integration test:
${integ(s)}
  It deploys job definitions whose containers pull from a private registry (a Fargate job definition, and a multi-node job definition whose node ranges use and do not use credentials), asserts with \`DescribeJobDefinitions\` that Batch registered the credentials, and with IAM \`SimulatePrincipalPolicy\` that each execution role may read exactly its secret. Whichever of the two is merged first, the other reduces to what it adds: if #${BATCH_UPSTREAM_PR} lands first, this one keeps only the integration test (its author credited); if this one does, #${BATCH_UPSTREAM_PR} can take the test over or be closed.

### Description of changes

- \`${BATCH.file.slice(LIB_PACKAGE.length + 1)}\`: \`${BATCH.method}()\` renders \`${BATCH.property}\` next to \`${BATCH.imageProperty}\` (CloudFormation's \`AWS::Batch::JobDefinition\` \`ContainerProperties.RepositoryCredentials\`, whose \`CredentialsParameter\` is required, where ECS's is optional: the property is rendered only when the image returned one).${s.readmes.length > 0 ? `
- README: ${s.readmes.map(r => `the ${r.module} README ${placementOf(r.module)}`).join(', ')} says how an image with credentials works in a Batch job definition.` : ''}

No template changes for job definitions whose image has no credentials.

${awslintSection(s)}### Describe any new or updated permissions being added

None: the execution role was already granted \`secretsmanager:GetSecretValue\` on the secret by the image's \`bind()\`; the job definition now uses that grant.

### Description of how you validated changes

- Unit tests of the previous pull request cover the grant; ${s.testFiles.length > 0 ? `unit tests in ${tests(s)}` : 'the rendering is asserted by the integration test above'}.
- The integration test above: ${SNAPSHOTS.replace(/^Their snapshots were/, 'its snapshot was').replace('have **not', 'has **not').replace('re-record them', 're-record it')}

${FOOTER}`;
}

function ecrDescription(s: Summary, part: number): string {
  const api = apiList(s);
  const privateFiles = privateList(s);
  return `${PARTS[part].title}

### Issue # (if applicable)

Closes #20464.

${seriesNote(part)}

### RFC

#20464 asked for an L2 for pull through cache rules in 2022; a maintainer answered there that it may need an RFC first, and an earlier attempt (#22145) was closed without review. The RFC for these constructs, in the form of aws/aws-cdk-rfcs (working-backwards README, public and internal FAQ, alternatives considered), is \`${ECR_RFC}\` in the \`${PACKAGE_NAME}\` repository: it is to be filed in aws/aws-cdk-rfcs, and this pull request waits for its approval.

### Reason for this change

Amazon ECR caches images of upstream registries (Docker Hub, Quay, GitHub Container Registry, ECR Public, Kubernetes, other ECR registries) in the account, so that tasks do not depend on the upstream registry's rate limits and outages. aws-cdk-lib offers only \`CfnPullThroughCacheRule\`, whose rules are easy to get wrong: the credential secret's name must start with \`ecr-pullthroughcache/\`, some upstreams need credentials and others refuse them, and the execution role of a task must be allowed to import the image on the first pull.

### Description of changes

Public API added:

${api.join('\n') || '- (none)'}
${privateFiles.length > 0 ? `\nInternal helpers (not exported): ${privateFiles.join(', ')}.\n` : ''}
- In \`aws-ecs\`: \`ContainerImage.fromInternet(name, { pullThroughCache: rule })\` pulls the image through the rule (the container names the image's copy in ECR and carries no repository credentials), and \`RegistryCredentialsSecret\`'s \`forPullThroughCache\` makes one secret serve both paths.${s.readmes.length > 0 ? `
- README: ${s.readmes.map(r => `the ${r.module} README ${placementOf(r.module)}`).join(', ')}.` : ''}

${awslintSection(s)}### Describe any new or updated permissions being added

Only for containers whose image is pulled through the cache: the execution role may pull the image from its cache repository (\`ecr:BatchGetImage\`, \`ecr:GetDownloadUrlForLayer\`, \`ecr:BatchCheckLayerAvailability\`) and, on the first pull, create that repository and import the image into it (\`ecr:CreateRepository\`, \`ecr:BatchImportUpstreamImage\`), on that one repository's ARN; plus \`ecr:GetAuthorizationToken\`, which takes no resource. The rule's credential secret is read by ECR, not by the task.

### Description of how you validated changes

- Unit tests in ${tests(s)} (templates, whole IAM statement lists, every error and warning).
- Integration tests:
${integ(s)}
  ${SNAPSHOTS}

${FOOTER}`;
}
