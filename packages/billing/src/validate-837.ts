/** One parsed X12 segment: id and elements (each element split into its components). */
export interface X12Segment {
  readonly id: string;
  /** elements[0] is the first element after the id; each element is its component list. */
  readonly elements: readonly (readonly string[])[];
}

/** Result of `validate837`: structural problems (empty when valid) and counts. */
export interface X12Validation {
  readonly issues: readonly string[];
  readonly segments: readonly X12Segment[];
  readonly transactions: number;
  readonly claims: number;
  readonly serviceLines: number;
}

const el = (s: X12Segment, i: number) => s.elements[i - 1]?.join(':') ?? '';

/**
 * Parses an X12 interchange with the separators declared in its ISA segment (element at byte 3,
 * component at ISA16, segment terminator after it; line breaks after terminators are ignored).
 * Throws nothing: an unreadable ISA yields no segments and one issue from `validate837`.
 */
export function parseX12(text: string): { segments: X12Segment[]; issues: string[] } {
  const issues: string[] = [];
  if (!text.startsWith('ISA') || text.length < 106) {
    return {
      segments: [],
      issues: ['interchange does not start with a 106-character ISA segment'],
    };
  }
  const elementSep = text[3];
  const componentSep = text[104];
  const segmentTerm = text[105];
  const isaFields = text.slice(0, 105).split(elementSep);
  if (isaFields.length !== 17) issues.push(`ISA has ${isaFields.length - 1} elements, expected 16`);
  const segments = text
    .split(segmentTerm)
    .map((s) => s.replace(/^[\r\n]+/, ''))
    .filter((s) => s.length > 0)
    .map((raw) => {
      const parts = raw.split(elementSep);
      const id = parts[0];
      // ISA16 is the component separator itself: do not split it.
      const elements = parts.slice(1).map((e) => (id === 'ISA' ? [e] : e.split(componentSep)));
      return { id, elements };
    });
  return { segments, issues };
}

/**
 * Structural check of an 837P/837I interchange: ISA/IEA, GS/GE and ST/SE pairing, counts and
 * control numbers; HL hierarchy (20 billing provider, 22 subscriber with parent); loop 2300
 * (CLM total equals the sum of line charges; HI composites with ABK first; for 005010X223A2
 * exactly one CL1 before the HI segments, HI in the order ABK, APR (patient's reason for visit,
 * 1-3, required on an outpatient type of bill), ABF); loop 2400 (LX
 * numbered 1..n, each followed by SV1 for 005010X222A1 or SV2 for 005010X223A2 with an HC
 * composite of a 5-character code and at most 4 modifiers; SV1 diagnosis pointers within the HI
 * list). Returns issues as data. Pure.
 */
