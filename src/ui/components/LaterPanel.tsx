// A panel the page can do without for its first moments (the timeline, the inspector): it is
// loaded as a chunk of its own once the first paint is done and the browser is idle, so the
// ring and the client form, what a visitor needs to put and get, come first. Until then a panel
// of the same title and size says that it is loading.
import type { ComponentType, ReactNode } from 'react';
import { lazy, Suspense, useEffect, useState } from 'react';

/** At most this long after the first paint, even on a browser that is never idle. */
const idleTimeoutMs = 400;

/** A component from a module loaded on first use: `laterComponent(() => import('./X'), 'X')`. */
export function laterComponent<M, K extends keyof M>(load: () => Promise<M>, name: K): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

export function LaterPanel({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  const [due, setDue] = useState(false);
  useEffect(() => {
    const go = () => setDue(true);
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(go, { timeout: idleTimeoutMs });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(go, 0);
    return () => clearTimeout(id);
  }, []);
  const waiting = (
    <section className={`panel panel-loading ${className ?? ''}`} aria-busy="true" data-testid="panel-loading">
      <h2>{title}</h2>
      <p className="muted">Loading…</p>
    </section>
  );
  return due ? <Suspense fallback={waiting}>{children}</Suspense> : waiting;
}
