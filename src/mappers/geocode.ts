import { addRef, type Draft, rejectDraftField, rejectField } from './build-record.js';
import type { EntityRow } from './fields.js';

/**
 * Latitude and longitude are required by the newest account-create doc, yet exports rarely have
 * them. Both blank → one PendingRef `{ path: 'latitude', lookup: 'geocode' }` covering both
 * coordinates: the loader fills them from Sonar's /_data/validate_address before creating, as
 * Sonar's own importer does. One given without the other is a mistake we name. A coordinate that
 * is given but invalid is left to the schema, which rejects it. A US address with a blank county is
 * geocoded too, for its county.
 */
export function geocodeWhenBlank(draft: Draft, row: EntityRow, legacyKey: string): void {
  const failed = row.fields.latitude?.problem !== undefined || row.fields.longitude?.problem !== undefined;
  if (failed) return;
  const hasLatitude = draft.payload.latitude !== undefined;
  const hasLongitude = draft.payload.longitude !== undefined;
  if (!hasLatitude && !hasLongitude) {
    // Geocoding also fills a blank US county (the loader reads it from the same answer).
    addRef(draft, { path: 'latitude', lookup: 'geocode', name: '' });
    return;
  }
  if (hasLatitude && hasLongitude) {
    // doc ~16154: county is required for US addresses (it drives geo taxes). A blank one is filled
    // at load from Sonar's /_data/validate_address, as Sonar's importer does; coordinates given stay.
    if (draft.payload.country === 'US' && !draft.payload.county) {
      addRef(draft, { path: 'county', lookup: 'geocode', name: '' });
    }
    return;
  }
  const [missing, given] = hasLatitude ? ['longitude', 'latitude'] : ['latitude', 'longitude'];
  rejectDraftField(
    draft,
    missing,
    rejectField(
      row,
      'MAP_MISSING_REQUIRED',
      missing,
      row.fields[missing],
      `${missing} is blank but ${given} is given: give both, or leave both blank to have the address geocoded`,
      legacyKey,
    ),
  );
}
