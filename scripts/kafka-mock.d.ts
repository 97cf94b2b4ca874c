export interface KafkaMock {
  /** `host:port` of each broker. */
  bootstrap: string[];
  /**
   * Changes the cluster: `errors API CODE COUNT` (the next COUNT requests of that API key fail
   * with CODE), `leader TOPIC PARTITION ID`, `down ID`, `up ID`. Resolves once applied.
   */
  command(text: string): Promise<void>;
  stop(): Promise<void>;
}

export function startKafkaMock(opts?: { brokers?: number }): Promise<KafkaMock>;
