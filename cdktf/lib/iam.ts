/** IAM building blocks shared by the stacks: service roles and least-privilege policy documents. */
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

/** `arn:aws:iam::aws:policy/<name>`: an AWS-managed policy. */
export function awsManagedPolicy(name: string): string {
  return `arn:aws:iam::aws:policy/${name}`;
}

/** Principal of EKS Pod Identity (the agent assumes the role for a ServiceAccount). */
export const POD_IDENTITY_SERVICE = 'pods.eks.amazonaws.com';

export interface ServiceRoleProps {
  /** IAM role name. */
  readonly name: string;
  /** Service principal allowed to assume the role, e.g. `eks.amazonaws.com`. */
  readonly service: string;
  /** Extra actions the principal needs besides `sts:AssumeRole`. @default - none */
  readonly extraAssumeActions?: readonly string[];
  /** AWS-managed policies (names, not ARNs) attached to the role. @default - none */
  readonly managedPolicies?: readonly string[];
  /** Inline policy statements; each must name exact actions and resources. @default - no inline policy */
  readonly statements?: readonly DataAwsIamPolicyDocumentStatement[];
}

/** An IAM role a service assumes, with its managed policies and an optional inline least-privilege policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** The inline policy document, when `statements` were given. */
  readonly policy?: DataAwsIamPolicyDocument;
  /** Attachments and inline policy: depend on these before the role is used. */
  readonly grants: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole', ...(props.extraAssumeActions ?? [])],
          principals: [{ type: 'Service', identifiers: [props.service] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.name, assumeRolePolicy: trust.json });
    for (const policy of props.managedPolicies ?? []) {
      this.grants.push(new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: awsManagedPolicy(policy) }));
    }
    if (props.statements?.length) {
      const wildcard = props.statements.find((s) => [...(s.actions ?? []), ...(s.resources ?? [])].some((v) => v.includes('*')));
      if (wildcard) {
        throw new Error(`statements of role ${props.name}: "${[...(wildcard.actions ?? []), ...(wildcard.resources ?? [])].join(', ')}" contains a wildcard; list exact actions and resource ARNs`);
      }
      this.policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: [...props.statements] });
      this.grants.push(new IamRolePolicy(this, 'inline', { name: props.name, role: this.role.name, policy: this.policy.json }));
    }
  }
}

/** A role for EKS Pod Identity: trusted by `pods.eks.amazonaws.com` with `sts:TagSession`. */
export function podIdentityRole(scope: Construct, id: string, props: Omit<ServiceRoleProps, 'service' | 'extraAssumeActions'>): ServiceRole {
  return new ServiceRole(scope, id, { ...props, service: POD_IDENTITY_SERVICE, extraAssumeActions: ['sts:TagSession'] });
}

export interface IrsaRoleProps {
  /** IAM role name. */
  readonly name: string;
  /** The cluster's IAM OIDC provider (ARN and issuer URL). */
  readonly provider: { readonly arn: string; readonly url: string };
  /** The one ServiceAccount allowed to assume the role. */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  /** Inline policy statements; exact actions and resources only. */
  readonly statements: readonly DataAwsIamPolicyDocumentStatement[];
}

/**
 * An IAM role for a Kubernetes ServiceAccount through IRSA (OIDC web identity), for workloads whose AWS SDK cannot
 * take EKS Pod Identity credentials. Only the named ServiceAccount, with audience `sts.amazonaws.com`, may assume it.
 */
export class IrsaRole extends Construct {
  readonly role: IamRole;
  readonly policy: DataAwsIamPolicyDocument;
  readonly grants: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const wildcard = props.statements.find((s) => [...(s.actions ?? []), ...(s.resources ?? [])].some((v) => v.includes('*')));
    if (wildcard) {
      throw new Error(`statements of role ${props.name}: "${[...(wildcard.actions ?? []), ...(wildcard.resources ?? [])].join(', ')}" contains a wildcard; list exact actions and resource ARNs`);
    }
    // The issuer without its scheme is the condition key prefix IAM expects (oidc.eks.<region>.amazonaws.com/id/…).
    const issuer = Fn.replace(props.provider.url, 'https://', '');
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.provider.arn] }],
          condition: [
            { test: 'StringEquals', variable: `${issuer}:sub`, values: [`system:serviceaccount:${props.serviceAccount.namespace}:${props.serviceAccount.name}`] },
            { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'role', { name: props.name, assumeRolePolicy: trust.json });
    this.policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: [...props.statements] });
    this.grants.push(new IamRolePolicy(this, 'inline', { name: props.name, role: this.role.name, policy: this.policy.json }));
  }
}