export function validate837(text: string): X12Validation {
  const { segments, issues } = parseX12(text);
  const out = { issues, segments, transactions: 0, claims: 0, serviceLines: 0 };
  if (segments.length === 0) return out;
  const isa = segments[0];
  const last = segments[segments.length - 1];
  if (last.id !== 'IEA') issues.push('interchange does not end with IEA');
  const groups = segments.filter((s) => s.id === 'GS').length;
  if (last.id === 'IEA') {
    if (el(last, 1) !== String(groups)) issues.push(`IEA01 ${el(last, 1)} != ${groups} groups`);
    if (el(last, 2) !== el(isa, 13)) issues.push(`IEA02 ${el(last, 2)} != ISA13 ${el(isa, 13)}`);
  }
  if (!/^[0-9]{9}$/.test(el(isa, 13))) issues.push('ISA13 is not 9 digits');

  let gs: X12Segment | null = null;
  let stInGroup = 0;
  let st: X12Segment | null = null;
  let stIndex = 0;
  let dxCount = 0;
  let clmTotal: number | null = null;
  let lineSum = 0;
  let expectedLx = 1;
  // Per claim (loop 2300): CL1 segments seen, HI seen, HI stage (0 none, 1 principal ABK,
  // 2 reason for visit APR, 3 other diagnoses ABF), outpatient type of bill.
  let cl1Count = 0;
  let hiStage = 0;
  let reasonForVisit = 0;
  let outpatient = false;
  const hlLevels = new Map<string, string>();
  const version = () => (gs ? el(gs, 8) : '');
  const institutional = () => version().endsWith('X223A2');
  const finishClaim = () => {
    if (clmTotal !== null && Math.abs(clmTotal - lineSum) > 0.005) {
      issues.push(`CLM02 ${clmTotal} != sum of line charges ${lineSum}`);
    }
    if (clmTotal !== null && institutional()) {
      if (cl1Count !== 1) issues.push(`claim has ${cl1Count} CL1 segments, expected 1`);
      if (outpatient && reasonForVisit === 0)
        issues.push("outpatient institutional claim has no patient's reason for visit (HI APR)");
    }
    if (clmTotal !== null && hiStage === 0) issues.push('claim has no principal diagnosis (HI)');
    cl1Count = 0;
    hiStage = 0;
    reasonForVisit = 0;
    outpatient = false;
    clmTotal = null;
    lineSum = 0;
    expectedLx = 1;
  };

  segments.forEach((s, i) => {
    switch (s.id) {
      case 'GS':
        if (gs) issues.push('GS inside an open group');
        gs = s;
        stInGroup = 0;
        break;
      case 'GE':
        if (!gs) issues.push('GE without GS');
        else {
          if (el(s, 1) !== String(stInGroup))
            issues.push(`GE01 ${el(s, 1)} != ${stInGroup} transactions`);
          if (el(s, 2) !== el(gs, 6)) issues.push(`GE02 ${el(s, 2)} != GS06 ${el(gs, 6)}`);
        }
        gs = null;
        break;
      case 'ST':
        if (!gs) issues.push('ST outside a group');
        if (st) issues.push('ST inside an open transaction');
        st = s;
        stIndex = i;
        stInGroup++;
        out.transactions++;
        hlLevels.clear();
        if (el(s, 1) !== '837') issues.push(`ST01 ${el(s, 1)} is not 837`);
        if (el(s, 3) !== version()) issues.push(`ST03 ${el(s, 3)} != GS08 ${version()}`);
        break;
      case 'SE':
        if (!st) issues.push('SE without ST');
        else {
          finishClaim();
          const count = i - stIndex + 1;
          if (el(s, 1) !== String(count)) issues.push(`SE01 ${el(s, 1)} != ${count} segments`);
          if (el(s, 2) !== el(st, 2)) issues.push(`SE02 ${el(s, 2)} != ST02 ${el(st, 2)}`);
        }
        st = null;
        break;
      case 'HL': {
        const [id, parent, level] = [el(s, 1), el(s, 2), el(s, 3)];
        if (id !== String(hlLevels.size + 1)) issues.push(`HL01 ${id} out of sequence`);
        if (level === '20' && parent !== '') issues.push('HL 20 (billing provider) has a parent');
        if (level === '22' && hlLevels.get(parent) !== '20') {
          issues.push(`HL ${id} (subscriber) parent ${parent} is not a billing provider`);
        }
        hlLevels.set(id, level);
        break;
      }
      case 'CLM': {
        finishClaim();
        out.claims++;
        clmTotal = Number(el(s, 2));
        const clm05 = s.elements[4] ?? [];
        if (clm05.length !== 3)
          issues.push(`CLM05 composite has ${clm05.length} components, expected 3`);
        const qualifier = version().endsWith('X222A1') ? 'B' : 'A';
        if (clm05[1] !== qualifier) issues.push(`CLM05-2 ${clm05[1]} != ${qualifier}`);
        // Type of bill 13x/14x/...: second digit 3 = hospital outpatient.
        outpatient = qualifier === 'A' && /^[0-9]3$/.test(clm05[0] ?? '');
        dxCount = 0;
        break;
      }
      case 'CL1':
        if (!institutional()) issues.push('CL1 in a professional claim');
        else if (clmTotal === null) issues.push('CL1 outside a claim (loop 2300)');
        else if (hiStage > 0) issues.push('CL1 after HI (it precedes the diagnoses in loop 2300)');
        cl1Count++;
        if (!/^[1-59]?$/.test(el(s, 1))) issues.push(`CL101 ${el(s, 1)} is not a priority code`);
        if (!/^[0-9A-Z]$/.test(el(s, 2))) issues.push(`CL102 ${el(s, 2)} is not a point of origin`);
        if (!/^[0-9]{2}$/.test(el(s, 3))) issues.push(`CL103 ${el(s, 3)} is not a patient status`);
        break;
      case 'HI': {
        const kind = s.elements[0]?.[0] ?? '';
        s.elements.forEach((e) => {
          if (e.length !== 2 || !/^[A-Z][0-9A-Z]{2,6}$/.test(e[1]))
            issues.push(`HI composite ${e.join(':')} is malformed`);
        });
        const qualifiers = s.elements.map((e) => e[0]);
        if (hiStage === 0) {
          if (kind !== 'ABK') issues.push('first HI composite is not ABK (principal diagnosis)');
          if (institutional() && s.elements.length !== 1)
            issues.push('principal diagnosis HI holds more than one composite');
          for (const q of qualifiers.slice(1))
            if (q !== 'ABF') issues.push(`HI qualifier ${q} is not ABF`);
          hiStage = institutional() ? 1 : 3;
          dxCount += institutional() ? 1 : s.elements.length;
        } else if (kind === 'APR') {
          if (!institutional()) issues.push('HI APR (reason for visit) in a professional claim');
          if (hiStage !== 1) issues.push('HI APR does not follow the principal diagnosis');
          if (s.elements.length > 3) issues.push('HI APR holds more than 3 reasons for visit');
          for (const q of qualifiers) if (q !== 'APR') issues.push(`HI qualifier ${q} is not APR`);
          reasonForVisit += s.elements.length;
          hiStage = 2;
        } else {
          for (const q of qualifiers) if (q !== 'ABF') issues.push(`HI qualifier ${q} is not ABF`);
          hiStage = 3;
          dxCount += s.elements.length;
        }
        break;
      }
      case 'LX':
        if (clmTotal === null) issues.push('LX outside a claim (loop 2300)');
        if (el(s, 1) !== String(expectedLx)) issues.push(`LX ${el(s, 1)} out of sequence`);
        expectedLx++;
        out.serviceLines++;
        {
          const next = segments[i + 1];
          const want = version().endsWith('X222A1') ? 'SV1' : 'SV2';
          if (next?.id !== want) issues.push(`LX ${el(s, 1)} is not followed by ${want}`);
        }
        break;
      case 'SV1':
      case 'SV2': {
        const proc = s.id === 'SV1' ? s.elements[0] : s.elements[1];
        if (!proc || proc[0] !== 'HC' || !/^[0-9]{4}[0-9A-Z]$/.test(proc[1] ?? '')) {
          issues.push(`${s.id} procedure composite ${proc?.join(':')} is malformed`);
        } else if (proc.length > 6 || proc.slice(2).some((m) => !/^[0-9A-Z]{2}$/.test(m))) {
          issues.push(`${s.id} modifiers ${proc.slice(2).join(',')} are malformed`);
        }
        const charge = Number(el(s, s.id === 'SV1' ? 2 : 3));
        if (!Number.isFinite(charge)) issues.push(`${s.id} charge is not a number`);
        lineSum = Math.round((lineSum + charge) * 100) / 100;
        const unitIndex = s.id === 'SV1' ? 3 : 4;
        if (el(s, unitIndex) !== 'UN' || !/^[0-9]+$/.test(el(s, unitIndex + 1))) {
          issues.push(`${s.id} units are malformed`);
        }
        if (s.id === 'SV1') {
          const ptrs = s.elements[6] ?? [];
          if (ptrs.length === 0 || ptrs.length > 4)
            issues.push('SV107 needs 1-4 diagnosis pointers');
          for (const p of ptrs) {
            if (!(Number(p) >= 1 && Number(p) <= dxCount))
              issues.push(`SV107 pointer ${p} outside 1..${dxCount}`);
          }
        } else if (!/^[0-9]{4}$/.test(el(s, 1))) {
          issues.push('SV201 revenue code is not 4 digits');
        }
        break;
      }
    }
  });
  if (gs) issues.push('group not closed by GE');
  if (st) issues.push('transaction not closed by SE');
  return out;
}
