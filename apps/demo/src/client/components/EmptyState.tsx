import type { ReactElement } from 'react';
import { SparklesIcon } from './icons.js';

const IDEAS = [
  'Make a red dragon',
  'Make a wooden treasure chest',
  'Make a cartoon astronaut',
  'How many credits do I have?',
];

/** The first screen: what this is and a few prompts to start from. */
export function EmptyState({
  onPick,
  disabled,
}: {
  onPick: (text: string) => void;
  disabled: boolean;
}): ReactElement {
  return (
    <section className="empty">
      <span className="empty-mark">
        <SparklesIcon size={26} />
      </span>
      <h1>Describe it. Get a 3D model.</h1>
      <p>
        Ask for anything — a creature, a prop, a character. Then refine it: make it low-poly, rig it and make
        it walk. Every step shows live progress, and every model lands in the viewer, ready to download.
      </p>
      <div className="ideas">
        {IDEAS.map((idea) => (
          <button key={idea} type="button" className="idea" disabled={disabled} onClick={() => onPick(idea)}>
            {idea}
          </button>
        ))}
      </div>
    </section>
  );
}
