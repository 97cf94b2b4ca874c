import type { KafkaTargetSpec, KafkaTaskSpec } from '../../../shared/task.js';
import { CutoverError } from '../../errors.js';
import type { KafkaConnectOptions } from './KafkaSink.js';

function saslPassword(target: KafkaTargetSpec): string {
  const sasl = target.sasl;
  if (!sasl) return '';
  if (sasl.password !== undefined) return sasl.password;
  const env = sasl.passwordEnv;
  const value = env ? process.env[env] : undefined;
  if (value === undefined) {
    throw new CutoverError(
      'PASSWORD_ENV_MISSING',
      `The Kafka SASL password is to come from the environment variable ${env ?? '(none given)'}, which is not set.`,
      `Set ${env ?? 'target.sasl.passwordEnv'} in the environment that runs Cutover, or give target.sasl.password.`,
    );
  }
  return value;
}

/** How a Kafka task reaches its brokers, the SASL password resolved. */
export function kafkaConnectOptions(spec: KafkaTaskSpec): KafkaConnectOptions {
  return kafkaTargetConnectOptions(spec.target, `cutover-${spec.name}`);
}

/** How to reach a Kafka target's brokers, outside a task (the wizard's broker test). */
export function kafkaTargetConnectOptions(
  t: KafkaTargetSpec,
  clientId: string,
): KafkaConnectOptions {
  return {
    brokers: t.brokers,
    clientId,
    ...(t.sasl
      ? {
          sasl: {
            mechanism: t.sasl.mechanism,
            username: t.sasl.username,
            password: saslPassword(t),
          },
        }
      : {}),
    ...(t.tls ? { tls: t.tls } : {}),
    ...(t.connectTimeoutMs ? { connectTimeoutMs: t.connectTimeoutMs } : {}),
  };
}
