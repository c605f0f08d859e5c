/**
 * aws-cdk-lib's `propertyInjectable` class decorator, at the path where
 * aws-cdk-lib keeps it (`core/lib/prop-injectable`), so that this package's
 * L2s take injected default props (`PropertyInjectors`) as upstream's do.
 *
 * aws-cdk-lib's decorator reads `PROPERTY_INJECTION_ID` from the class it
 * decorates, when the class is constructed. jsii compiles this package for
 * ES2020, where TypeScript sets a decorated class's static fields on the class
 * the decorator returned, after the decorator ran: the class it decorated has
 * none of its own, or the one it inherits (a `Secret` subclass would be
 * injected `Secret`'s props). So the decorated class reads the id from the
 * class the decorator returned. Compiled for ES2022, as upstream is, static
 * fields are set on the decorated class itself, and this changes nothing.
 *
 * Package-only: upstream has its own file at this path.
 */
import { propertyInjectable as cdkPropertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';

const ID = 'PROPERTY_INJECTION_ID';

/**
 * This decorator applies property injection before calling the construct's
 * constructor, with the injectors registered for its `PROPERTY_INJECTION_ID`.
 *
 * @param constructor the class of the construct
 * @returns the class, with property injection applied
 */
export function propertyInjectable<T extends Parameters<typeof cdkPropertyInjectable>[0]>(constructor: T, _context?: unknown): T {
  const decorated = cdkPropertyInjectable(constructor);
  if (!Object.prototype.hasOwnProperty.call(constructor, ID)) {
    Object.defineProperty(constructor, ID, {
      configurable: true,
      get: () => Object.getOwnPropertyDescriptor(decorated, ID)?.value,
      // The static field's assignment on the decorated class, which inherits this accessor.
      set(this: object, value: string) {
        Object.defineProperty(this, ID, { value, writable: true, enumerable: true, configurable: true });
      },
    });
  }
  return decorated;
}
