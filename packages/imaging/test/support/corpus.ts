import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/**
 * Root of the shared DICOM corpus: $ANATOMODEL_CORPUS, else ../shared/corpus beside the
 * repository. Returns undefined when absent so tests can skip with a clear message.
 */
export function corpusRoot(): string | undefined {
  const candidates = [
    process.env.ANATOMODEL_CORPUS,
    resolve(fileURLToPath(new URL('../../../../../shared/corpus', import.meta.url))),
  ].filter((x): x is string => !!x);
  return candidates.find((p) => existsSync(join(p, 'MANIFEST.md')));
}

/** Message for test.skip when the corpus is absent. */
export const CORPUS_ABSENT =
  'corpus absent: set ANATOMODEL_CORPUS or place shared/corpus beside the repository';
