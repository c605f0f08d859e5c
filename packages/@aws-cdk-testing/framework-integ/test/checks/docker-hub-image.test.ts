// The deprecated Docker Hub API (`new DockerHubImage()`, `ContainerImage.fromDockerHub()`)
// is an alias: integ.docker-hub-image deploys it, and here the same app built
// with `ContainerImage.fromInternet()` must synthesize the very same template.
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as dockerHubImage from '../aws-ecs/test/ec2/integ.docker-hub-image';
import { integRunnerAppProps, removeOutdirs } from './integ-apps';

afterAll(removeOutdirs);

describe('the deprecated Docker Hub API', () => {
  test('deploys exactly what ContainerImage.fromInternet deploys', () => {
    const deprecated = dockerHubImage.buildApp(integRunnerAppProps());
    const replacement = dockerHubImage.buildApp({ ...integRunnerAppProps(), useDeprecatedApi: false });

    expect(Template.fromStack(deprecated.stack).toJSON()).toEqual(Template.fromStack(replacement.stack).toJSON());
  });

  test('is really the deprecated API: both containers warn about it, and only they', () => {
    const deprecationsOf = (useDeprecatedApi: boolean) => {
      const { stack } = dockerHubImage.buildApp({ ...integRunnerAppProps(), useDeprecatedApi });
      return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('DockerHubImage is deprecated')).map(w => w.id).sort();
    };

    expect(deprecationsOf(true)).toEqual(['/aws-ecs-integ-docker-hub-image/TaskDef/viaClass', '/aws-ecs-integ-docker-hub-image/TaskDef/viaFactory']);
    expect(deprecationsOf(false)).toEqual([]);
  });
});
