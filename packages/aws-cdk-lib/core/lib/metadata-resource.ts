/**
 * aws-cdk-lib's `addConstructMetadata`, at the path where aws-cdk-lib keeps it
 * (`core/lib/metadata-resource`), so that this package's constructs record
 * their props as upstream's L2s do and import the helper exactly as upstream's
 * modules do. aws-cdk-lib exports this file's module path (not the root
 * `aws-cdk-lib` index), so this re-exports it unchanged.
 *
 * Package-only: upstream has its own file at this path.
 */
export { addConstructMetadata } from 'aws-cdk-lib/core/lib/metadata-resource';
