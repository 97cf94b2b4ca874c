// Everything a benchmark starts (servers, temporary directories) registers how to undo it here,
// so that a normal end, an error and Ctrl-C all leave the machine as it was.

const undo = [];
let stopping = false;

/** Whether Ctrl-C (or a kill) asked the benchmark to stop: what fails from then on is expected. */
export function stopRequested() {
  return stopping;
}

/** Marks the benchmark as stopping: it starts nothing new, and reports no failure it causes. */
export function requestStop() {
  stopping = true;
}

/** Registers `fn` to run at clean-up, after everything registered later (last in, first out). */
export function onCleanup(fn) {
  undo.push(fn);
}

let draining;

/**
 * Runs every registered clean-up once; a failing one is reported and does not stop the rest.
 * Ctrl-C and the normal end may both ask at once: they share one pass, and both wait for it.
 */
export function cleanUp() {
  draining ??= drain().finally(() => (draining = undefined));
  return draining;
}

async function drain() {
  while (undo.length > 0) {
    const fn = undo.pop();
    try {
      await fn();
    } catch (e) {
      console.error(`clean-up: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
