import type { TestProject } from 'vitest/node';
import { type LocalService, startDynamoDbLocal, startMoto } from '../local/services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
    secretsManagerEndpoint: string;
  }
}

/** One DynamoDB Local and one moto for the whole run, on free loopback ports; suites isolate by name. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services: LocalService[] = await Promise.all([startDynamoDbLocal(), startMoto()]);
  const [dynamodb, moto] = services;
  if (!dynamodb || !moto) throw new Error('local services did not start');
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('secretsManagerEndpoint', moto.endpoint);
  return async () => {
    await Promise.all(services.map((service) => service.stop()));
  };
}
