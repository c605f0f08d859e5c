/**
 * aws-cdk-lib's `lit` tag, at the path where aws-cdk-lib keeps it
 * (`core/lib/private/literal-string`), so that this package's modules import it
 * exactly as upstream's do. aws-cdk-lib does not export `lit` at run time; this
 * defines it with the same meaning: a string written literally in the source,
 * the stable name of an error.
 *
 * Package-only: upstream has its own file at this path.
 */
import type { ValidationError } from '../errors';

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
