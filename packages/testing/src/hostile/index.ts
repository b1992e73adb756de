/**
 * `@tripokit/testing/hostile`: fakes that misbehave on purpose, for tests of TripoKit's promises under attack:
 * an API that echoes the key in every text it returns, a file host streaming files of any size.
 */

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
