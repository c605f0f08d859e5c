export * as aws_ecs from './aws-ecs';
