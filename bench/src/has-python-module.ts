import { spawnSync } from 'node:child_process';

/** The system Python that the Python peers (VTK, pydicom) run under. */
export const PYTHON = '/usr/bin/python3';

/** True when the system Python can import `module` (false when Python itself is absent). */
export function hasPythonModule(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`]).status === 0;
}
