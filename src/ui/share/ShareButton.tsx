// "Share": makes a URL holding the scenario so far and the timeline position, shows it as text
// to copy, and copies it when the browser allows.
import { share, useShare } from './shareStore';

export function ShareButton() {
  const link = useShare((s) => s.link);
  const onShare = async () => {
    const url = await share();
    // Copying is a convenience: without permission the URL is still shown to copy by hand.
    if (url !== null) void navigator.clipboard.writeText(url).catch(() => undefined);
  };
  return (
    <span className="share">
      <button type="button" data-testid="share" aria-keyshortcuts="S" onClick={() => void onShare()}>
        Share
      </button>
      {link === null ? null : 'url' in link ? (
        <>
          <input className="share-url" data-testid="share-url" readOnly value={link.url} aria-label="share URL" onFocus={(e) => e.target.select()} />
          {link.note !== null && (
            <span className="share-note" role="status" data-testid="share-note">
              {link.note}
            </span>
          )}
        </>
      ) : (
        <span className="error" role="alert">
          {link.error}
        </span>
      )}
    </span>
  );
}
