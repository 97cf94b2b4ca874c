import type { TestProject } from 'vitest/node';
import { startKafkaMock } from '../../scripts/kafka-mock.js';
import { startMariaDb, type ThrowawayServer } from '../../scripts/mariadb-server.js';

export interface ServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    servers: {
      source: ServerAddress;
      target: ServerAddress;
      noBinlog: ServerAddress;
      obStandIn: ServerAddress;
    };
    /** The Kafka test broker's bootstrap addresses (librdkafka's mock cluster). */
    kafka: { brokers: string[] };
  }
}

const address = (s: ThrowawayServer): ServerAddress => ({
  host: s.host,
  port: s.port,
  user: s.user,
  password: s.password,
});

/**
 * Starts the suite's throwaway servers once: a source and a target with the binlog on, a server
 * with the binlog off, the OceanBase stand-in (a MariaDB reporting an OceanBase version,
 * shared/OCEANBASE.md "A stand-in for tests"), and a three-broker Kafka cluster. Each test file
 * works in databases and topics of its own.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await Promise.all([
    startMariaDb({ name: 'source', serverId: 101 }),
    startMariaDb({ name: 'target', serverId: 102 }),
    startMariaDb({ name: 'nobinlog', serverId: 103, binlog: false }),
    startMariaDb({
      name: 'obstandin',
      serverId: 104,
      extraArgs: ['--version=5.7.25-OceanBase-v4.2.1.0', '--lower-case-table-names=1'],
    }),
  ]);
  const kafka = await startKafkaMock({ brokers: 3 });
  const [source, target, noBinlog, obStandIn] = servers;
  if (!source || !target || !noBinlog || !obStandIn) throw new Error('servers did not start');
  project.provide('servers', {
    source: address(source),
    target: address(target),
    noBinlog: address(noBinlog),
    obStandIn: address(obStandIn),
  });
  project.provide('kafka', { brokers: kafka.bootstrap });
  return async () => {
    await Promise.all([...servers.map((s) => s.stop()), kafka.stop()]);
  };
}
