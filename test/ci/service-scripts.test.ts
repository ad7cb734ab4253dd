/**
 * The service pipeline's job scripts that need a registry, a cluster or the GitLab API, run for real against fakes
 * at the process boundary: a registry and a GitLab API on 127.0.0.1 (in this process, closed after each test), and
 * fake `aws` and `kubectl` binaries on PATH that record their arguments.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { REPO_ROOT, tempDir } from '../support/repo.js';
import { tsEntry } from '../support/run-ts.js';

const sha = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function run(command: string, args: readonly string[], env: Record<string, string>, cwd = REPO_ROOT): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** A fake binary that appends its arguments to `<dir>/<name>.log` and runs `body`. */
function fakeBin(dir: string, name: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, `#!/usr/bin/env bash\necho "$*" >>"${dir}/${name}.log"\n${body}\n`);
  chmodSync(path, 0o755);
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An OCI layout with one layer, a config and a manifest, as BuildKit's oci exporter writes it. */
function ociLayout(dir: string): { manifestDigest: string; blobs: string[] } {
  const blobs = join(dir, 'blobs', 'sha256');
  mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer | string) => {
    const digest = sha(data);
    writeFileSync(join(blobs, digest.slice(7)), data);
    return digest;
  };
  const layer = randomBytes(2048);
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] } });
  const layerDigest = put(layer);
  const configDigest = put(config);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
  });
  const manifestDigest = put(manifest);
  writeFileSync(join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: manifestDigest, size: manifest.length }],
  }));
  return { manifestDigest, blobs: [layerDigest, configDigest] };
}

/** A registry implementing the distribution API's push endpoints, with ECR's basic auth (AWS:<password>). */
async function fakeRegistry(options: { wrongDigest?: boolean } = {}) {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { type: string; body: Buffer }>();
  const uploads = new Map<string, Buffer>();
  const auth: string[] = [];
  const host = await listen((req, body, res) => {
    auth.push(req.headers.authorization ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (req.method === 'HEAD' && (m = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path))) {
      res.writeHead(blobs.has(m[2] as string) ? 200 : 404).end();
    } else if (req.method === 'POST' && /^\/v2\/.+\/blobs\/uploads\/$/.test(path)) {
      const id = `u${uploads.size}`;
      uploads.set(id, Buffer.alloc(0));
      res.writeHead(202, { Location: `${path}${id}` }).end();
    } else if (req.method === 'PATCH' && (m = /\/blobs\/uploads\/(u\d+)$/.exec(path))) {
      uploads.set(m[1] as string, Buffer.concat([uploads.get(m[1] as string) ?? Buffer.alloc(0), body]));
      res.writeHead(202, { Location: `${path}?state=1` }).end();
    } else if (req.method === 'PUT' && (m = /\/blobs\/uploads\/(u\d+)$/.exec(path))) {
      const data = uploads.get(m[1] as string) ?? Buffer.alloc(0);
      const digest = url.searchParams.get('digest') ?? '';
      if (sha(data) !== digest) res.writeHead(400).end('digest mismatch');
      else {
        blobs.set(digest, data);
        res.writeHead(201).end();
      }
    } else if (req.method === 'PUT' && (m = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(path))) {
      manifests.set(m[2] as string, { type: req.headers['content-type'] ?? '', body });
      res.writeHead(201, { 'Docker-Content-Digest': options.wrongDigest ? sha('other') : sha(body) }).end();
    } else res.writeHead(404).end();
  });
  return { host, blobs, manifests, auth };
}

