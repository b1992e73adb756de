/** What the user asked for, as the scripted agent understands it. */
export type Intent =
  | { kind: 'generate'; prompt: string }
  | { kind: 'lowpoly' }
  | { kind: 'convert'; format: string }
  | { kind: 'animate'; animation: string }
  | { kind: 'balance' }
  | { kind: 'help' }
  | { kind: 'greeting' };

const FORMATS = ['glb', 'fbx', 'obj', 'stl', 'usdz', '3mf'] as const;

const ANIMATIONS: ReadonlyArray<[RegExp, string]> = [
  [/\b(run|running|sprint)/, 'preset:run'],
  [/\b(jump|jumping|hop)/, 'preset:jump'],
  [/\b(idle|stand|breath)/, 'preset:idle'],
  [/\b(walk|walking|stroll)/, 'preset:walk'],
];

const GENERATE_VERBS =
  /^(?:please\s+|can you\s+|could you\s+|i(?:'d| would) like\s+|i want\s+)?(?:make|create|generate|build|model|design|sculpt|draw|give me|show me)\s+(?:me\s+)?(?:a\s+3d\s+model\s+of\s+|a\s+model\s+of\s+|a\s+3d\s+)?/i;

/** The subject of a generation request: "make a red dragon, please" → "a red dragon". */
export function subjectOf(text: string): string {
  return text
    .trim()
    .replace(GENERATE_VERBS, '')
    .replace(/[\s,.!]*(please|thanks|thank you)?[\s.!]*$/i, '')
    .trim();
}

/** "make a running horse" asks for a new thing; "make it run" changes the last one. */
function asksForNewThing(text: string): boolean {
  if (!GENERATE_VERBS.test(text)) return false;
  const subject = subjectOf(text).toLowerCase();
  return /^(a|an|some|one|two|three|\d+)\s/.test(subject) && !/\b(it|this|that|them)\b/.test(subject);
}

/** Reads one user message. */
export function detectIntent(text: string): Intent {
  const t = text.toLowerCase();
  if (/\b(credits?|balance)\b/.test(t)) return { kind: 'balance' };
  if (asksForNewThing(text)) return { kind: 'generate', prompt: subjectOf(text) };
  if (/low[\s-]?poly|fewer (faces|polygons|triangles)|decimate|simplify|reduce (the )?(poly|face)/.test(t)) {
    return { kind: 'lowpoly' };
  }
  if (/\b(rig|rigged|skeleton|animate|animation|walk|walking|run|running|jump|idle|dance)\b/.test(t)) {
    const animation = ANIMATIONS.find(([re]) => re.test(t))?.[1] ?? 'preset:walk';
    return { kind: 'animate', animation };
  }
  const format = FORMATS.find((f) => new RegExp(`\\b${f}\\b`).test(t));
  if (format && /\b(convert|export|as|to|into|format)\b/.test(t)) return { kind: 'convert', format };
  if (/^(hi|hello|hey|yo)\b/.test(t) && t.split(/\s+/).length <= 3) return { kind: 'greeting' };
  if (/^(help|what can you do|how does this work)|\?$/.test(t) && !GENERATE_VERBS.test(t))
    return { kind: 'help' };
  const subject = subjectOf(text);
  if (subject.length >= 2) return { kind: 'generate', prompt: subject };
  return { kind: 'help' };
}
