import type { CaseRecord } from './case-record.ts';
import { effortRoles, effortSteps } from './case-record.ts';

/** Hours and minutes of one registry effort cell, or "unknown" when not recorded. */
export type RegistryEffort = { readonly hours: number; readonly minutes: number } | 'unknown';

/** Maximum anatomic parts of one registry digital model. */
export const maxRegistryParts = 20;

const NA = 'not available';

/**
 * ACR/RSNA 3D Printing Registry case export (anonymized: no patient identifiers): the digital
 * model (object type, ordering service, anatomic parts 1-20 with region, subregion, structure,
 * laterality), the physical models (printer, technology, material, scale), effort (physician and
 * non-physician x segmentation, design, printing, post-processing as hours/minutes or
 * "unknown") and the surgeon's user assessment from the review step. Field names follow our
 * reading of the registry case form; see docs/decisions/0006-billing.md. Pure.
 */
export function toRegistryCase(record: CaseRecord): Record<string, unknown> {
  const kinds = new Set(record.components.map((c) => c.kind));
  const objectType =
    kinds.size === 2
      ? 'anatomic model and guide'
      : kinds.has('guide')
        ? 'anatomic guide'
        : 'anatomic model';
  const effort: Record<string, Record<string, RegistryEffort>> = {};
  for (const role of effortRoles) {
    effort[role] = {};
    for (const step of effortSteps) {
      const entries = record.effort.filter((e) => e.role === role && e.step === step);
      const known = entries.length > 0 && entries.every((e) => e.minutes !== null);
      const total = entries.reduce((s, e) => s + (e.minutes ?? 0), 0);
      effort[role][step] = known
        ? { hours: Math.floor(total / 60), minutes: Math.round(total % 60) }
        : 'unknown';
    }
  }
  const rating = record.order.appropriateness;
  return {
    registry: 'ACR/RSNA 3D Printing Registry',
    exportVersion: 1,
    caseId: record.caseId,
    indications: record.order.indications.map((i) => ({
      icd10cm: i.icd10cm,
      description: i.description,
    })),
    intendedUse: record.order.intendedUse ?? NA,
    appropriateness: rating
      ? 'rating' in rating
        ? { scenario: rating.scenario, rating: rating.rating, source: rating.source }
        : { scenario: 'not applicable', reason: rating.reason }
      : NA,
    sourceImaging: record.order.sourceImaging.map((s) => ({
      modality: s.modality,
      studyDate: s.studyDate,
    })),
    digitalModel: {
      objectType,
      orderingService: record.order.orderingService ?? NA,
      partsTruncated: record.components.length > maxRegistryParts,
      anatomicParts: record.components.slice(0, maxRegistryParts).map((c, i) => ({
        part: i + 1,
        kind: c.kind,
        region: c.region,
        subregion: c.subregion ?? NA,
        structure: c.structure,
        laterality: c.laterality,
      })),
    },
    physicalModels: record.prints.map((p) => ({
      printer: p.printer,
      technology: p.technology,
      material: p.material,
      scale: p.scale,
      copies: p.copies,
      parts: p.componentIds.map((id) => record.components.findIndex((c) => c.id === id) + 1),
    })),
    effort,
    userAssessment: record.review?.questionnaire ?? NA,
  };
}
