/**
 * aws-cdk-lib's `propertyInjectable` class decorator, at the path where
 * aws-cdk-lib keeps it (`core/lib/prop-injectable`), so that this package's
 * L2s take injected default props (`PropertyInjectors`) as upstream's do.
 * aws-cdk-lib exports this file's module path, so this re-exports it unchanged.
 *
 * Package-only: upstream has its own file at this path.
 */
export { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
