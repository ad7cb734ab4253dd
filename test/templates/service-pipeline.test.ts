/**
 * templates/service-pipeline.yml, the GitLab CI/CD component service repositories include: its spec (three required
 * inputs, every input described and typed), the stages it promises, pinned images, shell-checked job scripts, and
 * the docs that describe it (README inputs table, CHANGELOG version).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { IMAGES, type ImageSpec } from '../../config/images.js';
import { serviceDeployRoleArn } from '../../contracts/services.js';
import { environment } from '../support/envs.js';
import { REPO_ROOT } from '../support/repo.js';
import { componentDocs, componentJobs, componentText, shellcheck, type ComponentJob } from './support.js';

const REQUIRED = { service: 'sample-api', 'aws-account-id': '111111111111', 'platform-project': 'platform/observability-platform' };
const { spec, jobsText } = componentDocs();
const JOBS = componentJobs(REQUIRED);
const job = (name: string): ComponentJob => {
  const found = JOBS.get(name);
  if (!found) throw new Error(`the component has no job ${name}`);
  return found;
};
const script = (name: string): string => (job(name).script ?? []).flat().join('\n');
const imageOf = (j: ComponentJob): string => (typeof j.image === 'string' ? j.image : (j.image?.name ?? ''));
const README = readFileSync(join(REPO_ROOT, 'templates', 'README.md'), 'utf8');
const CHANGELOG = readFileSync(join(REPO_ROOT, 'templates', 'CHANGELOG.md'), 'utf8');

describe('the component spec', () => {
  it('needs exactly three inputs; every other input has a default', () => {
    const required = Object.entries(spec.inputs).filter(([, i]) => !('default' in i)).map(([n]) => n);
    expect(required.sort()).toEqual(Object.keys(REQUIRED).sort());
  });

  it('describes and types every input', () => {
    for (const [name, input] of Object.entries(spec.inputs)) {
      expect(input.description, name).toMatch(/\S{3,}/);
      expect(['string', 'boolean', 'number', 'array'], name).toContain(input.type);
      if (input.type === 'boolean') expect(typeof input.default, name).toBe('boolean');
    }
  });

  it('uses every input it declares and declares every input it uses', () => {
    const used = new Set([...jobsText.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1] as string));
    expect([...used].sort()).toEqual(Object.keys(spec.inputs).sort());
  });

  it('separates the spec header from the jobs with ---', () => {
    expect(componentText()).toMatch(/^spec:\n {2}inputs:\n[\s\S]*\n---\nstages:/m);
  });

  it('pins every image by version, never latest, and scans with the platform\'s Trivy', () => {
    const images = Object.entries(spec.inputs).filter(([n]) => n.endsWith('-image') && n !== 'toolbox-image');
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const [name, input] of images) {
      expect(String(input.default), name).toMatch(/^[\w.-]+(\/[\w.-]+)*:v?\d+\.\d+\.\d+[\w.-]*$/);
      expect(String(input.default), name).not.toMatch(/:latest$/);
    }
    const gitlab = parse(readFileSync(join(REPO_ROOT, '.gitlab-ci.yml'), 'utf8')) as { variables: Record<string, string> };
    expect(spec.inputs['trivy-image']?.default).toBe(gitlab.variables.TRIVY_IMAGE);
    expect(spec.inputs['buildkit-image']?.default).toMatch(/^moby\/buildkit:v[\d.]+-rootless$/);
    expect(spec.inputs['node-image']?.default).toMatch(/^node:24\.\d+\.\d+-bookworm$/);
  });

  it('runs the service\'s Node jobs on the Node version of the platform\'s nodeRuntime image', () => {
    const runtime = (IMAGES as Record<string, ImageSpec>).nodeRuntime;
    expect(runtime, 'config/images.ts has no nodeRuntime (the sample service adds it)').toBeDefined();
    const version = /^(\d+\.\d+\.\d+)-/.exec(runtime?.tag ?? '')?.[1];
    expect(spec.inputs['node-image']?.default).toBe(`node:${version}-bookworm`);
  });
});

describe('the component jobs', () => {
  it('lints and tests with the service\'s own commands (defaults npm ci && npm run lint / npm test)', () => {
    expect(job('lint').script).toEqual(['npm ci && npm run lint']);
    expect(job('test').script).toEqual(['npm ci && npm test']);
    const custom = componentJobs({ ...REQUIRED, 'lint-command': 'make lint', 'test-command': 'make test' });
    expect(custom.get('lint')?.script).toEqual(['make lint']);
    expect(custom.get('test')?.script).toEqual(['make test']);
  });

  it('builds rootless with BuildKit into an OCI tarball, after lint and test, with no privileged service', () => {
    const build = job('image:build');
    expect(imageOf(build)).toMatch(/-rootless$/);
    expect(build.variables?.BUILDKITD_FLAGS).toBe('--oci-worker-no-process-sandbox');
    expect(build.needs).toEqual(expect.arrayContaining(['lint', 'test']));
    expect(build.artifacts?.paths).toContain('image.tar');
    expect(readFileSync(join(REPO_ROOT, 'ci', 'service', 'build.sh'), 'utf8')).toMatch(/buildctl-daemonless\.sh build[\s\S]*--output type=oci,dest="\$out"/);
    expect(jobsText).not.toMatch(/docker:dind|privileged|services:/);
  });

  it('scans the built OCI layout with a severity gate and an ignore file, failing on findings', () => {
    expect(script('image:scan')).toBe('trivy image --input image --exit-code 1 --severity "$TRIVY_SEVERITY" --ignorefile "$TRIVY_IGNOREFILE" --format json --output trivy.json');
    expect(job('image:scan').variables).toMatchObject({ TRIVY_SEVERITY: 'HIGH,CRITICAL', TRIVY_IGNOREFILE: '.trivyignore' });
    expect(componentJobs({ ...REQUIRED, 'trivy-severity': 'CRITICAL' }).get('image:scan')?.variables?.TRIVY_SEVERITY).toBe('CRITICAL');
  });

  it('keeps a CycloneDX SBOM of the image as a report artifact', () => {
    expect(script('image:sbom')).toBe('trivy image --input image --format cyclonedx --output sbom.cdx.json');
    expect(job('image:sbom').artifacts?.reports).toEqual({ cyclonedx: 'sbom.cdx.json' });
  });

  it('pushes the scanned image by digest through GitLab OIDC and the per-service push role', () => {
    const push = job('image:push');
    expect(push.needs).toEqual(expect.arrayContaining(['image:scan', 'image:build']));
    expect(push.id_tokens).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
    expect(push.variables).toMatchObject({
      REGISTRY: '111111111111.dkr.ecr.eu-west-1.amazonaws.com',
      DEFAULT_PUSH_ROLE_ARN: 'arn:aws:iam::111111111111:role/obs-dev-ci-push-sample-api',
      PUSH_ROLE_ARN: '',
      REPOSITORY: '',
    });
    expect(script('image:push')).toBe('bash .platform/ci/service/push.sh image "$REGISTRY/obs-dev/${REPOSITORY:-$SERVICE}" "$IMAGE_TAG" "${PUSH_ROLE_ARN:-$DEFAULT_PUSH_ROLE_ARN}" image.env');
    expect(push.artifacts?.reports).toEqual({ dotenv: 'image.env' });
    expect(push.rules?.map((r) => r.if)).toEqual(['$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH', '$CI_COMMIT_TAG']);
    expect(jobsText).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
  });

  it('signs keylessly only when the sign input is true, with a Sigstore OIDC token, by digest', () => {
    const sign = job('image:sign');
    expect(spec.inputs.sign).toMatchObject({ type: 'boolean', default: false });
    expect(sign.variables?.SIGN).toBe('false');
    expect(componentJobs({ ...REQUIRED, sign: true }).get('image:sign')?.variables?.SIGN).toBe('true');
    expect(sign.rules?.[0]?.if).toMatch(/^\$SIGN == "true" && /);
    expect(sign.id_tokens?.SIGSTORE_ID_TOKEN).toEqual({ aud: 'sigstore' });
    expect(script('image:sign')).toBe('sh .platform/ci/service/sign.sh "$IMAGE_REF"');
  });

  it('promotes to dev with a credential-free prepare job and a merge-request job, staging and prod by hand', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      expect(job(`promote:${env}`).variables?.PROMOTE_ENV).toBe(env);
      expect(job(`promote:${env}`).environment).toEqual({ name: env, action: 'prepare' });
      expect(script(`promote:${env}`)).toBe('bash .platform/ci/service/promote.sh "$PROMOTE_ENV" "$SERVICE" "$IMAGE_DIGEST" "$IMAGE_TAG" promotion');
      expect(job(`promote:${env}`).id_tokens).toBeUndefined();
      expect(job(`promote:${env}:merge-request`).needs).toContain(`promote:${env}`);
      expect(script(`promote:${env}:merge-request`)).toBe('bash .platform/ci/service/merge-request.sh promotion');
    }
    expect(job('promote:dev').rules?.every((r) => r.when === undefined)).toBe(true);
    for (const env of ['staging', 'prod']) expect(job(`promote:${env}`).rules).toEqual([{ if: '$CI_COMMIT_TAG', when: 'manual', allow_failure: false }]);
    expect(job('promote:staging').needs).toContain('deploy:dev');
    expect(job('promote:prod').needs).toContain('deploy:staging');
  });

  it('deploys each environment by hand, one at a time, with its own environment and OIDC token', () => {
    for (const [env, tier] of [['dev', 'development'], ['staging', 'staging'], ['prod', 'production']] as const) {
      const deploy = job(`deploy:${env}`);
      expect(deploy.environment).toEqual({ name: env, deployment_tier: tier });
      expect(deploy.resource_group).toBe(`sample-api-${env}`);
      expect(deploy.id_tokens).toEqual({ AWS_ID_TOKEN: { aud: 'sts.amazonaws.com' } });
      expect(deploy.rules?.[0]?.when).toBe('manual');
      expect(deploy.needs).toContain(`promote:${env}:merge-request`);
      expect(deploy.variables).toMatchObject({ DEPLOY_ENV: env, ROLLOUT_TIMEOUT: '5m' });
      expect((deploy.script ?? []).flat().at(-1)).toBe('bash .platform/ci/service/deploy.sh "$DEPLOY_ENV" "$SERVICE" "$IMAGE_DIGEST"');
    }
    const deploy = readFileSync(join(REPO_ROOT, 'ci', 'service', 'deploy.sh'), 'utf8');
    expect(deploy).toContain('kubectl apply --server-side');
    // The role: SERVICE_DEPLOY_ROLE_ARN when the environment-scoped variable is set, else the cluster stack's role,
    // named once in contracts/services.ts (test/ci/service-scripts.test.ts runs both cases).
    for (const env of ['dev', 'staging', 'prod']) expect(Object.keys(job(`deploy:${env}`).variables ?? {})).not.toContain('SERVICE_DEPLOY_ROLE_ARN');
    expect(deploy).toContain('role=${SERVICE_DEPLOY_ROLE_ARN:-$(npx tsx scripts/workloads.ts deploy-role "$env")}');
    expect(serviceDeployRoleArn(environment('staging'))).toBe(`arn:aws:iam::${environment('staging').aws.accountId}:role/obs-staging-service-deploy`);
    expect(deploy).toMatch(/kubectl rollout status "deployment\/\$service" -n "\$namespace" --timeout="\$timeout"/);
    expect(deploy).toMatch(/kubectl rollout undo "deployment\/\$service"/);
  });
});

/** Jobs whose image has no bash (busybox sh): their scripts are checked as POSIX sh. */
const SH_JOBS = new Set(['image:build', 'image:scan', 'image:sbom', 'image:sign']);

