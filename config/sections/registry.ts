/** ECR repositories of the images the platform builds. */
import { z } from 'zod';

const repositoryName = z
  .string()
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, { message: 'must be an ECR repository name: lowercase letters, digits and . _ - between them, e.g. toolbox' });

export const registry = z
  .object({
    repositories: z
      .array(repositoryName)
      .min(1, { message: 'must list at least one repository (the CI image "toolbox")' })
      .refine((l) => new Set(l).size === l.length, { message: 'must not list a repository twice' })
      .refine((l) => l.includes('toolbox'), { message: 'must include "toolbox" (the CI toolbox image)' })
      .describe('one repository per image the platform builds; the full name is <resourcePrefix>/<name>'),
    untaggedExpiryDays: z.number().int().min(1, { message: 'must be at least 1 day' }).default(7).describe('untagged images are deleted after this many days'),
    ci: z
      .object({
        gitlabUrl: z
          .string()
          .regex(/^https:\/\/[a-z0-9.-]+(:\d+)?$/, { message: 'must be the https:// URL of the GitLab instance, without a path, e.g. https://gitlab.example.com' })
          .describe('GitLab whose OIDC tokens the push roles trust (the IAM OIDC identity provider of docs/ci-cd.md)'),
        group: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/, { message: 'must be a GitLab group path such as apps or shop/services' })
          .describe('group of the service projects: the pipeline of <group>/<service> may push that service\'s image'),
        branch: z.string().regex(/^[A-Za-z0-9._\/-]+$/, { message: 'must be a branch name such as main' }).default('main').describe('the protected branch whose pipelines may push'),
      })
      .strict()
      .describe('who may push service images: one IAM role per catalog service, assumable only from its GitLab project'),
    keepTaggedImages: z.number().int().min(1, { message: 'must keep at least 1 tagged image' }).default(30).describe('how many tagged images each repository keeps (oldest expire first)'),
  })
  .strict();

export type Registry = z.infer<typeof registry>;
