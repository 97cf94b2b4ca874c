import { TextDecoder } from 'node:util';
import { CutoverError } from '../../errors.js';

/**
 * MySQL charsets → the WHATWG encoding that decodes them. MySQL's latin1 is Windows-1252, and
 * ascii is a subset of it. Charsets missing here (utf32, swe7, …) are refused by name.
 */
const ENCODINGS: Record<string, string> = {
  utf8mb4: 'utf-8',
  utf8mb3: 'utf-8',
  utf8: 'utf-8',
  latin1: 'windows-1252',
  ascii: 'windows-1252',
  latin2: 'iso-8859-2',
  latin5: 'iso-8859-9',
  latin7: 'iso-8859-13',
  greek: 'iso-8859-7',
  hebrew: 'iso-8859-8',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp866: 'ibm866',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  gbk: 'gbk',
  gb2312: 'gbk',
  gb18030: 'gb18030',
  big5: 'big5',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  ujis: 'euc-jp',
  eucjpms: 'euc-jp',
  euckr: 'euc-kr',
  ucs2: 'utf-16be',
  utf16: 'utf-16be',
  utf16le: 'utf-16le',
};

const strict = new Map<string, TextDecoder>();
const lenient = new Map<string, TextDecoder>();

function decoder(cache: Map<string, TextDecoder>, encoding: string, fatal: boolean): TextDecoder {
  let d = cache.get(encoding);
  if (!d) {
    d = new TextDecoder(encoding, { fatal, ignoreBOM: true });
    cache.set(encoding, d);
  }
  return d;
}

/** Whether text in this charset can be decoded for a JSON message. */
export function decodableCharset(charset: string): boolean {
  return ENCODINGS[charset.toLowerCase()] !== undefined;
}

/**
 * The column's bytes as text. Bytes that are not valid in the charset (a latin1 column holding
 * UTF-8, a truncated sequence) cannot be text in JSON: they are replaced by U+FFFD and
 * `onInvalid` is told, so the stream says which column lost what.
 */
export function decodeText(bytes: Buffer, charset: string, onInvalid: () => void): string {
  const encoding = ENCODINGS[charset.toLowerCase()];
  if (!encoding) {
    throw new CutoverError(
      'USAGE',
      `Text in the ${charset} charset cannot be decoded for a Kafka message.`,
      'Leave the column out of the task ("columns"), or convert it to utf8mb4 on the source.',
    );
  }
  try {
    return decoder(strict, encoding, true).decode(bytes);
  } catch {
    onInvalid();
    return decoder(lenient, encoding, false).decode(bytes);
  }
}