describe('shell scripts of the service pipeline', () => {
  it('ci/service/*.sh pass shellcheck (following sourced files)', () => {
    const files = ['build.sh', 'push.sh', 'sign.sh', 'promote.sh', 'merge-request.sh', 'deploy.sh', 'tools.sh'].map((f) => `ci/service/${f}`);
    // SC2317: `return 1 2>/dev/null || exit 1` in the sourced ci/aws-oidc.sh is reachable when it is executed.
    const res = shellcheck(['-x', '--exclude=SC2317', ...files]);
    expect(res.output).toBe('');
    expect(res.status).toBe(0);
  });

  it('every job script of the component passes shellcheck in its image\'s shell', () => {
    expect(JOBS.size).toBe(17);
    for (const [name, j] of JOBS) {
      const lines = [...(j.script ?? []).flat(), ...(j.after_script ?? [])];
      expect(lines.length, name).toBeGreaterThan(0);
      const dialect = SH_JOBS.has(name) ? 'sh' : 'bash';
      const res = shellcheck(['-s', dialect, '-'], `${lines.join('\n')}\n`);
      expect(res.output, `${name} (${dialect})`).toBe('');
    }
  });

  it('shellcheck is live: it flags an unquoted variable', () => {
    const res = shellcheck(['-s', 'sh', '-'], 'rm -rf $DIR/build\n');
    expect(res.status).not.toBe(0);
    expect(res.output).toContain('SC2086');
  });
});

