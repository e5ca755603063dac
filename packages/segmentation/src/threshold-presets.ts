/** One named intensity range for thresholding. */
export interface ThresholdPreset {
  /** CLI / API name, kebab-case */
  readonly name: string;
  /** human description */
  readonly description: string;
  /** inclusive lower bound, in `unit` */
  readonly lower: number;
  /** inclusive upper bound, in `unit` */
  readonly upper: number;
  /** 'HU' presets apply to CT volumes only */
  readonly unit: 'HU';
  /** where the range comes from */
  readonly source: string;
}

/**
 * Threshold presets for CT, in Hounsfield units (inclusive ranges). The upper bound 3071 HU is
 * the top of the 12-bit CT range (-1024..3071) that scanners store, so "and everything denser"
 * presets end there. Ranges are starting points: the technologist adjusts them per scan
 * (contrast timing, kernel, noise). Sources are named per preset; see
 * docs/decisions/0004-segmentation-kernels.md for the reasoning.
 */
export const THRESHOLD_PRESETS: readonly ThresholdPreset[] = Object.freeze([
  {
    name: 'ct-bone',
    description: 'CT bone (cortical and most trabecular bone), excludes contrast-enhanced blood',
    lower: 300,
    upper: 3071,
    unit: 'HU',
    source:
      'Issue 3 brief (bone 300..3071 HU); above the ~100-300 HU of enhanced vessels and trabecular bone on published Hounsfield-scale tables; Mimics\' default "Bone (CT)" set starts lower (226 HU) and includes more cancellous bone',
  },
  {
    name: 'ct-vessels',
    description: 'CT angiography: contrast-enhanced vessel lumen',
    lower: 150,
    upper: 600,
    unit: 'HU',
    source:
      'Typical CTA lumen attenuation 250-500 HU (diagnostic CTA aims at >250 HU); 150 HU lower bound keeps smaller, less enhanced branches; cortical bone above 600 HU is excluded',
  },
  {
    name: 'ct-airway',
    description: 'CT airway lumen and aerated lung (air-filled spaces)',
    lower: -1024,
    upper: -400,
    unit: 'HU',
    source:
      'Air is -1000 HU, aerated lung parenchyma about -900..-500 HU on published Hounsfield-scale tables; -400 HU excludes soft tissue and partial-volume walls',
  },
  {
    name: 'ct-skin',
    description: 'CT body outline (skin surface): everything denser than air and fat-air boundary',
    lower: -300,
    upper: 3071,
    unit: 'HU',
    source:
      'Fat is about -100 HU and air -1000 HU; the skin/air iso-surface is conventionally taken between -500 and -200 HU (e.g. 3D Slicer skin surface tutorials); -300 keeps fat inside the body',
  },
  {
    name: 'ct-soft-tissue',
    description: 'CT soft tissue (muscle, organs, unenhanced blood), excludes fat and bone',
    lower: -100,
    upper: 300,
    unit: 'HU',
    source:
      'Published Hounsfield-scale tables: fat -120..-60, water 0, muscle and organs about +20..+80, enhanced organs up to ~200 HU; bounded by the fat and bone ranges',
  },
]);

/** The preset called `name`, or undefined. */
export function findThresholdPreset(name: string): ThresholdPreset | undefined {
  return THRESHOLD_PRESETS.find((p) => p.name === name);
}
