"""The package used from Python, across the jsii boundary: a credentials class
written in Python (a callback from JavaScript into Python), an AWS Batch job
definition built from Python, and the errors a Python user reads.

Run against the wheel that `npm run package -- --build python` writes,
installed with pip (see examples/private-registry/README.md)."""
import aws_cdk as cdk
import jsii
import pytest
from aws_cdk import (
    assertions,
    aws_batch as batch,
    aws_ecs as ecs,
    aws_iam as iam,
    aws_secretsmanager as secretsmanager,
)
import cdk_ecs_private_registry.aws_ecs as registry_ecs
from cdk_ecs_private_registry.aws_ecs import ContainerImage, RepositoryCreds
from constructs import Construct

SECRET_ARN = "arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf"
ENV = cdk.Environment(account="111111111111", region="us-east-1")


@jsii.implements(registry_ecs.IRepositoryCreds)
class TeamCreds:
    """Credentials implemented in Python: they grant the execution role
    themselves and render the ARN of their secret."""

    def __init__(self, secret: secretsmanager.ISecret) -> None:
        self._secret = secret
        self.bound_to = []

    @property
    def secret(self) -> secretsmanager.ISecret:
        return self._secret

    def bind(self, scope: Construct, container_definition: ecs.ContainerDefinition):
        self.bound_to.append(container_definition.container_name)
        container_definition.task_definition.obtain_execution_role().add_to_principal_policy(iam.PolicyStatement(
            actions=["secretsmanager:GetSecretValue"],
            resources=[self._secret.secret_arn],
        ))
        # The struct that IRepositoryCreds.bind returns: the one line to change when it is renamed.
        return registry_ecs.RepositoryCredsConfig(credentials_parameter=self._secret.secret_arn)


def test_a_python_credentials_class_is_bound_and_rendered():
    stack = cdk.Stack(cdk.App(), "Stack", env=ENV)
    creds = TeamCreds(secretsmanager.Secret.from_secret_complete_arn(stack, "Secret", SECRET_ARN))
    task_definition = ecs.FargateTaskDefinition(stack, "TaskDef")
    task_definition.add_container("app", image=ContainerImage.from_internet("ghcr.io/acme/api:1.4", credentials=creds))

    template = assertions.Template.from_stack(stack)

    assert creds.bound_to == ["app"]
    template.has_resource_properties("AWS::ECS::TaskDefinition", {
        "ContainerDefinitions": [assertions.Match.object_like({
            "Image": "ghcr.io/acme/api:1.4",
            "RepositoryCredentials": {"CredentialsParameter": SECRET_ARN},
        })],
    })
    template.has_resource_properties("AWS::IAM::Policy", {
        "PolicyDocument": {"Statement": [{"Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Resource": SECRET_ARN}]},
        "Roles": [{"Ref": assertions.Match.string_like_regexp("TaskDefExecutionRole")}],
    })


def test_a_batch_job_definition_built_from_python_renders_the_credentials_and_grants_its_execution_role():
    stack = cdk.Stack(cdk.App(), "Stack", env=ENV)
    secret = secretsmanager.Secret.from_secret_complete_arn(stack, "Secret", SECRET_ARN)
    container = batch.EcsFargateContainerDefinition(stack, "Container",
        image=ContainerImage.from_internet("acme/report:2.1", credentials=RepositoryCreds.from_secret(secret)),
        cpu=1,
        memory=cdk.Size.gibibytes(2),
    )
    batch.EcsJobDefinition(stack, "Job", container=container)

    template = assertions.Template.from_stack(stack)

    template.has_resource_properties("AWS::Batch::JobDefinition", {
        "ContainerProperties": assertions.Match.object_like({
            "Image": "acme/report:2.1",
            "RepositoryCredentials": {"CredentialsParameter": SECRET_ARN},
        }),
    })
    role_id = stack.get_logical_id(container.execution_role.node.default_child)
    template.has_resource_properties("AWS::IAM::Policy", {
        "PolicyDocument": {"Statement": assertions.Match.array_with([
            {"Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Resource": SECRET_ARN},
        ])},
        "Roles": [{"Ref": role_id}],
    })


def error_of(build) -> str:
    """The text of the exception that building the stack raises in Python:
    its message, the last line of the traceback a user reads (the JavaScript
    stack trace is only in the chained exception)."""
    app = cdk.App()
    stack = cdk.Stack(app, "Stack", env=ENV)
    with pytest.raises(RuntimeError) as raised:
        build(stack)  # the image is bound, and checked, when it is added
        app.synth()
    return str(raised.value)


def test_a_bad_image_name_names_the_value_the_error_and_the_construct_path():
    def build(stack):
        ecs.FargateTaskDefinition(stack, "TaskDef").add_container("app", image=ContainerImage.from_internet("UserX/Test:1.0"))

    text = error_of(build)

    assert "UserX/Test:1.0" in text
    assert "InvalidImageName" in text
    assert "Stack/TaskDef/app" in text


def test_a_secret_name_that_ecs_refuses_names_the_value_the_error_and_the_construct_path():
    def build(stack):
        secret = secretsmanager.Secret.from_secret_name_v2(stack, "Secret", "registry/docker.hub")
        ecs.FargateTaskDefinition(stack, "TaskDef").add_container("app",
            image=ContainerImage.from_internet("userx/test:1.0", credentials=RepositoryCreds.from_secret(secret)))

    text = error_of(build)

    assert "registry/docker.hub" in text
    assert "RegistrySecretNameNotAccepted" in text
    assert "Stack/TaskDef/app" in text
