/**
 * Step 7 of `plan()`: the upstream form of the AWS Batch support. aws-batch's ECS
 * container definition binds the image (which grants the execution role what
 * the pull needs) but renders only `image: this.imageConfig.imageName`, so a
 * job definition drops the credentials the image returned (aws/aws-cdk#37003).
 * Upstream, the fix is one property next to `image` in
 * `_renderContainerDefinition()`: `repositoryCredentials`, which CloudFormation's
 * `AWS::Batch::JobDefinition` `ContainerProperties.RepositoryCredentials` takes.
 */
import * as ts from 'typescript';
import { BATCH } from './config';
import type { Findings } from './refusal';
import { parse } from './ts-util';

/** The object literal that `_renderContainerDefinition()` of the base container class returns. */
function renderedObject(sf: ts.SourceFile): ts.ObjectLiteralExpression[] {
  const found: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isMethodDeclaration(node) && node.name.getText() === BATCH.method && node.body) {
      for (const statement of node.body.statements) {
        if (ts.isReturnStatement(statement) && statement.expression && ts.isObjectLiteralExpression(statement.expression)) {
          const image = statement.expression.properties.find(p => ts.isPropertyAssignment(p) && p.name.getText() === BATCH.imageProperty);
          if (image && ts.isPropertyAssignment(image) && image.initializer.getText() === BATCH.imageValue) found.push(statement.expression);
        }
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** aws-batch's container definition with `repositoryCredentials` rendered; undefined (with a problem) when its shape is not the expected one. */
export function patchBatch(findings: Findings, text: string | undefined): string | undefined {
  if (text === undefined) {
    findings.problem(`${BATCH.file} does not exist in the checkout: the AWS Batch container definitions cannot be taught to render repository credentials.`);
    return undefined;
  }
  const sf = parse(BATCH.file, text);
  const objects = renderedObject(sf);
  if (objects.length !== 1) {
    findings.problem(`${BATCH.file} in the checkout does not have the expected shape: `
      + `${objects.length === 0 ? 'no' : 'more than one'} method ${BATCH.method}() returns an object with \`${BATCH.imageProperty}: ${BATCH.imageValue}\`, `
      + `next to which \`${BATCH.property}: ${BATCH.value}\` would go. Add it by hand.`);
    return undefined;
  }
  const object = objects[0];
  const existing = object.properties.find(p => p.name?.getText() === BATCH.property);
  if (existing) {
    if (ts.isPropertyAssignment(existing) && normalizeSpace(existing.initializer.getText()) === normalizeSpace(BATCH.value)) return text;
    findings.problem(`${BATCH.file} in the checkout already renders '${BATCH.property}' as '${existing.getText()}': reconcile by hand.`);
    return undefined;
  }
  const image = object.properties.find(p => p.name?.getText() === BATCH.imageProperty)!;
  const line = sf.getLineAndCharacterOfPosition(image.getStart()).line;
  const indent = /^[ \t]*/.exec(text.slice(sf.getPositionOfLineAndCharacter(line, 0)))![0];
  const comma = text.slice(image.end).match(/^\s*,/);
  const at = image.end + (comma ? comma[0].length : 0);
  const value = BATCH.value.split('\n').join(`\n${indent}`);
  return `${text.slice(0, at)}${comma ? '' : ','}\n${indent}${BATCH.property}: ${value},${text.slice(at)}`;
}

function normalizeSpace(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}
