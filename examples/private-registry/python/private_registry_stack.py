"""The example stack of ../lib/private-registry-stack.ts, in Python: the same
constructs with the same ids, so that it synthesizes the same template."""
import aws_cdk as cdk
from aws_cdk import (
    aws_batch as batch,
    aws_ec2 as ec2,
    aws_ecr as ecr,
    aws_ecs as ecs,
    aws_ecs_patterns as ecs_patterns,
    aws_kms as kms,
    aws_logs as logs,
    aws_secretsmanager as secretsmanager,
)
from cdk_ecs_private_registry.aws_ecr import PullThroughCacheRule, UpstreamRegistry
from cdk_ecs_private_registry.aws_ecs import ContainerImage, RepositoryCreds
from constructs import Construct


class PrivateRegistryStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, *, image_name: str, credentials_secret_arn: str, **kwargs) -> None:
        super().__init__(scope, id, **kwargs)

        # 1. Credentials by complete ARN, on a task definition of its own.
        credentials = secretsmanager.Secret.from_secret_complete_arn(self, "RegistryCredentials", credentials_secret_arn)
        task_definition = ecs.FargateTaskDefinition(self, "TaskDef", cpu=256, memory_limit_mib=512)
        log_group = logs.LogGroup(self, "Logs", retention=logs.RetentionDays.ONE_WEEK)

        task_definition.add_container("app",
            image=ContainerImage.from_internet(image_name, credentials=RepositoryCreds.from_secret(credentials)),
            logging=ecs.LogDrivers.aws_logs(stream_prefix="app", log_group=log_group),
            port_mappings=[ecs.PortMapping(container_port=8080)],
        )

        # 2. The pull through cache of Quay.
        quay = PullThroughCacheRule(self, "QuayCache", upstream_registry=UpstreamRegistry.QUAY)
        quay.add_repository_creation_template("CachedRepositories",
            description="Repositories of the quay.io cache",
            lifecycle_rules=[
                ecr.LifecycleRule(description="untagged images after a week", tag_status=ecr.TagStatus.UNTAGGED,
                                  max_image_age=cdk.Duration.days(7)),
                ecr.LifecycleRule(description="at most 20 images", max_image_count=20),
            ],
        )
        task_definition.add_container("worker",
            image=ContainerImage.from_internet("quay.io/acme/worker:3.2", pull_through_cache=quay),
            essential=False,
            logging=ecs.LogDrivers.aws_logs(stream_prefix="worker", log_group=log_group),
        )

        # 3. Credentials by name, in an ecs-patterns service.
        vpc = ec2.Vpc(self, "Vpc",
            availability_zones=[f"{self.region}a", f"{self.region}b"],
            nat_gateways=1,
            flow_logs={"all": ec2.FlowLogOptions(traffic_type=ec2.FlowLogTrafficType.REJECT)},
        )
        cluster = ecs.Cluster(self, "Cluster", vpc=vpc, container_insights_v2=ecs.ContainerInsights.ENABLED)
        by_name = secretsmanager.Secret.from_secret_name_v2(self, "WebCredentials", "registry-ghcr")
        ecs_patterns.ApplicationLoadBalancedFargateService(self, "Web",
            cluster=cluster,
            public_load_balancer=False,
            open_listener=False,
            task_image_options=ecs_patterns.ApplicationLoadBalancedTaskImageOptions(
                image=ContainerImage.from_internet("ghcr.io/acme/web:1.4", credentials=RepositoryCreds.from_secret(by_name)),
                container_port=8080,
                log_driver=ecs.LogDrivers.aws_logs(stream_prefix="web", log_group=log_group),
            ),
        )

        # 4. Credentials of another account, with their KMS key, on an AWS Batch job definition.
        shared = secretsmanager.Secret.from_secret_attributes(self, "SharedCredentials",
            secret_complete_arn="arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf",
            encryption_key=kms.Key.from_key_arn(self, "SharedKey", "arn:aws:kms:us-east-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
        )
        batch.EcsJobDefinition(self, "NightlyReport",
            container=batch.EcsFargateContainerDefinition(self, "ReportContainer",
                image=ContainerImage.from_internet("acme/report:2.1", credentials=RepositoryCreds.from_secret(shared)),
                cpu=1,
                memory=cdk.Size.gibibytes(2),
            ),
        )
