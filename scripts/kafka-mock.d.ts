export interface KafkaMock {
  /** `host:port` of each broker. */
  bootstrap: string[];
  stop(): Promise<void>;
}

export function startKafkaMock(opts?: { brokers?: number }): Promise<KafkaMock>;