describe('the component docs', () => {
  it('the README lists every input with its type and default, in spec order', () => {
    const rows = [...README.matchAll(/^\| `([\w-]+)` \| (\w+) \| (.*?) \| (.*) \|$/gm)].map((m) => ({ name: m[1], type: m[2], def: m[3] }));
    expect(rows.map((r) => r.name)).toEqual(Object.keys(spec.inputs));
    for (const row of rows) {
      const input = spec.inputs[row.name as string];
      expect(row.type, row.name).toBe(input?.type);
      const expected = input && 'default' in input ? (input.default === '' ? '(empty)' : `\`${String(input.default)}\``) : 'required';
      expect(row.def, row.name).toBe(expected);
    }
  });

  it('the README\'s include example uses the CHANGELOG\'s latest version and only the three required inputs', () => {
    const latest = /^## (\d+\.\d+\.\d+)/m.exec(CHANGELOG)?.[1];
    expect(latest).toBe('1.0.0');
    const example = /```yaml\n(include:[\s\S]*?)```/.exec(README)?.[1] ?? '';
    const include = parse(example) as { include: { component: string; inputs: Record<string, string> }[] };
    expect(include.include[0]?.component).toBe(`$CI_SERVER_FQDN/platform/observability-platform/service-pipeline@${latest}`);
    expect(Object.keys(include.include[0]?.inputs ?? {}).sort()).toEqual(Object.keys(REQUIRED).sort());
  });
});
