/**
 * Browser mode's token, kept out of cookies and out of the address bar. `npm run web` prints a
 * URL with `?token=…`: the page takes it once, removes it from the address bar (so it is not
 * bookmarked, shared in a screenshot, or kept in history), and holds it in memory. A copy
 * stays in this tab's sessionStorage, which only this origin (host and port) can read and which
 * no request carries, so a reload of the tab still connects; closing the tab forgets it.
 */
const STORAGE_KEY = 'wharf.token';

export interface TokenPlace {
  location: Pick<Location, 'search' | 'pathname' | 'hash' | 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}

/** The token this page was opened with, or the one this tab already had; '' when none. */
export function takePageToken(place: TokenPlace): string {
  const params = new URLSearchParams(place.location.search);
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    params.delete('token');
    const query = params.toString();
    place.history.replaceState(place.history.state, '', `${place.location.pathname}${query ? `?${query}` : ''}${place.location.hash}`);
    try {
      place.storage?.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // storage refused (private mode, quota): the token lives in memory only
    }
    return fromUrl;
  }
  try {
    return place.storage?.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}
