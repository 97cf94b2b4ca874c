import { create } from 'zustand';

/** What the Web Notification API allows here; 'unsupported' where there is none. */
export type NotificationAccess = NotificationPermission | 'unsupported';

const ASKED_KEY = 'cutover.notificationsAsked';

function currentAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

interface NotificationAccessState {
  access: NotificationAccess;
  /** Asks the person (the browser's or Electron's prompt) when they have not answered yet. */
  request(): Promise<void>;
}

export const useNotificationAccess = create<NotificationAccessState>((set) => ({
  access: currentAccess(),
  async request() {
    if (currentAccess() === 'default') await Notification.requestPermission();
    set({ access: currentAccess() });
  },
}));

/**
 * Reverse tasks alert without the person turning anything on, so for them permission is asked
 * once on their behalf; after that only when they turn an alert on themselves.
 */
export function askOnce(): void {
  if (currentAccess() !== 'default' || localStorage.getItem(ASKED_KEY) !== null) return;
  localStorage.setItem(ASKED_KEY, 'yes');
  void useNotificationAccess.getState().request();
}

/**
 * Shows a desktop notification where allowed; clicking it brings the window forward and runs
 * `onClick`.
 */
export function notify(title: string, body: string, onClick: () => void): void {
  if (currentAccess() !== 'granted') return;
  const notification = new Notification(title, { body });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}
