import type { DatabaseEndpointSpec } from '../../shared/task.js';
import { CutoverError } from '../errors.js';

/** The password of an endpoint: given inline, or read from the environment variable it names. */
export function resolvePassword(
  spec: Pick<DatabaseEndpointSpec, 'password' | 'passwordEnv'>,
  role: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (spec.passwordEnv !== undefined) {
    const value = env[spec.passwordEnv];
    if (value === undefined) {
      throw new CutoverError(
        'PASSWORD_ENV_MISSING',
        `${role}.passwordEnv names the environment variable ${spec.passwordEnv}, which is not set.`,
        `Set it before running, e.g. \`export ${spec.passwordEnv}='…'\`, or put the password in ${role}.password.`,
      );
    }
    return value;
  }
  return spec.password ?? '';
}
