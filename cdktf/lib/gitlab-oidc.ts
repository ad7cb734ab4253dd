/**
 * Roles that GitLab CI jobs assume with their OIDC ID token (`id_tokens: { AWS_ID_TOKEN: { aud: sts.amazonaws.com } }`).
 * They all trust the one IAM OIDC identity provider of the GitLab instance, created once per account (docs/ci-cd.md);
 * no stack creates a second one.
 */
import type { Environment } from '../../config/derive.js';
import type { Registry } from '../../config/sections/registry.js';

/** The audience the jobs request for AWS (`id_tokens: … aud`) and the IAM OIDC provider accepts. */
export const GITLAB_AWS_AUDIENCE = 'sts.amazonaws.com';

/** The IAM OIDC identity provider of the GitLab instance (created once per account, docs/ci-cd.md). */
export function gitlabOidcProviderArn(env: Pick<Environment, 'aws' | 'registry'>): string {
  return `arn:aws:iam::${env.aws.accountId}:oidc-provider/${new URL(env.registry.ci.gitlabUrl).host}`;
}

/**
 * `sub` claim of a GitLab ID token in its documented default form,
 * `project_path:<group>/<project>:ref_type:<branch|tag>:ref:<name>`. `project` and `ref` may be IAM `StringLike`
 * patterns (`*`).
 */
export function gitlabSubject(project: string, refType: 'branch' | 'tag', ref: string): string {
  return `project_path:${project}:ref_type:${refType}:ref:${ref}`;
}

/** A trust policy document (plain JSON, no data source: a catalog of 1,000 services stays fast to synthesize). */
export interface WebIdentityTrustPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Effect: 'Allow';
    readonly Action: 'sts:AssumeRoleWithWebIdentity';
    readonly Principal: { readonly Federated: string };
    readonly Condition: {
      readonly StringEquals: Readonly<Record<string, string>>;
      readonly StringLike: Readonly<Record<string, readonly string[]>>;
    };
  }[];
}

/**
 * Trust of a role assumable only through the GitLab OIDC provider, with audience `sts.amazonaws.com` and a `sub`
 * matching one of `subjects` (see {@link gitlabSubject}).
 */
export function gitlabTrustPolicy(env: Pick<Environment, 'aws' | 'registry'>, subjects: readonly string[]): WebIdentityTrustPolicy {
  if (subjects.length === 0) throw new Error('a GitLab OIDC trust policy needs at least one sub claim; this is a bug in the stack that builds it');
  const host = new URL(env.registry.ci.gitlabUrl).host;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRoleWithWebIdentity',
        Principal: { Federated: gitlabOidcProviderArn(env) },
        Condition: {
          StringEquals: { [`${host}:aud`]: GITLAB_AWS_AUDIENCE },
          StringLike: { [`${host}:sub`]: [...subjects] },
        },
      },
    ],
  };
}

/** `sub` claims of the GitLab ID tokens allowed to push: the protected branch and tags of `<group>/<service>`. */
export function pushSubjects(ci: Registry['ci'], service: string): string[] {
  const project = `${ci.group}/${service}`;
  return [gitlabSubject(project, 'branch', ci.branch), gitlabSubject(project, 'tag', '*')];
}
