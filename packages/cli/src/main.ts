import { Command } from 'commander';

/** Builds the `anatomodel` program. Each command lives in its own file under src/commands. */
export function buildProgram(): Command {
  const program = new Command('anatomodel')
    .description('Patient-specific 3D printed anatomic models from CT/MRI (DICOM, NIfTI)')
    .showHelpAfterError();
  return program;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code;
    process.stderr.write(`anatomodel: ${(err as Error).message}\n`);
    return 1;
  }
}
