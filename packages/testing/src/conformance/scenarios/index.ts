import type { ScenarioGroup } from '../scenario.js';
import { billingSafety } from './billing-safety.js';
import { cancellation } from './cancellation.js';
import { deadline } from './deadline.js';
import { failures } from './failures.js';
import { imageInput } from './image-input.js';
import { invalidInput } from './invalid-input.js';
import { secrets } from './secrets.js';
import { textToModel } from './text-to-model.js';
import { toolListing } from './tool-listing.js';

/** Every scenario group, in the order they run. */
export const SCENARIO_GROUPS: readonly ScenarioGroup[] = [
  toolListing,
  textToModel,
  imageInput,
  failures,
  billingSafety,
  invalidInput,
  deadline,
  cancellation,
  secrets,
];
