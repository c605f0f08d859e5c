package com.example.privateregistry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** Synthesizes the example and prints its CloudFormation template, as bin/app.ts does. */
public final class PrivateRegistryApp {
    public static void main(final String[] args) throws Exception {
        App app = new App();
        PrivateRegistryStack stack = new PrivateRegistryStack(app, "PrivateRegistryExample",
            StackProps.builder().env(Environment.builder().account("111111111111").region("us-east-1").build()).build(),
            setting(app, "imageName", "IMAGE_NAME", "userx/test:1.0"),
            setting(app, "credentialsSecretArn", "CREDENTIALS_SECRET_ARN",
                "arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf"));

        Object template = app.synth().getStackArtifact(stack.getArtifactId()).getTemplate();
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(template));
    }

    private static String setting(final App app, final String context, final String variable, final String fallback) {
        return Optional.ofNullable((String) app.getNode().tryGetContext(context))
            .or(() -> Optional.ofNullable(System.getenv(variable)))
            .orElse(fallback);
    }

    private PrivateRegistryApp() {
    }
}