describe('ci/service/push.sh', () => {
  async function push(registry: { host: string }, layoutDir: string, bin: string, out: string) {
    fakeBin(bin, 'aws', 'case "$1 $2" in "sts assume-role-with-web-identity") echo arn:aws:sts::111111111111:assumed-role/x/y ;; "ecr get-login-password") echo pw-123 ;; *) exit 3 ;; esac');
    return run('bash', [join(REPO_ROOT, 'ci', 'service', 'push.sh'), layoutDir, `${registry.host}/sample-api`, 'abc123-7', 'arn:aws:iam::111111111111:role/obs-dev-ci-push-sample-api', out], {
      PATH: `${bin}:${process.env.PATH}`,
      AWS_ID_TOKEN: 'header.payload.signature',
      AWS_REGION: 'eu-west-1',
      REGISTRY_SCHEME: 'http',
    });
  }

  it('uploads every blob and the manifest under the tag, and records the digest the registry confirmed', async () => {
    const dir = tempDir('push-');
    const layout = ociLayout(join(dir, 'image'));
    const registry = await fakeRegistry();
    const res = await push(registry, join(dir, 'image'), join(dir, 'bin'), join(dir, 'image.env'));
    expect(res.status, res.output).toBe(0);
    expect([...registry.blobs.keys()].sort()).toEqual([...layout.blobs].sort());
    expect(registry.manifests.get('abc123-7')?.type).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(sha(registry.manifests.get('abc123-7')?.body ?? '')).toBe(layout.manifestDigest);
    expect(new Set(registry.auth)).toEqual(new Set([`Basic ${Buffer.from('AWS:pw-123').toString('base64')}`]));
    expect(readFileSync(join(dir, 'image.env'), 'utf8')).toBe(
      `IMAGE_DIGEST=${layout.manifestDigest}\nIMAGE_TAG=abc123-7\nIMAGE_REPOSITORY=${registry.host}/sample-api\nIMAGE_REF=${registry.host}/sample-api@${layout.manifestDigest}\n`,
    );
    const aws = readFileSync(join(dir, 'bin', 'aws.log'), 'utf8');
    expect(aws).toContain('sts assume-role-with-web-identity --role-arn arn:aws:iam::111111111111:role/obs-dev-ci-push-sample-api');
    expect(aws).toContain('ecr get-login-password --region eu-west-1');
    expect(res.output).toContain('(2 blob(s) uploaded)');
  });

  it('skips blobs the repository already has', async () => {
    const dir = tempDir('push-');
    ociLayout(join(dir, 'image'));
    const registry = await fakeRegistry();
    expect((await push(registry, join(dir, 'image'), join(dir, 'bin'), join(dir, 'a.env'))).status).toBe(0);
    const again = await push(registry, join(dir, 'image'), join(dir, 'bin'), join(dir, 'b.env'));
    expect(again.status, again.output).toBe(0);
    expect(again.output).toContain('(0 blob(s) uploaded)');
  });

  it('fails when the registry stores another digest than the one scanned', async () => {
    const dir = tempDir('push-');
    ociLayout(join(dir, 'image'));
    const res = await push(await fakeRegistry({ wrongDigest: true }), join(dir, 'image'), join(dir, 'bin'), join(dir, 'image.env'));
    expect(res.status).toBe(1);
    expect(res.output).toMatch(/push: the registry stored sha256:[0-9a-f]{64}, expected sha256:/);
  });
});

/** A platform checkout with sample-api at `digest` in dev, and fake kubectl/aws. */
function platform(digest: string): { root: string; bin: string } {
  const root = tempDir('platform-');
  for (const part of ['ci', 'scripts', 'config', 'contracts', 'package.json']) cpSync(join(REPO_ROOT, part), join(root, part), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'charts-out', 'dev'), { recursive: true });
  const dev = join(root, 'config', 'environments', 'dev.yaml');
  // The shipped dev entry of sample-api, now running `digest` (the file stays a valid environment).
  const doc = parseDocument(readFileSync(dev, 'utf8'));
  const services = doc.get('services') as YAMLSeq<YAMLMap>;
  const entry = services.items.find((item) => item.get('name') === 'sample-api');
  if (!entry) throw new Error('config/environments/dev.yaml has no sample-api entry');
  entry.set('image', doc.createNode({ tag: String((entry.get('image') as YAMLMap).get('tag')), digest }));
  writeFileSync(dev, doc.toString());
  return { root, bin: join(root, 'fake-bin') };
}

