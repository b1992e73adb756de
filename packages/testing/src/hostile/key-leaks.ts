import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  everyText,
  KEY_ECHO_CALLS,
  type KeyEchoApi,
  startKeyEchoApi,
  writeKeyEchoInputs,
} from './key-echo-api.js';

/**
 * The key the key-leak tests give TripoKit: not shaped like a Tripo key (`tsk_…`), so only the masking of the
 * registered key can hide it; `/+=.~` survive URLs oddly.
 */
export const ODD_API_KEY = 'Wq7.odd/Key+shape=9f3c~x2';

/** A key-echoing API with an allowed input folder holding the files {@link KEY_ECHO_CALLS} read. */
export interface KeyEchoWorld {
  key: string;
  api: KeyEchoApi;
  /** Allowed input folder and output folder at once. */
  dir: string;
  close(): Promise<void>;
}

/** Starts {@link startKeyEchoApi} with `key` and a fresh folder for inputs and outputs. */
export async function startKeyEchoWorld(key: string = ODD_API_KEY): Promise<KeyEchoWorld> {
  const api = await startKeyEchoApi(key);
  const dir = await mkdtemp(path.join(tmpdir(), 'tripokit-key-leak-'));
  await writeKeyEchoInputs(dir);
  return {
    key,
    api,
    dir,
    async close() {
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What one tool call delivered, by the channel it came through (`result`, `progress`, `error`, `log`…); a
 * channel may hold anything, errors included: {@link everyText} reads it all.
 */
export type DeliveredByChannel = Record<string, unknown>;

/**
 * Runs each of {@link KEY_ECHO_CALLS} through `call` (which drives the adapter as an application would and
 * returns what each channel delivered) and lists where the key showed: `<tool>: <channel>` for a call, and
 * `file host: <url>` for a request to the file host that carried it. Empty when nothing leaked.
 */
export async function findKeyLeaks(
  world: KeyEchoWorld,
  call: (name: string, args: Record<string, unknown>) => Promise<DeliveredByChannel>,
): Promise<string[]> {
  const leaks: string[] = [];
  for (const [name, args] of KEY_ECHO_CALLS) {
    const delivered = await call(name, { ...args });
    for (const [channel, value] of Object.entries(delivered))
      if (everyText(value).includes(world.key)) leaks.push(`${name}: ${channel}`);
  }
  for (const request of world.api.fileHostRequests())
    if (everyText(request).includes(world.key))
      leaks.push(`file host: ${request.method} (key in the request)`);
  return leaks;
}
