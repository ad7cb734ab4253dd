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
    keepTaggedImages: z.number().int().min(1, { message: 'must keep at least 1 tagged image' }).default(30).describe('how many tagged images each repository keeps (oldest expire first)'),
  })
  .strict();

export type Registry = z.infer<typeof registry>;
