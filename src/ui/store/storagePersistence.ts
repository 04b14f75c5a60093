// Asks the browser, once per page, to keep this site's storage (the nodes' IndexedDB databases)
// under storage pressure instead of evicting it: navigator.storage.persist(). The answer is
// kept here so the settings panel can say it honestly.
import { create } from 'zustand';

/** 'granted' / 'refused' as the browser answered; 'unavailable' where the API is missing or failed. */
export type PersistenceAnswer = 'asking' | 'granted' | 'refused' | 'unavailable';

export const usePersistence = create<{ answer: PersistenceAnswer }>(() => ({ answer: 'asking' }));

export async function requestPersistentStorage(): Promise<void> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (storage === undefined || typeof storage.persist !== 'function') {
    usePersistence.setState({ answer: 'unavailable' });
    return;
  }
  try {
    usePersistence.setState({ answer: (await storage.persist()) ? 'granted' : 'refused' });
  } catch {
    usePersistence.setState({ answer: 'unavailable' });
  }
}
