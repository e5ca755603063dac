import { Command } from 'commander';
import { registerInspectCommand } from './commands/inspect.ts';
import { registerConvertCommand } from './commands/convert.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerSegmentCommand } from './commands/segment.ts';
import { registerBillingCommand } from './commands/billing.ts';
import { registerModelCommand } from './commands/model.ts';

/** Builds the `anatomodel` program. Each command lives in its own file under src/commands. */
export function buildProgram(): Command {
  const program = new Command('anatomodel')
    .description('Patient-specific 3D printed anatomic models from CT/MRI (DICOM, NIfTI)')
    .showHelpAfterError();
  registerInspectCommand(program);
  registerConvertCommand(program);
  registerDemoCommand(program, buildProgram);
  registerSegmentCommand(program);
  registerBillingCommand(program);
  registerModelCommand(program);
  return program;
}

/** One line for the user: the error code when the error has one, then the message. */
export function describeError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return typeof e?.code === 'string' && /^[A-Z_]+$/.test(e.code)
    ? `${e.code}: ${message}`
    : message;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 bad input or failure). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === 'number') return code;
    process.stderr.write(`anatomodel: ${describeError(err).replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}
