import type { Fields } from './conversation.js';
import { num, type ResultSummary, str } from './results.js';

/** Prose the scripted agent writes from tool results. Plain sentences, no markdown. */

function credits(n: number): string {
  return `${n.toLocaleString('en')} credit${n === 1 ? '' : 's'}`;
}

function costSentence(f: Fields): string {
  const used = num(f, 'credits_consumed');
  return used === undefined ? '' : ` It used ${credits(used)}.`;
}

export function generated(prompt: string, status: Fields): string {
  return `Here is ${prompt}. It's in the viewer above: drag to orbit, scroll to zoom, or download the GLB.${costSentence(status)} Next I can make a low-poly version, or rig it and make it walk.`;
}

export function lowPolyMade(title: string, status: Fields): string {
  return `Done: a low-poly version of ${title} is ready, with far fewer faces and the look baked in, so it's light enough for games and the web.${costSentence(status)} You'll find it in the viewer and in the session gallery next to the original.`;
}

export function converted(title: string, format: string): string {
  return `Converted ${title} to ${format.toUpperCase()}. Use the download button on its card to save the file.`;
}

export function animated(title: string, animation: string, rigType: string | undefined): string {
  const skeleton = rigType ? ` with a ${rigType} skeleton` : '';
  const move = animation.replace(/^preset:/, '').replace(/[_:-]+/g, ' ');
  return `${title.charAt(0).toUpperCase()}${title.slice(1)} is rigged${skeleton} and the "${move}" animation is applied; it plays in the viewer above. Download the GLB to drop it into a game engine or a scene.`;
}

export function notRiggable(summary: ResultSummary): string {
  const why = summary.message ? ` ${summary.message}` : '';
  return `Tripo's pre-rig check says this model can't be rigged.${why} Rigging works best on characters and animals with clear limbs; try generating one in a neutral pose, then ask me again.`;
}

export function balance(f: Fields): string {
  const available = num(f, 'balance') ?? num(f, 'available');
  const frozen = num(f, 'frozen');
  if (available === undefined) return str(f, 'message') ?? 'I could not read the balance.';
  const held = frozen ? `, and ${credits(frozen)} are reserved for tasks still running` : '';
  return `You have ${credits(available)} available${held}. Credits are charged only when a task succeeds.`;
}

export function failed(what: string, summary: ResultSummary): string {
  const parts = [`Tripo couldn't ${what}.`, summary.message, summary.nextStep];
  return parts.filter(Boolean).join(' ');
}

export function stillRunning(taskId: string | undefined): string {
  const id = taskId ? ` (task ${taskId})` : '';
  return `It's still running at Tripo${id}. I stopped waiting so the chat stays responsive; ask me to check on it in a minute.`;
}

export const NO_MODEL_YET =
  'There is no model in this chat yet to work on. Describe one first, for example "make a red dragon", and then I can change it.';

export const HELP =
  'I make 3D models with Tripo. Describe what you want, like "make a red dragon" or "a wooden treasure chest". Then I can make it low-poly, rig it and make it walk, convert it to FBX or OBJ, or tell you how many credits you have.';

export const GREETING = `Hi! ${HELP}`;
