#!/usr/bin/env python3
"""Synthesizes the example and prints its CloudFormation template, as bin/app.ts does."""
import json
import os
import sys

import aws_cdk as cdk

from private_registry_stack import PrivateRegistryStack

app = cdk.App()
stack = PrivateRegistryStack(app, "PrivateRegistryExample",
    env=cdk.Environment(account="111111111111", region="us-east-1"),
    image_name=app.node.try_get_context("imageName") or os.environ.get("IMAGE_NAME") or "userx/test:1.0",
    credentials_secret_arn=app.node.try_get_context("credentialsSecretArn") or os.environ.get("CREDENTIALS_SECRET_ARN")
        or "arn:aws:secretsmanager:us-east-1:111111111111:secret:registry/dockerhub-AbCdEf",
)

assembly = app.synth()
sys.stdout.write(json.dumps(assembly.get_stack_artifact(stack.artifact_id).template, indent=2) + "\n")
