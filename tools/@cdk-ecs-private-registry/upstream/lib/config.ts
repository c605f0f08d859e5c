/**
 * What the tool knows about this repository and about aws/aws-cdk. Everything
 * that names a module, a file or a heading is here; the steps are generic.
 */

/** The npm name of this repository's library. */
export const PACKAGE_NAME = 'cdk-ecs-private-registry';

/** The upstream issue this change follows up (closed when `fromRegistry` gained `credentials`). */
export const ISSUE = 1698;

/** The library package: the same path in this repository and in aws-cdk. */
export const LIB_PACKAGE = 'packages/aws-cdk-lib';

/** Where integ tests live, one folder per module (`<module>/test/...`), in both repositories. */
export const INTEG_ROOT = 'packages/@aws-cdk-testing/framework-integ/test';

/**
 * Folders of the library package that never go upstream: `core` holds
 * stand-ins for what upstream's own core has (`core/lib/errors` and `lit` in
 * `core/lib/private/literal-string`), `rosetta` this package's
 * sample fixture.
 */
export const PACKAGE_ONLY_MODULES = new Set(['core', 'rosetta']);

/** Packages that upstream's unit tests import besides aws-cdk-lib's own modules (its build tools: `testDeprecated`). */
export const UPSTREAM_TEST_PACKAGES = new Set(['@aws-cdk/cdk-build-tools']);

/** Folders of framework-integ/test that are this repository's own checks, not integ tests of a module. */
export const PACKAGE_ONLY_INTEG_DIRS = new Set(['checks']);

/**
 * One pull request of the series the change is split into. Files are
 * assigned to parts by rule, never by name:
 * - a library module's files (lib, test, README, integ tests under
 *   framework-integ's `<module>/`) belong to the part that lists the module in
 *   `modules` (a module no part lists: the last part);
 * - a file that needs (imports) a name of a later part goes with that part;
 *   a private helper (`lib/private/`) that an earlier part's library code
 *   imports goes with that earlier part instead, and a unit test goes with
 *   the latest part of the library files it imports;
 * - lines between `// upstream: part <name> begin` and `end` belong to part
 *   `<name>`: the file has them from that part on;
 * - a `##`/`###` section of a module README, or a row of its tables, whose
 *   heading (row) matches `readme` belongs to this part; so does a section
 *   whose samples import a name of this part;
 * - an awslint exclusion belongs to the part that brings the type it names.
 */
export interface Part {
  /** The name `--part` takes. */
  readonly name: string;
  /** The pull request's title (conventional commit form, as aws-cdk's PR titles). */
  readonly title: string;
  /** The library modules (and framework-integ folders) whose files belong to this part. */
  readonly modules: readonly string[];
  /** README sections (by heading) and table rows of any module that belong to this part. */
  readonly readme?: RegExp;
  /** This part changes aws-batch's container definition (see `BATCH`). */
  readonly batch?: boolean;
}

/** The parts, in the order they apply. */
export const PARTS: readonly Part[] = [
  {
    name: 'ecs-private-registry',
    title: 'feat(ecs): private registry credentials with RepositoryCreds and ContainerImage.fromInternet',
    modules: ['aws-ecs'],
  },
  {
    name: 'batch-repository-credentials',
    title: 'fix(batch): render the repository credentials of an ECS job definition\'s container image',
    modules: ['aws-batch'],
    readme: /\bBatch\b/,
    batch: true,
  },
  {
    name: 'ecr-pull-through-cache',
    title: 'feat(ecr): PullThroughCacheRule L2, and pulling ECS images through it',
    modules: ['aws-ecr'],
    readme: /pull(ed)? through (an? )?(amazon ecr )?(pull through )?cache|through the cache/i,
  },
];

/** The RFC of the ECR constructs, in this repository (the ECR part's PR text points to it). */
export const ECR_RFC = 'docs/rfcs/0001-ecr-pull-through-cache.md';

/** The open upstream pull request for AWS Batch's repository credentials (aws/aws-cdk#37017, for #37003). */
export const BATCH_UPSTREAM_PR = 37017;
export const BATCH_UPSTREAM_ISSUE = 37003;

/** The lines around code of a later part: `// upstream: part <name> begin` / `end`. */
export const PART_BEGIN = /^\s*\/\/ upstream: part ([a-z0-9-]+) begin\s*$/;
export const PART_END = /^\s*\/\/ upstream: part ([a-z0-9-]+) end\s*$/;

/** The first line of a file that does not go upstream: `// upstream: package-only (<reason>)`. */
export const PACKAGE_ONLY_FILE = /^\/\/ upstream: package-only \(.+\)\s*$/;
/** The lines around a block that does not go upstream. */
export const PACKAGE_ONLY_BEGIN = /^\s*\/\/ upstream: package-only begin\s*$/;
export const PACKAGE_ONLY_END = /^\s*\/\/ upstream: package-only end\s*$/;

