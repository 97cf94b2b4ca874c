export function TaskView(_props: { name: string; tab: 'run' | 'verify' }) {
  return null;
}
