/** Where an environment lives in AWS and how its resources are tagged and its state stored. */
import { z } from 'zod';

export const aws = z
  .object({
    accountId: z.string().regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id (quote it in YAML)' }),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region such as eu-west-1' }),
  })
  .strict();

export const tags = z
  .object({
    owner: z.string().min(1, { message: 'must not be empty' }).describe('team that owns the environment'),
    costCentre: z.string().min(1, { message: 'must not be empty' }).describe('cost centre billed for it'),
  })
  .strict();

export const terraformState = z
  .object({
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
      .describe('S3 bucket holding Terraform state (created by the bootstrap step, see docs)'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: 'must be an AWS region such as eu-west-1' })
      .optional()
      .describe('region of the state bucket; defaults to aws.region'),
  })
  .strict();
