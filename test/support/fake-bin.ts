/**
 * Stand-ins for outside CLIs at the process boundary: a folder of executables put first on PATH, each recording its
 * arguments (one line per call) before running the behaviour the test gives it. Nothing reaches the network.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './repo.js';

export interface FakeBin {
  /** The folder holding the fakes: put it first on PATH. */
  readonly dir: string;
  /** `PATH` with the fakes first. */
  readonly path: string;
  /** The recorded calls of one fake: its arguments joined by spaces, one entry per call. */
  calls(name: string): string[];
}

/** Creates executables `name` → bash body; each logs `$*` to `<dir>/<name>.calls` first. */
export function fakeBin(tools: Record<string, string>): FakeBin {
  const dir = tempDir('fake-bin-');
  for (const [name, body] of Object.entries(tools)) {
    const file = join(dir, name);
    writeFileSync(file, `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >> "${join(dir, `${name}.calls`)}"\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return {
    dir,
    path: `${dir}:${process.env.PATH ?? ''}`,
    calls: (name) => {
      const log = join(dir, `${name}.calls`);
      return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    },
  };
}