describe('ci/service/deploy.sh', () => {
  const DIGEST = `sha256:${'c'.repeat(64)}`;
  const deploy = (p: { root: string; bin: string }, digest: string) =>
    run('bash', [join(p.root, 'ci', 'service', 'deploy.sh'), 'dev', 'sample-api', digest], {
      PATH: `${p.bin}:${process.env.PATH}`,
      KUBECONFIG: join(p.root, 'kubeconfig'),
      ROLLOUT_TIMEOUT: '90s',
    });

  it('applies the service\'s objects server-side and waits for the rollout', async () => {
    const p = platform(DIGEST);
    fakeBin(p.bin, 'kubectl', 'exit 0');
    const res = await deploy(p, DIGEST);
    expect(res.status, res.output).toBe(0);
    expect(readFileSync(join(p.bin, 'kubectl.log'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'apply --server-side --force-conflicts --field-manager=service-pipeline -R -f charts-out/dev/ -l app.kubernetes.io/name=sample-api',
      'rollout status deployment/sample-api -n sample --timeout=90s',
    ]);
    expect(res.output).toContain(`deploy: sample-api@${DIGEST} is rolled out in dev (sample)`);
  }, 120_000);

  it('undoes a rollout that does not complete and fails', async () => {
    const p = platform(DIGEST);
    // The first rollout status fails (the new pods never become ready); the one after the undo succeeds.
    fakeBin(p.bin, 'kubectl', `if [ "$1 $2" = "rollout status" ] && [ ! -e "${p.bin}/undone" ]; then exit 1; fi; if [ "$1 $2" = "rollout undo" ]; then touch "${p.bin}/undone"; fi`);
    const res = await deploy(p, DIGEST);
    expect(res.status).toBe(1);
    expect(res.output).toContain('deploy: sample-api did not roll out within 90s in dev; undoing to the previous revision');
    expect(readFileSync(join(p.bin, 'kubectl.log'), 'utf8').split('\n').filter(Boolean).slice(1)).toEqual([
      'rollout status deployment/sample-api -n sample --timeout=90s',
      'rollout undo deployment/sample-api -n sample',
      'rollout status deployment/sample-api -n sample --timeout=90s',
    ]);
  }, 120_000);

  /** deploy.sh without a kubeconfig, with a GitLab ID token: the OIDC exchange, then `aws eks update-kubeconfig`. */
  const deployWithToken = (p: { root: string; bin: string }, extra: Record<string, string>) =>
    run('bash', [join(p.root, 'ci', 'service', 'deploy.sh'), 'dev', 'sample-api', DIGEST], {
      PATH: `${p.bin}:${process.env.PATH}`,
      KUBECONFIG: '',
      AWS_ID_TOKEN: 'header.payload.signature',
      ROLLOUT_TIMEOUT: '90s',
      ...extra,
    });

  it('assumes the cluster stack\'s obs-<env>-service-deploy role by default, then writes a kubeconfig for the environment\'s cluster', async () => {
    const p = platform(DIGEST);
    fakeBin(p.bin, 'kubectl', 'exit 0');
    fakeBin(p.bin, 'aws', 'exit 0');
    const res = await deployWithToken(p, { SERVICE_DEPLOY_ROLE_ARN: '' });
    expect(res.status, res.output).toBe(0);
    const aws = readFileSync(join(p.bin, 'aws.log'), 'utf8').split('\n').filter(Boolean);
    expect(aws[0]).toMatch(/^sts assume-role-with-web-identity --role-arn arn:aws:iam::111111111111:role\/obs-dev-service-deploy /);
    expect(aws[1]).toMatch(/^eks update-kubeconfig --name obs-dev --region eu-west-1 --kubeconfig \/\S+\/kubeconfig$/);
    // The kubeconfig lived in the script's work folder, removed on exit.
    expect(() => readFileSync(aws[1]?.split(' --kubeconfig ')[1] ?? '', 'utf8')).toThrow();
  }, 120_000);

  it('assumes SERVICE_DEPLOY_ROLE_ARN instead when the environment-scoped variable is set', async () => {
    const p = platform(DIGEST);
    fakeBin(p.bin, 'kubectl', 'exit 0');
    fakeBin(p.bin, 'aws', 'exit 0');
    const res = await deployWithToken(p, { SERVICE_DEPLOY_ROLE_ARN: 'arn:aws:iam::111111111111:role/team-deployer' });
    expect(res.status, res.output).toBe(0);
    expect(readFileSync(join(p.bin, 'aws.log'), 'utf8')).toMatch(/^sts assume-role-with-web-identity --role-arn arn:aws:iam::111111111111:role\/team-deployer /);
  }, 120_000);

  it('refuses a digest the environment\'s config does not run yet, before touching the cluster', async () => {
    const p = platform(DIGEST);
    fakeBin(p.bin, 'kubectl', 'exit 0');
    const other = `sha256:${'d'.repeat(64)}`;
    const res = await deploy(p, other);
    expect(res.status).toBe(1);
    expect(res.output).toContain(`deploy: config/environments/dev.yaml runs ${DIGEST} for sample-api, not ${other}; merge the promotion merge request first`);
    expect(() => readFileSync(join(p.bin, 'kubectl.log'), 'utf8')).toThrow();
  }, 120_000);
});

describe('scripts/promotion-mr.ts', () => {
  function prepared(): string {
    const dir = tempDir('promotion-');
    writeFileSync(join(dir, 'promotion.env'), `PROMOTE_ENV=dev\nPROMOTE_SERVICE=sample-api\nPROMOTE_DIGEST=sha256:${'e'.repeat(64)}\nPROMOTE_FILE=config/environments/dev.yaml\nPROMOTE_BRANCH=promote/sample-api-dev-eeeeeeeeeeee\n`);
    writeFileSync(join(dir, 'merge-request.md'), 'Promote sample-api to dev: (eeeeeeeeeeee)\n\nSets the image.\n');
    writeFileSync(join(dir, 'dev.yaml'), 'name: dev\n');
    writeFileSync(join(dir, 'files.txt'), 'update charts-out/dev/services.k8s.yaml\ndelete charts-out/dev/old.k8s.yaml\n');
    mkdirSync(join(dir, 'files', 'charts-out', 'dev'), { recursive: true });
    writeFileSync(join(dir, 'files', 'charts-out', 'dev', 'services.k8s.yaml'), 'kind: Deployment\n');
    return dir;
  }
  const open = (dir: string, host: string, token?: string) =>
    run(...tsEntry('scripts/promotion-mr.ts', ['--dir', dir, '--api', `http://${host}/api/v4`, '--project', 'platform/observability-platform', '--target', 'main']), {
      PLATFORM_PROMOTION_TOKEN: token ?? '',
    });

  it('commits the new environment file on a branch and opens the merge request', async () => {
    const calls: { method?: string; url?: string; token?: string | string[]; body: unknown }[] = [];
    const host = await listen((req, body, res) => {
      calls.push({ method: req.method, url: req.url, token: req.headers['private-token'], body: body.length ? JSON.parse(body.toString()) : undefined });
      const mr = req.url?.endsWith('/merge_requests');
      res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(mr ? { web_url: 'https://gitlab.example.com/platform/observability-platform/-/merge_requests/7' } : { id: 'abc' }));
    });
    const dir = prepared();
    const res = await open(dir, host, 'fake-token-for-tests');
    expect(res.status, res.output).toBe(0);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v4/projects/platform%2Fobservability-platform/repository/commits',
      'POST /api/v4/projects/platform%2Fobservability-platform/merge_requests',
    ]);
    expect(calls.every((c) => c.token === 'fake-token-for-tests')).toBe(true);
    expect(calls[0]?.body).toMatchObject({
      branch: 'promote/sample-api-dev-eeeeeeeeeeee',
      start_branch: 'main',
      actions: [
        { action: 'update', file_path: 'config/environments/dev.yaml', content: 'name: dev\n' },
        { action: 'update', file_path: 'charts-out/dev/services.k8s.yaml', content: 'kind: Deployment\n' },
        { action: 'delete', file_path: 'charts-out/dev/old.k8s.yaml' },
      ],
    });
    expect(calls[1]?.body).toMatchObject({ source_branch: 'promote/sample-api-dev-eeeeeeeeeeee', target_branch: 'main', title: 'Promote sample-api to dev: (eeeeeeeeeeee)', description: 'Sets the image.\n', remove_source_branch: true });
    expect(readFileSync(join(dir, 'merge-request.url'), 'utf8')).toBe('https://gitlab.example.com/platform/observability-platform/-/merge_requests/7\n');
    expect(res.output).not.toContain('fake-token-for-tests');
  });

  it('reports the open merge request when the promotion branch already exists', async () => {
    const host = await listen((req, _body, res) => {
      if (req.method === 'POST') res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'A branch called \'promote/sample-api-dev-eeeeeeeeeeee\' already exists' }));
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([{ web_url: 'https://gitlab.example.com/x/-/merge_requests/6' }]));
    });
    const res = await open(prepared(), host, 'fake-token-for-tests');
    expect(res.status, res.output).toBe(0);
    expect(res.output).toContain('promotion-mr: already proposed on branch promote/sample-api-dev-eeeeeeeeeeee: https://gitlab.example.com/x/-/merge_requests/6');
  });

  it('fails clearly without a token or when the API refuses', async () => {
    const host = await listen((_req, _body, res) => res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: '403 Forbidden' })));
    const none = await open(prepared(), host);
    expect(none.status).toBe(1);
    expect(none.output).toContain('promotion-mr: PLATFORM_PROMOTION_TOKEN is not set');
    const refused = await open(prepared(), host, 'fake-token-for-tests');
    expect(refused.status).toBe(1);
    expect(refused.output).toContain('promotion-mr: creating the commit on promote/sample-api-dev-eeeeeeeeeeee failed (HTTP 403): "403 Forbidden"');
    expect(refused.output).not.toMatch(/\n\s+at /);
  });
});
