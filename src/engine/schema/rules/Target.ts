import type { ServerInfo, Version } from '../../../shared/catalog.js';

export function isOceanBase(target: ServerInfo): boolean {
  return target.flavor === 'oceanbase';
}

const UNKNOWN: Version = { major: 0, minor: 0, patch: 0 };

/**
 * OceanBase's own version. When detection could not read it, the rules assume the oldest release,
 * so that nothing the target may lack slips through unreported.
 */
function obVersion(target: ServerInfo): Version {
  return target.obVersion ?? UNKNOWN;
}

export function obAtLeast(target: ServerInfo, major: number, minor = 0, patch = 0): boolean {
  const v = obVersion(target);
  if (v.major !== major) return v.major > major;
  if (v.minor !== minor) return v.minor > minor;
  return v.patch >= patch;
}

/** An OceanBase target older than the given release. */
export function obBelow(major: number, minor = 0, patch = 0): (target: ServerInfo) => boolean {
  return (target) => isOceanBase(target) && !obAtLeast(target, major, minor, patch);
}

/** Community Edition reports `OceanBase_CE` (4.x) or `OceanBase CE` (3.x) in VERSION(). */
export function isCommunityEdition(target: ServerInfo): boolean {
  return /OceanBase[_ ]CE/i.test(`${target.versionString} ${target.versionComment}`);
}

export function formatObVersion(target: ServerInfo): string {
  if (target.obVersion === null) return '(version unknown)';
  const v = target.obVersion;
  return `${v.major}.${v.minor}.${v.patch}`;
}
