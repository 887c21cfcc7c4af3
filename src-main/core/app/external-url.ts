/**
 * Only https links to AWS console hosts, and to the public vulnerability trackers that ECR
 * scan findings link to (a CVE's advisory page), leave the app. Parsed with the URL parser, never
 * checked with startsWith: `https://console.aws.amazon.com.evil.example` must fail.
 */
const ALLOWED_HOST_SUFFIXES = ['.console.aws.amazon.com', '.console.amazonaws-us-gov.com', '.console.amazonaws.cn'];
/** Where basic (ECR) and enhanced (Inspector) findings point for a CVE: NVD, CVE.org and the distributions' trackers. */
const ADVISORY_HOSTS = [
  'nvd.nist.gov', 'www.cve.org', 'cve.mitre.org', 'security-tracker.debian.org', 'ubuntu.com', 'people.canonical.com',
  'alas.aws.amazon.com', 'explore.alas.aws.amazon.com', 'access.redhat.com', 'security.alpinelinux.org', 'www.suse.com', 'osv.dev',
];
const ALLOWED_HOSTS = new Set(['console.aws.amazon.com', 'console.amazonaws-us-gov.com', 'console.amazonaws.cn', 'docs.aws.amazon.com', ...ADVISORY_HOSTS]);

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkExternalUrl(raw: string): ExternalUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'Not a valid URL.' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'Only https links are opened.' };
  if (url.username || url.password) return { ok: false, reason: 'Links with credentials are refused.' };
  const host = url.hostname.toLowerCase();
  const allowed = ALLOWED_HOSTS.has(host) || ALLOWED_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix));
  if (!allowed) return { ok: false, reason: `Wharf opens only AWS console and vulnerability advisory links, not ${host}.` };
  return { ok: true, url: url.toString() };
}
