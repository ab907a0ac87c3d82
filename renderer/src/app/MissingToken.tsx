export function MissingToken() {
  return (
    <main className="missing-token">
      <h1>Watchfloor</h1>
      <div className="banner banner-warning" role="alert">
        <p className="banner-title">This page has no access token.</p>
        <p>
          Open the URL printed by <code>npm run serve</code> in the terminal where the core runs. It looks like{' '}
          <code>http://127.0.0.1:PORT/#token=…</code> and carries the token for this run of the core.
        </p>
      </div>
    </main>
  );
}
