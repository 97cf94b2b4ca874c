import type { Flavor, Version } from '../../shared/catalog.js';

export interface FlavorReading {
  flavor: Flavor;
  version: Version;
  obVersion: Version | null;
}

function parseVersion(text: string): Version | null {
  const m = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

/**
 * Tells MySQL, MariaDB and OceanBase (MySQL mode) apart from VERSION() and @@version_comment.
 * OceanBase 4.x reports `5.7.25-OceanBase-v4.1.0.0` or `5.7.25-OceanBase_CE-v4.2.1.0`; 3.x CE
 * reports `3.1.5-OceanBase CE` (shared/OCEANBASE.md, "Detecting OceanBase").
 */
export function detectFlavor(versionString: string, versionComment: string): FlavorReading {
  const version = parseVersion(versionString) ?? { major: 0, minor: 0, patch: 0 };
  const ob = /OceanBase/i.test(versionString) || /OceanBase/i.test(versionComment);
  if (ob) {
    const tagged = /OceanBase(?:_CE)?[-_ ]v?(\d+\.\d+(?:\.\d+)?)/i.exec(versionString);
    const obVersion = tagged?.[1] ? parseVersion(tagged[1]) : version.major < 5 ? version : null;
    const fromComment = /OceanBase[^\d]*(\d+\.\d+\.\d+)/i.exec(versionComment);
    return {
      flavor: 'oceanbase',
      version: version.major < 5 ? { major: 5, minor: 7, patch: 25 } : version,
      obVersion: obVersion ?? (fromComment?.[1] ? parseVersion(fromComment[1]) : null),
    };
  }
  if (/mariadb/i.test(versionString) || /mariadb/i.test(versionComment)) {
    return { flavor: 'mariadb', version, obVersion: null };
  }
  return { flavor: 'mysql', version, obVersion: null };
}

export function versionAtLeast(v: Version, major: number, minor = 0, patch = 0): boolean {
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

export function describeServer(r: FlavorReading): string {
  switch (r.flavor) {
    case 'oceanbase':
      return `OceanBase ${r.obVersion ? formatVersion(r.obVersion) : '(version unknown)'} (MySQL mode)`;
    case 'mariadb':
      return `MariaDB ${formatVersion(r.version)}`;
    case 'mysql':
      return `MySQL ${formatVersion(r.version)}`;
  }
}
