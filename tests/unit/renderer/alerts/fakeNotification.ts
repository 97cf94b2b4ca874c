import { vi } from 'vitest';

/** The Web Notification API as a test controls it: what was shown, and the person's answer. */
export class FakeNotification {
  static permission: NotificationPermission = 'granted';
  /** What the person answers when asked. */
  static answer: NotificationPermission = 'granted';
  static shown: FakeNotification[] = [];
  static requestPermission = vi.fn(async (): Promise<NotificationPermission> => {
    FakeNotification.permission = FakeNotification.answer;
    return FakeNotification.permission;
  });

  onclick: (() => void) | null = null;
  closed = false;

  constructor(
    readonly title: string,
    readonly options: NotificationOptions = {},
  ) {
    FakeNotification.shown.push(this);
  }

  close(): void {
    this.closed = true;
  }

  static reset(permission: NotificationPermission): void {
    FakeNotification.permission = permission;
    FakeNotification.answer = 'granted';
    FakeNotification.shown = [];
    FakeNotification.requestPermission.mockClear();
  }
}

/** Installs the fake as `Notification`; call before the modules that read it are imported. */
export function installFakeNotification(): void {
  vi.stubGlobal('Notification', FakeNotification);
}
