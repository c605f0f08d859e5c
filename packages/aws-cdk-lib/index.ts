export * as aws_ecs from './aws-ecs';
export * as aws_ecr from './aws-ecr';
