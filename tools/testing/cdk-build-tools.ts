// A stand-in for `@aws-cdk/cdk-build-tools`, the test helpers of aws/aws-cdk,
// which is not published to npm. The tests of packages/aws-cdk-lib import it by
// that name, as upstream's do; the package's jest configuration and
// tsconfig.dev.json resolve the name to this file.
//
// Only what those tests use is here, written for this repository.

/**
 * A test of a deprecated API: deprecated calls are allowed while it runs
 * (`JSII_DEPRECATED=quiet`), whatever the environment says, and the setting is
 * restored after it.
 *
 * @param name the test's name
 * @param fn the test
 * @param timeout the test's timeout, in milliseconds
 */
export function testDeprecated(name: string, fn: () => unknown, timeout?: number): void {
  test(name, async () => {
    const before = process.env.JSII_DEPRECATED;
    process.env.JSII_DEPRECATED = 'quiet';
    try {
      return await fn();
    } finally {
      if (before === undefined) {
        delete process.env.JSII_DEPRECATED;
      } else {
        process.env.JSII_DEPRECATED = before;
      }
    }
  }, timeout);
}
