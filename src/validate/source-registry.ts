import { kazooSource } from '../kazoo/stage-kazoo.js';
import type { StagedRecordSource } from '../store/staged-source.js';
import { fileRowsSource } from './file-source.js';
import { radiusGroupsSource } from './stage-radius.js';

/** Every source of staged records, in the order a staging pass runs them: add a source here. */
export const stagedRecordSources: readonly StagedRecordSource[] = [
  fileRowsSource,
  radiusGroupsSource,
  kazooSource,
];
