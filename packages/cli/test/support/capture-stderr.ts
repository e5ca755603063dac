/**
 * Runs `fn` with process.stderr captured; returns its result and what it wrote. stderr is
 * restored even when `fn` throws.
 */
export async function captureStderr<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; stderr: string }> {
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (
    chunks.push(String(s)),
    true
  )) as typeof process.stderr.write;
  try {
    const result = await fn();
    return { result, stderr: chunks.join('') };
  } finally {
    process.stderr.write = write;
  }
}
