import type { ServerInfo, Version } from '../../shared/catalog.js';

const FLAVOR_NAMES: Record<ServerInfo['flavor'], string> = {
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  oceanbase: 'OceanBase',
};

const versionText = (v: Version): string => `${v.major}.${v.minor}.${v.patch}`;

/**
 * What a connection test found, e.g. "MariaDB 10.11.19" or "OceanBase 4.2.1 (MySQL 5.7.25)":
 * OceanBase's own version is the one its release notes and limits go by.
 */
export function serverLabel(server: ServerInfo): string {
  const name = FLAVOR_NAMES[server.flavor];
  if (server.flavor === 'oceanbase' && server.obVersion) {
    return `${name} ${versionText(server.obVersion)} (MySQL ${versionText(server.version)})`;
  }
  const { major, minor, patch } = server.version;
  if (major === 0 && minor === 0 && patch === 0) return `${name} ${server.versionString}`;
  return `${name} ${versionText(server.version)}`;
}
