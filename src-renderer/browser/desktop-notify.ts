/**
 * A desktop notification through the browser Notification API (Electron's renderer has it too).
 * Kept behind this one function so a later notifications store can take over without touching
 * the views. Never throws: no permission, or no API, means no notification.
 */
export async function notifyDesktop(title: string, body: string): Promise<boolean> {
  try {
    if (typeof Notification === 'undefined') return false;
    let permission = Notification.permission;
    if (permission === 'default') permission = await Notification.requestPermission();
    if (permission !== 'granted') return false;
    new Notification(title, { body });
    return true;
  } catch {
    return false;
  }
}
