/** Where Alertmanager finds the receiver credentials and the message templates inside its pods. */
import { RECEIVER_SECRET } from '../../../config/sections/alerting.js';

export { RECEIVER_SECRET, receiverSecretKey, receiverSecretKeys } from '../../../config/sections/alerting.js';

/** Where prometheus-operator mounts a Secret listed in the Alertmanager CR's `spec.secrets`. */
export const OPERATOR_SECRETS_DIR = `/etc/alertmanager/secrets/${RECEIVER_SECRET}`;

/** Where prometheus-operator mounts the config Secret (all of its keys, including templates). */
export const OPERATOR_CONFIG_DIR = '/etc/alertmanager/config';
