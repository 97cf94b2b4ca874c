import { api } from '../api.js';

export type TaskCommand = 'resume' | 'pause' | 'stop';

/**
 * Sends a command; says why when the engine took it but had nothing to do (the task ended on
 * its own in between, or another process runs it).
 */
export async function sendCommand(command: TaskCommand, name: string): Promise<string | null> {
  if (command === 'resume') {
    const { started } = await api().invoke('task:resume', name);
    return started ? null : `${name} did not start: it is already running.`;
  }
  const { stopping } = await api().invoke(command === 'pause' ? 'task:pause' : 'task:stop', name);
  return stopping
    ? null
    : `${name} is not running in this app, so there was nothing to ${command}.`;
}
