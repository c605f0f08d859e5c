// upstream: package-only (upstream has its own core/lib/errors, with lit, ValidationError and UnscopedValidationError)
/**
 * aws-cdk-lib's error classes, at the path where aws-cdk-lib keeps them
 * (`core/lib/errors`), so that this package's modules import them exactly as
 * upstream's do and the upstream form of a file needs no change here.
 *
 * `ValidationError` and `UnscopedValidationError` are exported by aws-cdk-lib
 * at run time (and tested with `Errors.isValidationError`), but marked
 * `@internal`, and its `lit` tag is not exported at all: it is defined here with
 * the same meaning, a name that must be written literally in the source.
 *
 * Nothing in this folder is part of the package's public API.
 */
import { UnscopedValidationError, ValidationError } from 'aws-cdk-lib';

export { UnscopedValidationError, ValidationError };

/** A string written literally in the source: the stable name of an error. */
export type LiteralString = ConstructorParameters<typeof ValidationError>[0];

/**
 * The tag that makes a `LiteralString`: `lit\`InvalidImageName\``.
 *
 * A template with substitutions is refused by the type checker, as upstream's is.
 */
export function lit(strings: TemplateStringsArray, ..._none: never[]): LiteralString {
  return strings.join('') as LiteralString;
}
