export declare const MARIADBD: string;

export interface ServerOptions {
  name?: string;
  serverId: number;
  binlog?: boolean;
  extraArgs?: string[];
  dir?: string;
  port?: number;
  detached?: boolean;
}

export interface ThrowawayServer {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
  dir: string;
  stop(): Promise<void>;
}

export declare function startMariaDb(opts: ServerOptions): Promise<ThrowawayServer>;
