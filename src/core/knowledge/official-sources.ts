/**
 * The sites a citation may link: the Ministry of Health, Labour and Welfare (with こころの耳 and the
 * prefectural labour bureaus under mhlw.go.jp), JOHAS and its prefectural centers, e-Gov's law database and
 * JAISH. Ingestion refuses any other source, so no user ever sees a commercial or private site cited.
 */
const officialHosts = ['mhlw.go.jp', 'johas.go.jp', 'e-gov.go.jp', 'jaish.gr.jp'] as const;

export function isOfficialUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.toLowerCase();
  return officialHosts.some((h) => host === h || host.endsWith(`.${h}`));
}

export const officialHostList: readonly string[] = officialHosts;
