// React commits per second, counted in the page through the hook React calls for its devtools
// (a production build calls it too): a stand-in installed before the page loads counts each
// root commit. Both functions run in the page, so each is self-contained.

/** Installed as an init script: a devtools hook that only counts commits. */
export function countReactCommits(): void {
  const w = window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__?: unknown; __reactCommits: number };
  w.__reactCommits = 0;
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ ??= {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    onCommitFiberRoot: () => {
      w.__reactCommits++;
    },
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
    checkDCE: () => undefined,
    isDisabled: false,
  };
}

/** React commits counted so far in the page. */
export function reactCommits(): number {
  return (window as unknown as { __reactCommits?: number }).__reactCommits ?? NaN;
}
