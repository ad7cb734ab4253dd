/**
 * The service catalog: the application services the platform deploys and monitors, and the secrets they read.
 * Contract (ARCHITECTURE.md): `name`, `namespace`, `port`, `team`, optional `slo.availability`, plus the deployment
 * spec (image, ports, probes, scaling, resources, env, secrets, AWS access, dependencies, public route).
 * A three-line entry (`name`, `team`, `image.tag`) is deployable: every other key has a default. Rules that read
 * other sections (secret catalog, gateway domain, production digests, platform names) are in config/rules.ts.
 */
import { z } from 'zod';
import { cpuQuantity, dnsLabel, memoryQuantity, portName } from './primitives.js';

export const slo = z
  .object({
    availability: z
      .number({ message: 'must be a number (percent), e.g. 99.9' })
      .gt(0, { message: 'must be a percentage greater than 0 and less than 100, e.g. 99.9' })
      .lt(100, { message: 'must be a percentage greater than 0 and less than 100, e.g. 99.9' }),
  })
  .strict();

/** An ECR repository name (without the `<resourcePrefix>/` the registry adds). */
export const repositoryName = z
  .string()
  .max(200, { message: 'must be at most 200 characters' })
  .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, { message: 'must be an ECR repository name: lowercase letters, digits and . _ - between them, e.g. checkout' });

/** OCI tag grammar. */
export const imageTag = z
  .string({ message: 'must be an image tag (quote it in YAML so 1.10 stays "1.10"), e.g. "1.4.2"' })
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: 'must be an image tag: up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -' });

/** The digest the registry reports for a push. */
export const imageDigest = z
  .string()
  .regex(/^sha256:[a-f0-9]{64}$/, { message: 'must be sha256: followed by 64 lowercase hex digits (written by `npm run promote`, never typed by hand)' });

const positiveInt = (what: string) =>
  z
    .number({ message: `must be a whole number of ${what}` })
    .int({ message: `must be a whole number of ${what}` })
    .positive({ message: 'must be greater than zero' });

const containerPort = z
  .number({ message: 'must be a TCP port number from 1024 to 65535' })
  .int({ message: 'must be a TCP port number from 1024 to 65535' })
  .min(1024, { message: 'must be 1024 or above (the container runs as non-root and cannot bind lower ports)' })
  .max(65535, { message: 'must be at most 65535' });

const httpPath = z.string().regex(/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/, { message: 'must be an absolute URL path such as /healthz' });

/** An environment variable name as POSIX shells accept it. */
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name: letters, digits and _, not starting with a digit' });

/** An IAM action such as `s3:GetObject` (no wildcard: name exactly what the service calls). */
const iamAction = z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, { message: 'must be an exact IAM action such as s3:GetObject (no wildcards)' });
/** An ARN without wildcards in the service or account part. */
const arn = z
  .string()
  .regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:[^\s*]+$/, { message: 'must be an exact ARN without wildcards, such as arn:aws:sqs:eu-west-1:111111111111:orders' });

/** AWS services a workload may reach on 443 (through the VPC's interface endpoints or NAT). */
export const AWS_ENDPOINTS = ['s3', 'dynamodb', 'sqs', 'sns', 'secretsmanager', 'kms', 'sts', 'ssm'] as const;

export const DEFAULT_PORTS = { http: 8080, metrics: 9464 } as const;
export const DEFAULT_RESOURCES = { cpu: '100m', memory: '128Mi' } as const;
export const DEFAULT_AUTOSCALING = { min: 2, max: 4, targetCPUUtilisation: 70 } as const;

export const route = z
  .object({
    host: z
      .string()
      .regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, { message: 'must be a lowercase DNS name such as checkout.obs.example.com' })
      .describe('host name, one label under gateway.domain (the gateway certificate covers *.<domain>)'),
    path: httpPath.default('/').describe('path prefix routed to the service'),
    port: portName.default('http').describe('name of the port the route sends traffic to; never the metrics port'),
    auth: z
      .enum(['sign-in'], { message: 'must be sign-in: every route through the gateway requires authentication (the gateway\'s OIDC or basic auth)' })
      .default('sign-in')
      .describe('sign-in: callers authenticate at the gateway like for the UIs (the only mode; the platform publishes nothing unauthenticated)'),
    rateLimit: z
      .object({
        requestsPerClient: positiveInt('requests, e.g. 300'),
        unit: z.enum(['Second', 'Minute', 'Hour'], { message: 'must be Second, Minute or Hour' }).default('Minute'),
      })
      .strict()
      .optional()
      .describe('requests one client IP may make per unit, counted by each Envoy replica; @default - gateway.rateLimit'),
  })
  .strict();

