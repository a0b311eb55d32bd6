/**
 * URLs in a kubeconfig (`server`, `proxy-url`) and profile URLs may carry credentials (`https://user:token@host`,
 * `?private_token=…`). They are shown in messages, summaries and artifacts only without them.
 */
export function redactUrl(text: string, options: { query?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  const hasUser = url.username !== '' || url.password !== '';
  const hasQuery = options.query === true && (url.search !== '' || url.hash !== '');
  // Unchanged when there is nothing to cut: URL.toString() would normalise it (a trailing slash, case).
  if (!hasUser && !hasQuery) return text;
  if (hasUser) {
    url.password = '';
    url.username = '***';
  }
  if (!options.query) return url.toString();
  const hadQuery = url.search !== '';
  url.search = '';
  url.hash = '';
  return hadQuery ? `${url.toString()}?…` : url.toString();
}

/** The credential parts of a URL (password, `user:password`, query values), each to be masked on its own. */
export function urlSecrets(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  if (url.password) {
    found.push(url.password, decodeURIComponent(url.password), `${url.username}:${url.password}`);
  } else if (url.username) {
    // A token alone in the user part (https://ghp_xxx@github.com/…).
    found.push(url.username, decodeURIComponent(url.username));
  }
  for (const value of url.searchParams.values()) if (value) found.push(value);
  return [...new Set(found)];
}
