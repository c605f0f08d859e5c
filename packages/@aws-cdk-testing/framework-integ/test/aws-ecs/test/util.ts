// Shared by the integ apps of this directory (not an integ test itself:
// integ-runner only runs `integ.*.js`).
import { App, type AppProps } from 'aws-cdk-lib';

/**
 * An app for an integ test.
 *
 * integ-runner synthesizes without the CLI's defaults, so constructs would
 * record their creation stack traces, with absolute paths of this machine, in
 * the cloud assembly, and so in the committed snapshot. These two context
 * keys keep them out (CDK_DEBUG=true still records them when debugging).
 */
export function newIntegApp(props: AppProps = {}): App {
  return new App({
    ...props,
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      'aws:cdk:disable-stack-trace': true,
      ...props.context,
    },
  });
}
