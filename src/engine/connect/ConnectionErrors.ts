import { CutoverError } from '../errors.js';

interface DriverError {
  code?: string;
  errno?: number;
  sqlMessage?: string;
  message?: string;
}

function asDriverError(e: unknown): DriverError {
  return typeof e === 'object' && e !== null ? (e as DriverError) : { message: String(e) };
}

/**
 * Turns what mysql2 or the OS reports about a failed connection into one line naming the problem
 * and the fix. `where` names the endpoint, e.g. "source 10.0.0.5:3306".
 */
export function explainConnectError(e: unknown, where: string, user: string): CutoverError {
  const err = asDriverError(e);
  const text = err.sqlMessage ?? err.message ?? 'unknown error';
  switch (err.code) {
    case 'ECONNREFUSED':
      return new CutoverError(
        'CONNECT_REFUSED',
        `Cannot connect to the ${where}: the connection was refused.`,
        'Check the port, that the server is running and listening on that address (bind-address), and that no firewall blocks it.',
        { cause: e },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CutoverError(
        'CONNECT_HOST_NOT_FOUND',
        `Cannot connect to the ${where}: the host name does not resolve.`,
        'Check the host name for typos, or use the IP address.',
        { cause: e },
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new CutoverError(
        'CONNECT_TIMEOUT',
        `Cannot connect to the ${where}: no answer (${err.code}).`,
        'Check the host and port, the network route and firewalls between this machine and the server; raise connectTimeoutMs for slow links.',
        { cause: e },
      );
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR':
      return new CutoverError(
        'AUTH_FAILED',
        `The ${where} refused user '${user}': wrong user name or password (${text}).`,
        'Check user and password (or passwordEnv). For OceanBase use user@tenant on port 2881, or user@tenant#cluster through ODP on 2883; the account must be allowed to connect from this host.',
        { cause: e },
      );
    case 'ER_DBACCESS_DENIED_ERROR':
    case 'ER_BAD_DB_ERROR':
      return new CutoverError(
        'UNKNOWN_DATABASE',
        `The ${where} reports: ${text}.`,
        'Check the database name in the task file, or grant the user access to it.',
        { cause: e },
      );
    case 'HANDSHAKE_SSL_ERROR':
    case 'HANDSHAKE_NO_SSL_SUPPORT':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return new CutoverError(
        'TLS_FAILED',
        `TLS to the ${where} failed: ${text}.`,
        'Check tls.mode and tls.ca in the task file: use "required" to encrypt without verifying the certificate, or give the CA that signed the server certificate.',
        { cause: e },
      );
    default:
      return new CutoverError(
        'CONNECT_FAILED',
        `Cannot connect to the ${where}: ${text}${err.code ? ` (${err.code})` : ''}.`,
        'Check host, port, user and password, and that the server accepts connections from this machine.',
        { cause: e },
      );
  }
}

/** A failed statement on an open connection, with the SQL kept short enough to read. */
export function explainQueryError(e: unknown, where: string, sql: string): CutoverError {
  const err = asDriverError(e);
  const text = err.sqlMessage ?? err.message ?? 'unknown error';
  const shortSql = sql.length > 300 ? `${sql.slice(0, 300)}…` : sql;
  if (
    err.code === 'ER_TABLEACCESS_DENIED_ERROR' ||
    err.code === 'ER_SPECIFIC_ACCESS_DENIED_ERROR' ||
    err.code === 'ER_DBACCESS_DENIED_ERROR' ||
    err.code === 'ER_COLUMNACCESS_DENIED_ERROR'
  ) {
    return new CutoverError(
      'MISSING_PRIVILEGE',
      `The ${where} refused: ${text}`,
      'Grant the privilege named above to the migration user (run `cutover precheck` to list every missing privilege with the GRANT statement).',
      { cause: e },
    );
  }
  return new CutoverError(
    'QUERY_FAILED',
    `A statement failed on the ${where}: ${text}${err.code ? ` (${err.code})` : ''}. Statement: ${shortSql}`,
    'Check the message above; if it names an object or a setting, fix it on the server and resume the task.',
    { cause: e },
  );
}
