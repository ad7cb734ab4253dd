/**
 * The rules the toolbox Dockerfile must follow, checked on its syntax tree (dockerfile-ast): every base pinned by
 * digest and never `latest`, exact tool versions, downloads verified rather than piped into a shell, and a final
 * non-root user. `lintDockerfile` returns the problems (empty when the file complies).
 */
import { DockerfileParser } from 'dockerfile-ast';

/** Tools the toolbox must carry, as `<NAME>_VERSION` build arguments with exact versions. */
export const TOOL_VERSION_ARGS = ['KUBECTL_VERSION', 'TERRAFORM_VERSION', 'PROMETHEUS_VERSION', 'ALERTMANAGER_VERSION', 'AWSCLI_VERSION'];

const ROOT_USERS = new Set(['root', '0', '0:0', 'root:root']);

export function lintDockerfile(text: string): string[] {
  const dockerfile = DockerfileParser.parse(text);
  const problems: string[] = [];
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) problems.push('no FROM instruction');
  const stages = new Set<string>();
  for (const from of froms) {
    const image = from.getImage() ?? '';
    const line = from.getRange().start.line + 1;
    if (!stages.has(from.getImageName() ?? '')) {
      if (!/^sha256:[0-9a-f]{64}$/.test(from.getImageDigest() ?? '')) problems.push(`line ${line}: FROM ${image} is not pinned by @sha256 digest`);
      const tag = from.getImageTag();
      if (!tag || tag === 'latest') problems.push(`line ${line}: FROM ${image} needs an exact tag (not latest) next to its digest`);
    }
    const stage = from.getBuildStage();
    if (stage) stages.add(stage);
  }

  const args = new Map<string, string | null>();
  for (const arg of dockerfile.getARGs()) {
    const property = arg.getProperty();
    if (property) args.set(property.getName(), property.getValue());
  }
  for (const name of TOOL_VERSION_ARGS) {
    const value = args.get(name);
    if (value === undefined) problems.push(`ARG ${name} is missing`);
    else if (!/^\d+\.\d+\.\d+$/.test(value ?? '')) problems.push(`ARG ${name}=${value} is not an exact version like 1.2.3`);
  }

  const instructions = dockerfile.getInstructions();
  for (const instruction of instructions) {
    const content = instruction.getRawArgumentsContent() ?? '';
    const line = instruction.getRange().start.line + 1;
    if (instruction.getKeyword() === 'RUN' && /\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(ba|z)?sh\b/.test(content)) {
      problems.push(`line ${line}: pipes a download into a shell; download, verify the checksum, then run`);
    }
    if (/:latest\b/.test(content)) problems.push(`line ${line}: refers to a :latest image`);
  }

  const lastFrom = froms.at(-1);
  const finalStage = lastFrom ? instructions.filter((i) => i.getRange().start.line > lastFrom.getRange().start.line) : [];
  const user = finalStage.filter((i) => i.getKeyword() === 'USER').at(-1)?.getArgumentsContent()?.trim();
  if (!user) problems.push('the final stage sets no USER; it would run as root');
  else if (ROOT_USERS.has(user)) problems.push(`the final stage runs as ${user}; use an unprivileged user`);
  return problems;
}
