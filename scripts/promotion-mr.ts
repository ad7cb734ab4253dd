/**
 * Opens the promotion merge request that ci/service/promote.sh prepared (ci/service/merge-request.sh runs it):
 *
 *   npx tsx scripts/promotion-mr.ts --dir promotion --api $CI_API_V4_URL --project platform/observability-platform --target main
 *
 * One commit on a new branch through the GitLab Commits API (the new environment file as its only action), then a
 * merge request into --target. The token comes from PLATFORM_PROMOTION_TOKEN (never from an argument, so it is not
 * in the job log). When the branch already exists the change is already proposed: the open merge request is reported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

class PromotionError extends Error {}

interface FileAction {
  readonly action: 'create' | 'update' | 'delete';
  readonly path: string;
  readonly content?: string;
}

interface Prepared {
  readonly env: string;
  readonly service: string;
  readonly digest: string;
  readonly file: string;
  readonly branch: string;
  readonly content: string;
  /** Synthesized files that change with the promotion (charts-out/<env>/…), from files.txt. */
  readonly files: readonly FileAction[];
  readonly title: string;
  readonly description: string;
}

function readPrepared(dir: string): Prepared {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      throw new PromotionError(`${join(dir, name)} not found; run the promote job (ci/service/promote.sh) first`);
    }
  };
  const env = Object.fromEntries(
    read('promotion.env')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string | undefined>;
  const need = (key: string) => {
    const value = env[key];
    if (!value) throw new PromotionError(`${join(dir, 'promotion.env')}: ${key} is missing`);
    return value;
  };
  const promoteEnv = need('PROMOTE_ENV');
  const [title = '', , ...body] = read('merge-request.md').split('\n');
  let listed = '';
  try {
    listed = readFileSync(join(dir, 'files.txt'), 'utf8');
  } catch {
    // no synthesized files: the promotion changes the config file only
  }
  const files = listed
    .split('\n')
    .filter(Boolean)
    .map((line): FileAction => {
      const [action, path] = line.split(' ', 2) as [string, string | undefined];
      if ((action !== 'create' && action !== 'update' && action !== 'delete') || !path?.startsWith('charts-out/')) {
        throw new PromotionError(`${join(dir, 'files.txt')}: "${line}" is not "<create|update|delete> charts-out/<path>"`);
      }
      return action === 'delete' ? { action, path } : { action, path, content: read(join('files', path)) };
    });
  return {
    env: promoteEnv,
    service: need('PROMOTE_SERVICE'),
    digest: need('PROMOTE_DIGEST'),
    file: need('PROMOTE_FILE'),
    branch: need('PROMOTE_BRANCH'),
    content: read(`${promoteEnv}.yaml`),
    files,
    title,
    description: body.join('\n'),
  };
}

interface Api {
  readonly base: string;
  readonly project: string;
  readonly token: string;
}

async function call(api: Api, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const url = `${api.base.replace(/\/$/, '')}/projects/${encodeURIComponent(api.project)}${path}`;
  const res = await fetch(url, {
    method,
    headers: { 'PRIVATE-TOKEN': api.token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the message
  }
  return { status: res.status, json };
}

const message = (json: unknown): string => JSON.stringify((json as { message?: unknown } | null)?.message ?? json);

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { dir: { type: 'string' }, api: { type: 'string' }, project: { type: 'string' }, target: { type: 'string' } },
    strict: true,
  });
  if (!values.dir || !values.api || !values.project) {
    throw new PromotionError('--dir, --api and --project are required (usage in scripts/promotion-mr.ts)');
  }
  const token = process.env.PLATFORM_PROMOTION_TOKEN;
  if (!token) throw new PromotionError('PLATFORM_PROMOTION_TOKEN is not set: a project access token of the platform project (scope api)');
  const prepared = readPrepared(values.dir);
  const target = values.target ?? 'main';
  const api: Api = { base: values.api, project: values.project, token };

  const commit = await call(api, 'POST', '/repository/commits', {
    branch: prepared.branch,
    start_branch: target,
    commit_message: `${prepared.title}\n\n${prepared.file}: services[${prepared.service}].image.digest = ${prepared.digest}`,
    actions: [
      { action: 'update', file_path: prepared.file, content: prepared.content },
      ...prepared.files.map((f) => ({ action: f.action, file_path: f.path, ...(f.content === undefined ? {} : { content: f.content }) })),
    ],
  });
  if (commit.status === 400 && /already exists/i.test(message(commit.json))) {
    const open = await call(api, 'GET', `/merge_requests?state=opened&source_branch=${encodeURIComponent(prepared.branch)}`);
    const found = Array.isArray(open.json) ? (open.json[0] as { web_url?: string } | undefined) : undefined;
    process.stdout.write(`promotion-mr: already proposed on branch ${prepared.branch}${found?.web_url ? `: ${found.web_url}` : ''}\n`);
    return 0;
  }
  if (commit.status !== 201) throw new PromotionError(`creating the commit on ${prepared.branch} failed (HTTP ${commit.status}): ${message(commit.json)}`);

  const mr = await call(api, 'POST', '/merge_requests', {
    source_branch: prepared.branch,
    target_branch: target,
    title: prepared.title,
    description: prepared.description,
    remove_source_branch: true,
    labels: `promotion,${prepared.env}`,
  });
  if (mr.status !== 201) throw new PromotionError(`opening the merge request failed (HTTP ${mr.status}): ${message(mr.json)}`);
  const url = (mr.json as { web_url?: string }).web_url ?? '';
  writeFileSync(join(values.dir, 'merge-request.url'), `${url}\n`);
  process.stdout.write(`promotion-mr: opened ${url}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const text = error instanceof PromotionError ? error.message : error instanceof Error ? `failed: ${error.message}` : String(error);
    process.stderr.write(`promotion-mr: ${text}\n`);
    process.exitCode = 1;
  },
);
