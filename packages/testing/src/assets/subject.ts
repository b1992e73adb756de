import type { ShapeName } from './shapes.js';

/** An sRGB colour, each channel 0–255. */
export type Rgb = readonly [number, number, number];

/** What a generated model looks like: derived from the words of a prompt, file name or texture prompt. */
export interface Subject {
  shape: ShapeName;
  /** Whether the shape came from a known word (false: the default shape). */
  shapeFromWords: boolean;
  colorName: string;
  color: Rgb;
}

/** Named colours the simulator understands (sRGB). */
export const COLORS: Readonly<Record<string, Rgb>> = {
  red: [220, 38, 38],
  crimson: [185, 28, 60],
  orange: [245, 130, 32],
  yellow: [250, 204, 21],
  gold: [212, 175, 55],
  golden: [212, 175, 55],
  green: [34, 160, 70],
  lime: [132, 204, 22],
  teal: [20, 150, 140],
  cyan: [6, 182, 212],
  blue: [37, 99, 235],
  navy: [30, 40, 110],
  purple: [126, 34, 206],
  violet: [139, 92, 246],
  magenta: [217, 40, 170],
  pink: [244, 114, 182],
  brown: [120, 72, 40],
  wooden: [150, 100, 60],
  black: [24, 24, 27],
  white: [245, 245, 245],
  gray: [128, 128, 128],
  grey: [128, 128, 128],
  silver: [192, 192, 200],
};

/** Default look for words the simulator does not know: a clay-coloured capsule. */
export const DEFAULT_SHAPE: ShapeName = 'capsule';
export const DEFAULT_COLOR_NAME = 'clay';
const CLAY: Rgb = [196, 164, 132];

/** Words (singular and plural) that select a shape. */
const SHAPE_WORDS: ReadonlyArray<readonly [ShapeName, readonly string[]]> = [
  ['cube', ['cube', 'box', 'block', 'crate', 'dice', 'die']],
  ['sphere', ['sphere', 'ball', 'orb', 'globe', 'planet', 'marble']],
  ['cylinder', ['cylinder', 'can', 'pillar', 'column', 'barrel', 'drum', 'tube']],
  ['cone', ['cone', 'horn', 'spike', 'funnel']],
  ['pyramid', ['pyramid', 'tetrahedron']],
  ['torus', ['torus', 'donut', 'doughnut', 'ring', 'bagel', 'tyre', 'tire']],
  ['capsule', ['capsule', 'pill']],
];

/** Lower-case words of `text`, each with its singular form guessed ("boxes" → "box", "torus" stays). */
function words(text: string): string[][] {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map((w) => {
      const forms = [w];
      if (w.endsWith('es') && w.length > 4) forms.push(w.slice(0, -2));
      if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) forms.push(w.slice(0, -1));
      return forms;
    });
}

/** Reads a shape and a colour from free text; the first known word of each kind wins. */
export function describeSubject(text: string): Subject {
  const ws = words(text);
  let shape: ShapeName | undefined;
  let colorName: string | undefined;
  for (const forms of ws) {
    if (!shape) shape = SHAPE_WORDS.find(([, list]) => forms.some((w) => list.includes(w)))?.[0];
    if (!colorName) colorName = forms.find((w) => Object.hasOwn(COLORS, w));
  }
  return {
    shape: shape ?? DEFAULT_SHAPE,
    shapeFromWords: shape !== undefined,
    colorName: colorName ?? DEFAULT_COLOR_NAME,
    color: colorName ? COLORS[colorName]! : CLAY,
  };
}

/** Keeps the shape of `base` and takes the colour of `text` when it names one (re-texturing). */
export function recolorSubject(base: Subject, text: string): Subject {
  const next = describeSubject(text);
  return next.colorName === DEFAULT_COLOR_NAME
    ? base
    : { ...base, colorName: next.colorName, color: next.color };
}

/** Rig type a pre-rig check reports, guessed from animal words; `biped` otherwise. */
export function guessRigType(text: string): string {
  const ws = new Set(words(text).flat());
  const table: ReadonlyArray<readonly [string, readonly string[]]> = [
    [
      'quadruped',
      ['dog', 'cat', 'horse', 'cow', 'fox', 'wolf', 'lion', 'tiger', 'bear', 'pig', 'sheep', 'deer'],
    ],
    ['avian', ['bird', 'eagle', 'owl', 'parrot', 'duck', 'chicken', 'penguin']],
    ['serpentine', ['snake', 'serpent', 'worm', 'eel']],
    ['aquatic', ['fish', 'shark', 'whale', 'dolphin']],
    ['octopod', ['spider', 'octopus']],
    ['hexapod', ['ant', 'beetle', 'insect', 'bug']],
  ];
  return table.find(([, list]) => list.some((w) => ws.has(w)))?.[0] ?? 'biped';
}
