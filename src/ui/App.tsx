// The page shell. It computes nothing: views read the store and call commands.

/**
 * Top-level layout of the playground. For now it only introduces Ringlab; the element marked
 * `app-ready` exists once React has rendered, so end-to-end tests can wait for it.
 */
export function App() {
  return (
    <main className="app" data-testid="app-ready">
      <header className="app-header">
        <h1 className="app-title">Ringlab</h1>
        <p className="app-tagline">A Dynamo-style key-value store, running in your browser.</p>
      </header>
      <p className="app-note">
        The playground is being built: soon you will start a cluster here, put and get keys,
        kill nodes, cut links and watch every message cross the ring.
      </p>
    </main>
  );
}
