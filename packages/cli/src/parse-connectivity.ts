import type { Connectivity } from '@anatomodel/segmentation';

/** Parses `--connectivity`: 6, 18 or 26. */
export function parseConnectivity(text: string): Connectivity {
  const connectivity = Number(text);
  if (connectivity !== 6 && connectivity !== 18 && connectivity !== 26) {
    throw new Error(`--connectivity must be 6, 18 or 26, got '${text}'`);
  }
  return connectivity;
}
