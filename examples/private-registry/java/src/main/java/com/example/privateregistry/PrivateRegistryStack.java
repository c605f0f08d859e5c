package com.example.privateregistry;

import io.github.cdkecsprivateregistry.services.ecr.PullThroughCacheRule;
import io.github.cdkecsprivateregistry.services.ecr.RepositoryCreationTemplateOptions;
import io.github.cdkecsprivateregistry.services.ecr.UpstreamRegistry;
import io.github.cdkecsprivateregistry.services.ecs.ContainerImage;
import io.github.cdkecsprivateregistry.services.ecs.RepositoryCreds;
import io.github.cdkecsprivateregistry.services.ecs.WebHostedImageProps;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.batch.EcsFargateContainerDefinition;
import software.amazon.awscdk.services.batch.EcsJobDefinition;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedFargateService;
import software.amazon.awscdk.services.ecs.patterns.ApplicationLoadBalancedTaskImageOptions;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretAttributes;
import software.constructs.Construct;

/**
 * The example stack of ../lib/private-registry-stack.ts, in Java: the same
 * constructs with the same ids, so that it synthesizes the same template.
 */
public class PrivateRegistryStack extends Stack {
    public PrivateRegistryStack(final Construct scope, final String id, final StackProps props,
                                final String imageName, final String credentialsSecretArn) {
        super(scope, id, props);

        // 1. Credentials by complete ARN, on a task definition of its own.
        ISecret credentials = Secret.fromSecretCompleteArn(this, "RegistryCredentials", credentialsSecretArn);
        FargateTaskDefinition taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDef").cpu(256).memoryLimitMiB(512).build();
        LogGroup logGroup = LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_WEEK).build();

        taskDefinition.addContainer("app", ContainerDefinitionOptions.builder()
            .image(ContainerImage.fromInternet(imageName, withCredentials(credentials)))
            .logging(awsLogs("app", logGroup))
            .portMappings(List.of(PortMapping.builder().containerPort(8080).build()))
            .build());

        // 2. The pull through cache of Quay.
        PullThroughCacheRule quay = PullThroughCacheRule.Builder.create(this, "QuayCache").upstreamRegistry(UpstreamRegistry.QUAY).build();
        quay.addRepositoryCreationTemplate("CachedRepositories", RepositoryCreationTemplateOptions.builder()
            .description("Repositories of the quay.io cache")
            .lifecycleRules(List.of(
                LifecycleRule.builder().description("untagged images after a week").tagStatus(TagStatus.UNTAGGED).maxImageAge(Duration.days(7)).build(),
                LifecycleRule.builder().description("at most 20 images").maxImageCount(20).build()))
            .build());
        taskDefinition.addContainer("worker", ContainerDefinitionOptions.builder()
            .image(ContainerImage.fromInternet("quay.io/acme/worker:3.2", WebHostedImageProps.builder().pullThroughCache(quay).build()))
            .essential(false)
            .logging(awsLogs("worker", logGroup))
            .build());

        // 3. Credentials by name, in an ecs-patterns service.
        Vpc vpc = Vpc.Builder.create(this, "Vpc")
            .availabilityZones(List.of(getRegion() + "a", getRegion() + "b"))
            .natGateways(1)
            .flowLogs(Map.of("all", FlowLogOptions.builder().trafficType(FlowLogTrafficType.REJECT).build()))
            .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).containerInsightsV2(ContainerInsights.ENABLED).build();
        ISecret byName = Secret.fromSecretNameV2(this, "WebCredentials", "registry-ghcr");
        ApplicationLoadBalancedFargateService.Builder.create(this, "Web")
            .cluster(cluster)
            .publicLoadBalancer(false)
            .openListener(false)
            .taskImageOptions(ApplicationLoadBalancedTaskImageOptions.builder()
                .image(ContainerImage.fromInternet("ghcr.io/acme/web:1.4", withCredentials(byName)))
                .containerPort(8080)
                .logDriver(awsLogs("web", logGroup))
                .build())
            .build();

        // 4. Credentials of another account, with their KMS key, on an AWS Batch job definition.
        ISecret shared = Secret.fromSecretAttributes(this, "SharedCredentials", SecretAttributes.builder()
            .secretCompleteArn("arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf")
            .encryptionKey(Key.fromKeyArn(this, "SharedKey", "arn:aws:kms:us-east-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"))
            .build());
        EcsJobDefinition.Builder.create(this, "NightlyReport")
            .container(EcsFargateContainerDefinition.Builder.create(this, "ReportContainer")
                .image(ContainerImage.fromInternet("acme/report:2.1", withCredentials(shared)))
                .cpu(1)
                .memory(Size.gibibytes(2))
                .build())
            .build();
    }

    private static WebHostedImageProps withCredentials(final ISecret secret) {
        return WebHostedImageProps.builder().credentials(RepositoryCreds.fromSecret(secret)).build();
    }

    private static LogDriver awsLogs(final String streamPrefix, final LogGroup logGroup) {
        return LogDrivers.awsLogs(AwsLogDriverProps.builder().streamPrefix(streamPrefix).logGroup(logGroup).build());
    }
}
