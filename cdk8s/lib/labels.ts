/** Recommended `app.kubernetes.io/*` labels; selectors leave out the version so upgrades keep matching. */

export interface ComponentIdentity {
  /** `app.kubernetes.io/name`, e.g. `node-exporter`. */
  readonly name: string;
  /** `app.kubernetes.io/component`, e.g. `exporter`, `server`. */
  readonly component: string;
  /** `app.kubernetes.io/version`, the image tag without a leading `v`. */
  readonly version: string;
  /**
   * `app.kubernetes.io/instance`, to tell apart several instances of one name.
   * @default - the name
   */
  readonly instance?: string;
}

export interface ComponentLabels {
  /** Every label, for metadata. */
  readonly labels: Record<string, string>;
  /** The stable subset (no version), for selectors. */
  readonly selector: Record<string, string>;
}

export function componentLabels(id: ComponentIdentity): ComponentLabels {
  const selector = {
    'app.kubernetes.io/name': id.name,
    'app.kubernetes.io/instance': id.instance ?? id.name,
  };
  return {
    selector,
    labels: { ...selector, 'app.kubernetes.io/component': id.component, 'app.kubernetes.io/version': id.version.replace(/^v/, '') },
  };
}
