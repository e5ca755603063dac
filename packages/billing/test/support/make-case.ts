import { parseCaseRecord, type CaseRecord } from '../../src/index.ts';
import { readExample } from './golden-outputs.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

/** A deep copy of an example case (default: craniofacial-tumour), edited by `edit`. */
export function makeCase(
  edit: (c: Mutable<CaseRecord>) => void = () => {},
  example = 'craniofacial-tumour',
): CaseRecord {
  const c = structuredClone(parseCaseRecord(readExample(example))) as Mutable<CaseRecord>;
  edit(c);
  return parseCaseRecord(c);
}

/** `n` model components and `m` guide components, ids m1.., g1... */
export function components(n: number, m: number): CaseRecord['components'] {
  const one = (kind: 'model' | 'guide', i: number) => ({
    id: `${kind[0]}${i}`,
    kind,
    name: `${kind} ${i}`,
    region: 'head and neck',
    subregion: null,
    structure: `structure ${i}`,
    laterality: 'left' as const,
  });
  return [
    ...Array.from({ length: n }, (_, i) => one('model', i + 1)),
    ...Array.from({ length: m }, (_, i) => one('guide', i + 1)),
  ];
}
