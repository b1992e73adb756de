/**
 * `@tripokit/testing/hostile`: fakes that misbehave on purpose, for tests of TripoKit's promises under attack:
 * a Tripo API that answers creates, uploads, task reads and downloads badly on a seeded schedule, an API that
 * echoes the key in every text it returns, a file host streaming files of any size.
 */

export {
  CREATE_FAULTS,
  type CreateFault,
  createsTask,
  type FileHostAnswer,
  type HostileApi,
  provesNothingCreated,
  type ReadAnswer,
  randomFaultSchedule,
  type SeenRequest,
  seededRandom,
  startHostileApi,
  succeededTask,
  type UploadAnswer,
} from './hostile-api.js';
export { type HugeFileHost, startHugeFileHost } from './huge-file-host.js';
export {
  everyText,
  KEY_ECHO_CALLS,
  KEY_ECHO_TASKS,
  type KeyEchoApi,
  type KeyEchoRequest,
  startKeyEchoApi,
  writeKeyEchoInputs,
} from './key-echo-api.js';
export {
  type DeliveredByChannel,
  findKeyLeaks,
  type KeyEchoWorld,
  ODD_API_KEY,
  startKeyEchoWorld,
} from './key-leaks.js';
