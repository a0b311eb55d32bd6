// Setup file (vitest.config.ts): after each test file, remove the temporary folders its tests made with makeTempDir.
// It runs after the file's own afterAll hooks (after hooks run in reverse order), so servers are closed first.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

afterAll(removeTempDirs);
