/** A place in a binlog: the file and the byte offset in it. */
export interface BinlogCoordinates {
  file: string;
  pos: number;
}

/** Binlog files are numbered by their extension (binlog.000012); the number orders them. */
function fileNumber(file: string): number {
  const m = /(\d+)$/.exec(file);
  return m ? Number(m[1]) : -1;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function compareBinlog(a: BinlogCoordinates, b: BinlogCoordinates): number {
  const fa = fileNumber(a.file);
  const fb = fileNumber(b.file);
  if (fa !== fb) return fa - fb;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.pos - b.pos;
}
