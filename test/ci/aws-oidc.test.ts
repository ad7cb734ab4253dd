/** ci/aws-oidc.sh, sourced the way the pipeline does, against a recording stand-in for the AWS CLI. */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../support/repo.js';

function source(role: string, env: Record<string, string>, awsExit = 0) {
  const dir = tempDir('aws-oidc-');
  const log = join(dir, 'log');
  writeFileSync(join(dir, 'aws'), `#!/usr/bin/env bash\necho "aws $*" >> "${log}"\nexit ${awsExit}\n`);
  chmodSync(join(dir, 'aws'), 0o755);
  const script = `source ci/aws-oidc.sh ${role} && echo "ROLE=$AWS_ROLE_ARN REGION=$AWS_REGION TOKEN=$(cat "$AWS_WEB_IDENTITY_TOKEN_FILE") KEY=\${AWS_ACCESS_KEY_ID:-none}"`;
  const { AWS_ACCESS_KEY_ID: _k, AWS_REGION: _r, ...base } = process.env;
  const result = spawnSync('bash', ['-c', script], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...base, PATH: `${dir}:${process.env.PATH}`, ...env } });
  let calls = '';
  try {
    calls = readFileSync(log, 'utf8');
  } catch {
    calls = '';
  }
  return { ...result, calls };
}

describe('ci/aws-oidc.sh', () => {
  it('exchanges the job token for the role with sts:AssumeRoleWithWebIdentity and exports only web-identity variables', () => {
    const { status, stdout, stderr, calls } = source('arn:aws:iam::333333333333:role/deploy', { AWS_ID_TOKEN: 'jwt-token', DEPLOY_ENV: 'prod', CI_JOB_ID: '42', CI_PROJECT_ID: '7' });
    expect(status, stderr).toBe(0);
    expect(stdout.trim()).toBe('ROLE=arn:aws:iam::333333333333:role/deploy REGION=eu-west-1 TOKEN=jwt-token KEY=none');
    expect(calls).toMatch(/^aws sts assume-role-with-web-identity --role-arn arn:aws:iam::333333333333:role\/deploy --role-session-name gitlab-7-42 --web-identity-token file:\/\/\S+\/token --duration-seconds 900/);
  });

  it('fails without a role, without a token, or when STS refuses', () => {
    expect(source('', { AWS_ID_TOKEN: 't', DEPLOY_ENV: 'dev' }).stderr).toMatch(/no role ARN given/);
    expect(source('arn:aws:iam::1:role/r', { DEPLOY_ENV: 'dev', AWS_ID_TOKEN: '' }).stderr).toMatch(/AWS_ID_TOKEN is empty/);
    const refused = source('arn:aws:iam::1:role/r', { AWS_ID_TOKEN: 't', DEPLOY_ENV: 'dev' }, 1);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/AssumeRoleWithWebIdentity into arn:aws:iam::1:role\/r was refused/);
  });
});
