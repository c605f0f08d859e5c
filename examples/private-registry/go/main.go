// The example app of ../bin/app.ts and ../lib/private-registry-stack.ts, in Go:
// the same constructs with the same ids, so that it synthesizes the same
// template, which it prints.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsbatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecr"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsecspatterns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-ecs-private-registry/cdk-ecs-private-registry-go/cdkecsprivateregistry/privateregistryecr"
	"github.com/cdk-ecs-private-registry/cdk-ecs-private-registry-go/cdkecsprivateregistry/privateregistryecs"
)

type PrivateRegistryStackProps struct {
	awscdk.StackProps
	// The private image to run.
	ImageName string
	// The complete ARN of the secret holding {"username": ..., "password": ...}.
	CredentialsSecretArn string
}

func NewPrivateRegistryStack(scope constructs.Construct, id string, props *PrivateRegistryStackProps) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, &props.StackProps)

	// 1. Credentials by complete ARN, on a task definition of its own.
	credentials := awssecretsmanager.Secret_FromSecretCompleteArn(stack, jsii.String("RegistryCredentials"), jsii.String(props.CredentialsSecretArn))
	taskDefinition := awsecs.NewFargateTaskDefinition(stack, jsii.String("TaskDef"), &awsecs.FargateTaskDefinitionProps{
		Cpu:            jsii.Number(256),
		MemoryLimitMiB: jsii.Number(512),
	})
	logGroup := awslogs.NewLogGroup(stack, jsii.String("Logs"), &awslogs.LogGroupProps{Retention: awslogs.RetentionDays_ONE_WEEK})

	taskDefinition.AddContainer(jsii.String("app"), &awsecs.ContainerDefinitionOptions{
		Image:        privateregistryecs.ContainerImage_FromInternet(jsii.String(props.ImageName), withCredentials(credentials)),
		Logging:      awsLogs("app", logGroup),
		PortMappings: &[]*awsecs.PortMapping{{ContainerPort: jsii.Number(8080)}},
	})

	// 2. The pull through cache of Quay.
	quay := privateregistryecr.NewPullThroughCacheRule(stack, jsii.String("QuayCache"), &privateregistryecr.PullThroughCacheRuleProps{
		UpstreamRegistry: privateregistryecr.UpstreamRegistry_QUAY(),
	})
	quay.AddRepositoryCreationTemplate(jsii.String("CachedRepositories"), &privateregistryecr.RepositoryCreationTemplateOptions{
		Description: jsii.String("Repositories of the quay.io cache"),
		LifecycleRules: &[]*awsecr.LifecycleRule{
			{Description: jsii.String("untagged images after a week"), TagStatus: awsecr.TagStatus_UNTAGGED, MaxImageAge: awscdk.Duration_Days(jsii.Number(7))},
			{Description: jsii.String("at most 20 images"), MaxImageCount: jsii.Number(20)},
		},
	})
	taskDefinition.AddContainer(jsii.String("worker"), &awsecs.ContainerDefinitionOptions{
		Image:     privateregistryecs.ContainerImage_FromInternet(jsii.String("quay.io/acme/worker:3.2"), &privateregistryecs.WebHostedImageProps{PullThroughCache: quay}),
		Essential: jsii.Bool(false),
		Logging:   awsLogs("worker", logGroup),
	})

	// 3. Credentials by name, in an ecs-patterns service.
	region := *stack.Region()
	vpc := awsec2.NewVpc(stack, jsii.String("Vpc"), &awsec2.VpcProps{
		AvailabilityZones: jsii.Strings(region+"a", region+"b"),
		NatGateways:       jsii.Number(1),
		FlowLogs: &map[string]*awsec2.FlowLogOptions{
			"all": {TrafficType: awsec2.FlowLogTrafficType_REJECT},
		},
	})
	cluster := awsecs.NewCluster(stack, jsii.String("Cluster"), &awsecs.ClusterProps{Vpc: vpc, ContainerInsightsV2: awsecs.ContainerInsights_ENABLED})
	byName := awssecretsmanager.Secret_FromSecretNameV2(stack, jsii.String("WebCredentials"), jsii.String("registry-ghcr"))
	awsecspatterns.NewApplicationLoadBalancedFargateService(stack, jsii.String("Web"), &awsecspatterns.ApplicationLoadBalancedFargateServiceProps{
		Cluster:            cluster,
		PublicLoadBalancer: jsii.Bool(false),
		OpenListener:       jsii.Bool(false),
		TaskImageOptions: &awsecspatterns.ApplicationLoadBalancedTaskImageOptions{
			Image:         privateregistryecs.ContainerImage_FromInternet(jsii.String("ghcr.io/acme/web:1.4"), withCredentials(byName)),
			ContainerPort: jsii.Number(8080),
			LogDriver:     awsLogs("web", logGroup),
		},
	})

	// 4. Credentials of another account, with their KMS key, on an AWS Batch job definition.
	shared := awssecretsmanager.Secret_FromSecretAttributes(stack, jsii.String("SharedCredentials"), &awssecretsmanager.SecretAttributes{
		SecretCompleteArn: jsii.String("arn:aws:secretsmanager:us-east-1:222222222222:secret:registry-AbCdEf"),
		EncryptionKey:     awskms.Key_FromKeyArn(stack, jsii.String("SharedKey"), jsii.String("arn:aws:kms:us-east-1:222222222222:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")),
	})
	awsbatch.NewEcsJobDefinition(stack, jsii.String("NightlyReport"), &awsbatch.EcsJobDefinitionProps{
		Container: awsbatch.NewEcsFargateContainerDefinition(stack, jsii.String("ReportContainer"), &awsbatch.EcsFargateContainerDefinitionProps{
			Image:  privateregistryecs.ContainerImage_FromInternet(jsii.String("acme/report:2.1"), withCredentials(shared)),
			Cpu:    jsii.Number(1),
			Memory: awscdk.Size_Gibibytes(jsii.Number(2)),
		}),
	})

	return stack
}

func withCredentials(secret awssecretsmanager.ISecret) *privateregistryecs.WebHostedImageProps {
	return &privateregistryecs.WebHostedImageProps{Credentials: privateregistryecs.RepositoryCreds_FromSecret(secret)}
}

func awsLogs(streamPrefix string, logGroup awslogs.ILogGroup) awsecs.LogDriver {
	return awsecs.LogDrivers_AwsLogs(&awsecs.AwsLogDriverProps{StreamPrefix: jsii.String(streamPrefix), LogGroup: logGroup})
}

// setting is the context value, else the environment variable, else the fallback.
func setting(app awscdk.App, context string, variable string, fallback string) string {
	if value, ok := app.Node().TryGetContext(jsii.String(context)).(string); ok && value != "" {
		return value
	}
	if value := os.Getenv(variable); value != "" {
		return value
	}
	return fallback
}

func main() {
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stack := NewPrivateRegistryStack(app, "PrivateRegistryExample", &PrivateRegistryStackProps{
		StackProps: awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
		},
		ImageName: setting(app, "imageName", "IMAGE_NAME", "userx/test:1.0"),
		CredentialsSecretArn: setting(app, "credentialsSecretArn", "CREDENTIALS_SECRET_ARN",
			"arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf"),
	})

	template := app.Synth(nil).GetStackArtifact(stack.ArtifactId()).Template()
	out, err := json.MarshalIndent(template, "", "  ")
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
}
