/**
 * aws-cdk-lib's error classes, at the path where aws-cdk-lib keeps them
 * (`core/lib/errors`), so that this package's modules import them exactly as
 * upstream's do and the upstream form of a file needs no change here. Their
 * `lit` tag is in `./private/literal-string`, as upstream's is.
 *
 * `ValidationError` and `UnscopedValidationError` are exported by aws-cdk-lib
 * at run time (and tested with `Errors.isValidationError`), but marked
 * `@internal`.
 *
 * Package-only: upstream has its own file at this path. Nothing in this folder
 * is part of the package's public API.
 */
import { UnscopedValidationError, ValidationError } from 'aws-cdk-lib';

export { UnscopedValidationError, ValidationError };
