/**
 * vitest setupFiles entry: runs before every test file, even though the module cache is shared across the files of a
 * worker (`isolate: false` in vitest.config.ts). Hooks that every file needs are registered here, never at the top
 * level of a shared helper module (that would register them for the first file of each worker only).
 */
import { afterEach } from 'vitest';
import { removeScratch } from './repo.js';

afterEach(removeScratch);
