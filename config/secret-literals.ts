/**
 * Credentials never belong in an environment file: every string (and every key) of a file is checked for values
 * that look like one before the schema runs. A finding names the field and the kind of credential, never the value.
 * The credential itself goes in the secret catalog (config/secrets.ts), its value in AWS Secrets Manager.
 */

/** One credential-looking value, at the path of the field holding it. */
export interface SecretFinding {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

interface Detector {
  readonly kind: string;
  readonly test: (value: string) => boolean;
}

const pattern = (re: RegExp) => (value: string) => re.test(value);

/** 40 characters of base64 alphabet with upper, lower and digits, standing alone: the shape of an AWS secret key. */
function awsSecretKey(value: string): boolean {
  for (const match of value.matchAll(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g)) {
    const text = match[0];
    if (/[A-Z]/.test(text) && /[a-z]/.test(text) && /\d/.test(text)) return true;
  }
  return false;
}

const DETECTORS: readonly Detector[] = [
  { kind: 'an AWS access key ID', test: pattern(/(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/) },
  { kind: 'an AWS secret access key', test: awsSecretKey },
  { kind: 'a GitHub token', test: pattern(/\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/) },
  { kind: 'a GitLab token', test: pattern(/\bgl(pat|dt|rt|cbt|ptt|ft|imt|agent|oas|soat)-[A-Za-z0-9_-]{20,}/) },
  { kind: 'a Slack token', test: pattern(/\bxox[abprs]-[A-Za-z0-9-]{10,}/) },
  { kind: 'a Slack webhook URL', test: pattern(/hooks\.slack\.com\/(services|workflows|triggers)\//i) },
  {
    kind: 'a webhook URL with its token',
    test: pattern(/(discord(app)?\.com\/api\/webhooks\/|\.webhook\.office\.com\/|chat\.googleapis\.com\/v1\/spaces\/[^/]+\/messages\?.*key=)/i),
  },
  { kind: 'a PagerDuty integration URL', test: pattern(/events\.(eu\.)?pagerduty\.com\/integration\/[A-Za-z0-9]+/i) },
  { kind: 'a PagerDuty routing key', test: pattern(/(?<![A-Za-z0-9])[a-f0-9]{32}(?![A-Za-z0-9])/) },
  { kind: 'a private key', test: pattern(/-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/) },
  { kind: 'a URL with a password in it', test: pattern(/[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i) },
];

/** A key named like a credential (`password`, `smtpPassword`, `api_key`, `token`, …): any literal there is one. */
const CREDENTIAL_KEY = /(pass(word|wd)?|pwd|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials?|routing[-_]?key)$/i;
/** A key named like a user name: it must hold a plain user name, not `user:password` or a passphrase. */
const USER_KEY = /user(name)?$/i;
const PLAIN_USER = /^[A-Za-z0-9._@+-]+$/;

const FIX = 'credentials never go in environment files: put it in the secret catalog (config/secrets.ts) and its value in AWS Secrets Manager';

function redacted(value: string): string {
  return `${value.length} characters, not shown`;
}

function checkString(path: readonly PropertyKey[], key: PropertyKey | undefined, value: string, out: SecretFinding[]): void {
  const found = DETECTORS.find((d) => d.test(value));
  if (found) {
    out.push({ path, message: `looks like ${found.kind}; ${FIX} (got ${redacted(value)})` });
    return;
  }
  if (typeof key !== 'string' || value === '') return;
  if (CREDENTIAL_KEY.test(key)) {
    out.push({ path, message: `is named like a credential and holds a literal; ${FIX} (got ${redacted(value)})` });
  } else if (USER_KEY.test(key) && !PLAIN_USER.test(value)) {
    out.push({
      path,
      message: `looks like a password (a user name has only letters, digits and . _ @ + -, no "user:password"); ${FIX} (got ${redacted(value)})`,
    });
  }
}

/** Every credential-looking string or key in a parsed YAML document. */
export function findSecretLiterals(root: unknown): SecretFinding[] {
  const out: SecretFinding[] = [];
  const walk = (node: unknown, path: readonly PropertyKey[], key: PropertyKey | undefined) => {
    if (typeof node === 'string') checkString(path, key, node, out);
    else if (Array.isArray(node)) node.forEach((item, i) => walk(item, [...path, i], key));
    else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (DETECTORS.some((d) => d.test(k))) out.push({ path: [...path, k], message: `this key looks like a credential; ${FIX}` });
        walk(v, [...path, k], k);
      }
    }
  };
  walk(root, [], undefined);
  return out;
}
