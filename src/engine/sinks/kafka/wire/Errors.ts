/** Kafka's error codes that Cutover names, and whether trying again can succeed. */
const CODES: Record<number, { type: string; retriable: boolean }> = {
  2: { type: 'CORRUPT_MESSAGE', retriable: false },
  3: { type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true },
  5: { type: 'LEADER_NOT_AVAILABLE', retriable: true },
  6: { type: 'NOT_LEADER_OR_FOLLOWER', retriable: true },
  7: { type: 'REQUEST_TIMED_OUT', retriable: true },
  8: { type: 'BROKER_NOT_AVAILABLE', retriable: true },
  10: { type: 'MESSAGE_TOO_LARGE', retriable: false },
  13: { type: 'NETWORK_EXCEPTION', retriable: true },
  17: { type: 'INVALID_TOPIC_EXCEPTION', retriable: false },
  18: { type: 'RECORD_LIST_TOO_LARGE', retriable: false },
  19: { type: 'NOT_ENOUGH_REPLICAS', retriable: true },
  20: { type: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND', retriable: true },
  29: { type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false },
  31: { type: 'CLUSTER_AUTHORIZATION_FAILED', retriable: false },
  33: { type: 'UNSUPPORTED_SASL_MECHANISM', retriable: false },
  34: { type: 'ILLEGAL_SASL_STATE', retriable: false },
  35: { type: 'UNSUPPORTED_VERSION', retriable: false },
  56: { type: 'KAFKA_STORAGE_ERROR', retriable: true },
  58: { type: 'SASL_AUTHENTICATION_FAILED', retriable: false },
  74: { type: 'FENCED_LEADER_EPOCH', retriable: true },
  75: { type: 'UNKNOWN_LEADER_EPOCH', retriable: true },
  87: { type: 'INVALID_RECORD', retriable: false },
};

/** An error a broker answered with, or the connection to it failing. */
export class KafkaProtocolError extends Error {
  constructor(
    message: string,
    /** Kafka's name for it (MESSAGE_TOO_LARGE, …), or CONNECTION for the network. */
    readonly type: string,
    readonly retriable: boolean,
    readonly code: number | null = null,
  ) {
    super(message);
    this.name = 'KafkaProtocolError';
  }
}

export function brokerError(
  code: number,
  where: string,
  detail?: string | null,
): KafkaProtocolError {
  const known = CODES[code];
  const type = known?.type ?? `ERROR_${code}`;
  return new KafkaProtocolError(
    `${where}: ${type} (Kafka error code ${code})${detail ? `: ${detail}` : ''}`,
    type,
    known?.retriable ?? false,
    code,
  );
}

export function connectionError(message: string): KafkaProtocolError {
  return new KafkaProtocolError(message, 'CONNECTION', true);
}