export const service = z
  .object({
    name: dnsLabel.describe('service name (DNS label, unique in the catalog)'),
    namespace: dnsLabel.optional().describe('namespace the service runs in; @default - the service name'),
    team: dnsLabel.describe('team that owns the service; routes its alerts'),
    deploy: z
      .boolean()
      .default(true)
      .describe('false: the platform only monitors the service (ServiceMonitor, dashboard, SLO); its workload is deployed elsewhere'),
    image: z
      .object({
        repository: repositoryName.optional().describe('ECR repository (<resourcePrefix>/<repository>); @default - the service name'),
        tag: imageTag.describe('the deployed version'),
        digest: imageDigest.optional().describe('sha256 of the image; required when tier is production (set by `npm run promote`)'),
      })
      .strict()
      .optional()
      .describe('the deployed image; required unless deploy is false'),
    ports: z
      .record(portName, containerPort, { message: 'must map port names to container port numbers, e.g. { http: 8080, metrics: 9464 }' })
      .default({ ...DEFAULT_PORTS })
      .describe('container ports by name, each also a Service port of the same number; the API is served on "http"'),
    port: portName.default('metrics').describe('name of the Service port exposing /metrics (a key of ports)'),
    metricsPath: httpPath.default('/metrics').describe('path Prometheus scrapes'),
    health: z
      .object({
        port: portName.default('http').describe('port of the probes (a key of ports)'),
        liveness: httpPath.default('/healthz'),
        readiness: httpPath.default('/readyz'),
      })
      .strict()
      .default({ port: 'http', liveness: '/healthz', readiness: '/readyz' })
      .describe('HTTP probe paths'),
    replicas: positiveInt('replicas').optional().describe('a fixed replica count without autoscaling; leave out to autoscale'),
    autoscaling: z
      .object({
        min: positiveInt('replicas').describe('fewest replicas'),
        max: positiveInt('replicas').describe('most replicas'),
        targetCPUUtilisation: z
          .number({ message: 'must be a whole percentage of the CPU request, e.g. 70' })
          .int({ message: 'must be a whole percentage of the CPU request, e.g. 70' })
          .min(10, { message: 'must be at least 10 (percent of the CPU request)' })
          .max(100, { message: 'must be at most 100 (percent of the CPU request)' })
          .default(DEFAULT_AUTOSCALING.targetCPUUtilisation),
      })
      .strict()
      .optional()
      .describe(`HorizontalPodAutoscaler on CPU; @default - ${JSON.stringify(DEFAULT_AUTOSCALING)} unless replicas is set`),
    resources: z
      .object({
        cpu: cpuQuantity.describe('CPU request (the autoscaler target is a share of it)'),
        memory: memoryQuantity.describe('memory request; also the memory limit'),
      })
      .strict()
      .default({ ...DEFAULT_RESOURCES }),
    terminationGracePeriodSeconds: z
      .number({ message: 'must be a whole number of seconds' })
      .int({ message: 'must be a whole number of seconds' })
      .min(1, { message: 'must be at least 1' })
      .max(600, { message: 'must be at most 600' })
      .default(30)
      .describe('time between SIGTERM and SIGKILL; keep it above the service\'s own drain time'),
    env: z
      .record(envName, z.string({ message: 'must be a string (quote numbers and booleans in YAML)' }))
      .default({})
      .describe('plain, non-secret environment variables (a ConfigMap)'),
    secrets: z
      .array(dnsLabel)
      .default([])
      .describe('names of entries of the top-level secrets list; each is mounted read-only at /var/run/secrets/<name>/<key>'),
    aws: z
      .object({
        actions: z.array(iamAction).min(1, { message: 'must list at least one IAM action' }),
        resources: z.array(arn).min(1, { message: 'must list at least one resource ARN' }),
      })
      .strict()
      .optional()
      .describe('AWS access through an EKS Pod Identity role allowed exactly these actions on these resources'),
    dependencies: z
      .object({
        services: z.array(dnsLabel).default([]).describe('catalog services this one calls (egress to their http port)'),
        aws: z
          .array(z.enum(AWS_ENDPOINTS, { message: `must be one of ${AWS_ENDPOINTS.join(', ')}` }))
          .default([])
          .describe('AWS service endpoints this one calls (egress on 443)'),
      })
      .strict()
      .default({ services: [], aws: [] }),
    route: route.optional().describe('a public route through the platform gateway'),
    slo: slo.optional().describe('service level objective; enables burn-rate alerts'),
  })
  .strict()
  .transform(({ namespace, ...svc }) => ({ ...svc, namespace: namespace ?? svc.name }));

/** One application secret: cdktf creates it in AWS Secrets Manager (empty), services list it by name. */
export const appSecret = z
  .object({
    name: dnsLabel.describe('secret name; the AWS secret is <resourcePrefix>/<name>, the Kubernetes Secret <name>'),
    description: z.string().min(1, { message: 'must say what the secret is for' }),
    keys: z
      .array(z.string().regex(/^[-._a-zA-Z0-9]+$/, { message: 'must be a Secret key: letters, digits, - _ .' }))
      .min(1, { message: 'must list the JSON properties the secret holds' }),
  })
  .strict();

export const secrets = z.array(appSecret).default([]).describe('application secrets the catalog services may read (values set out of band)');

function unique<T extends { name: string }>(what: string) {
  return (list: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const first = seen.get(item.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `duplicate ${what} name "${item.name}" (already used by ${what === 'service' ? 'services' : 'secrets'}[${first}]); names must be unique`,
        });
      } else {
        seen.set(item.name, index);
      }
    });
  };
}

export const services = z.array(service).default([]).superRefine(unique('service'));
export const uniqueSecrets = secrets.superRefine(unique('secret'));

/** A full catalog entry: the deployment spec of one service. */
export type CatalogService = z.infer<typeof service>;
/** What monitoring (ServiceMonitor, dashboards, SLO rules, routing) needs of a catalog entry. */
export type Service = Pick<CatalogService, 'name' | 'namespace' | 'team' | 'port' | 'slo'>;
export type ServiceRoute = z.infer<typeof route>;
export type AppSecret = z.infer<typeof appSecret>;