/** Test helpers (not `*.test.ts`) go to this subfolder of `<module>/test`, away from upstream's own `util.ts`. */
export const HELPERS_DIR = 'private-registry';

/**
 * awslint's options of the library package, at the same path in both
 * repositories. Its `exclude` entries for this package's types
 * (`<rule>:cdk-ecs-private-registry.aws_x.Y`) go upstream as
 * `<rule>:aws-cdk-lib.aws_x.Y`; their reasons, in `excludeReasons`, go in the
 * pull request text (upstream's file has no reasons). Entries for other types
 * (`*:aws-cdk-lib.*`) are this package's own.
 */
export const AWSLINT = `${LIB_PACKAGE}/awslint.json`;

/** The module whose `ContainerImage` class and `lib/container-image.ts` are merged, not copied. */
export const ECS_MODULE = 'aws-ecs';
export const CONTAINER_IMAGE_FILE = 'lib/container-image.ts';

/**
 * This package's names inside strings of a module's files, and upstream's:
 * warning ids `cdk-ecs-private-registry:x` become `@aws-cdk/<module>:x`;
 * deprecated API names `cdk-ecs-private-registry.aws_x.Y` become `aws-cdk-lib.aws_x.Y`.
 */
export function idRewrites(module: string): Array<[string, string]> {
  return [[`${PACKAGE_NAME}:`, `@aws-cdk/${module}:`], [`${PACKAGE_NAME}.aws_`, 'aws-cdk-lib.aws_']];
}

/**
 * Where the parts of a module's README go in upstream's README of the same
 * module, by heading text (without the `#`s).
 *
 * The README has no markers for this: HTML comments would show in the API
 * documentation of every jsii language.
 */
export interface ReadmePlacement {
  /**
   * The heading where the part that goes upstream starts; what comes before
   * it is this package's own (title, introduction, package-only sections).
   * @default - the first `##` heading
   */
  readonly from?: string;
  /**
   * Upstream's section that receives the feature (e.g. `Images`): every `##`
   * section of the part that goes upstream becomes, in order, a subsection of
   * it, after the section's own text. Without it, the module README's part
   * goes at the end of upstream's README.
   */
  readonly into?: string;
  /** A new item of the first bullet list of `into` (the list of image sources), in upstream's words. */
  readonly listItem?: string;
  /**
   * A bullet of `into`'s list that is replaced by this text (an existing API
   * whose role changes with the feature), found by the text it starts with;
   * `listItem` goes right after it.
   */
  readonly replaceListItem?: { readonly startsWith: string; readonly text: string };
}

/**
 * Per module: where its README goes. A module not named here has the part of
 * its README from the first `##` heading on appended to upstream's README of
 * the same module (the title and introduction before that heading are this
 * package's own; a module with package-only sections names its first upstream
 * heading in `from`).
 */
export const README_PLACEMENT: Record<string, ReadmePlacement> = {
  'aws-ecs': {
    from: 'Images from the internet',
    into: 'Images',
    listItem: '`ecs.ContainerImage.fromInternet(imageName, { credentials })`: use an image from any registry that ECS reaches '
      + 'over the internet, its name checked at synthesis; with `credentials: ecs.RepositoryCreds.fromSecret(secret)`, a private one '
      + '(see [Private registries](#private-registries)).',
    replaceListItem: {
      startsWith: '`ecs.ContainerImage.fromRegistry(imageName, { credentials: mySecret })`',
      text: '`ecs.ContainerImage.fromRegistry(imageName, { credentials: mySecret })`: use a private image that requires credentials. '
        + 'Unchanged, and not checked at synthesis: prefer `fromInternet()` below for new code.',
    },
  },
};

/**
 * The upstream form of the AWS Batch support: aws-batch's container
 * definition renders the `repositoryCredentials` that the image's `bind()`
 * returned, next to `image` (`value` is indented as the property it follows).
 */
export const BATCH = {
  file: `${LIB_PACKAGE}/aws-batch/lib/ecs-container-definition.ts`,
  method: '_renderContainerDefinition',
  imageProperty: 'image',
  imageValue: 'this.imageConfig.imageName',
  property: 'repositoryCredentials',
  // ECS's RepositoryCredentialsProperty has an optional credentialsParameter, Batch's a required one.
  value: 'this.imageConfig.repositoryCredentials?.credentialsParameter\n'
    + '  ? { credentialsParameter: this.imageConfig.repositoryCredentials.credentialsParameter }\n'
    + '  : undefined',
};
