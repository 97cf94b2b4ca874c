/**
 * Charsets and collations per OceanBase release (MySQL mode).
 * Sources: OCEANBASE.md "charsets" and "collations" rows (oceanbase-doc V3.1.5 to V4.3.3);
 * the gbk/utf16/gb18030 collation names from Alibaba Cloud's OceanBase tenant docs
 * (help.aliyun.com, "MySQL 模式的租户支持如下字符集").
 */
import type { ServerInfo } from '../../../shared/catalog.js';
import { isCommunityEdition, obAtLeast } from './Target.js';

interface Release {
  since: [number, number, number];
  charsets: string[];
  collations: string[];
}

const RELEASES: Release[] = [
  {
    since: [0, 0, 0],
    charsets: ['utf8mb4', 'binary'],
    collations: ['utf8mb4_general_ci', 'utf8mb4_bin', 'binary'],
  },
  {
    since: [4, 0, 0],
    charsets: ['gbk', 'utf16', 'gb18030'],
    collations: [
      'gbk_chinese_ci',
      'gbk_bin',
      'utf16_general_ci',
      'utf16_bin',
      'gb18030_chinese_ci',
      'gb18030_bin',
    ],
  },
  { since: [4, 1, 0], charsets: ['latin1'], collations: ['latin1_swedish_ci', 'latin1_bin'] },
];

const DEFAULT_COLLATION: Record<string, string> = {
  utf8mb4: 'utf8mb4_general_ci',
  binary: 'binary',
  gbk: 'gbk_chinese_ci',
  utf16: 'utf16_general_ci',
  gb18030: 'gb18030_chinese_ci',
  latin1: 'latin1_swedish_ci',
};

function released(target: ServerInfo): Release[] {
  return RELEASES.filter((r) => obAtLeast(target, ...r.since));
}

export function supportsCharset(target: ServerInfo, charset: string): boolean {
  const name = charset.toLowerCase();
  return released(target).some((r) => r.charsets.includes(name));
}

/** utf8mb4_unicode_ci: 4.1 (Enterprise Edition), 4.2.2 (Community Edition). */
export function supportsUnicodeCi(target: ServerInfo): boolean {
  return isCommunityEdition(target) ? obAtLeast(target, 4, 2, 2) : obAtLeast(target, 4, 1);
}

export function supportsCollation(target: ServerInfo, collation: string): boolean {
  const name = collation.toLowerCase();
  if (name === 'utf8mb4_unicode_ci') return supportsUnicodeCi(target);
  return released(target).some((r) => r.collations.includes(name));
}

/**
 * The closest collation the target has for `charset`: case- or accent-sensitive ones (`_bin`,
 * `_cs`) become `<charset>_bin`; the rest the charset's Unicode (UCA) collation where the target has
 * one, else its default.
 */
export function closestCollation(target: ServerInfo, charset: string, collation: string): string {
  const cs = charset.toLowerCase();
  if (cs === 'binary') return 'binary';
  if (/_(bin|cs)$/i.test(collation)) return `${cs}_bin`;
  if (cs === 'utf8mb4' && supportsUnicodeCi(target)) return 'utf8mb4_unicode_ci';
  return DEFAULT_COLLATION[cs] ?? `${cs}_general_ci`;
}
