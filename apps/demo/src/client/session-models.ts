import type { UIMessage } from 'ai';
import { toolMeta } from './tool-meta.js';
import { type CardModel, type TaskCardView, taskCards } from './tool-view.js';

/** A finished model of this session, as the gallery lists it. */
export interface SessionModel {
  card: TaskCardView & { taskId: string; model: CardModel };
  /** What it is: the original prompt, carried along to the models derived from it. */
  title: string;
  /** How it was made, e.g. "Low-poly". */
  kind: string;
}

/** What the conversation has made so far. */
export interface SessionIndex {
  /** Every finished model, oldest first, one per task. */
  models: SessionModel[];
  /** What each finished task is about (its original prompt), by task id. */
  titles: ReadonlyMap<string, string>;
}

/** Indexes the conversation's finished tasks; derived tasks inherit the prompt of the model they came from. */
export function indexSession(messages: readonly UIMessage[]): SessionIndex {
  const titles = new Map<string, string>();
  const models = new Map<string, SessionModel>();
  for (const message of messages) {
    for (const { card } of taskCards(message.parts)) {
      if (card.phase !== 'success' || !card.taskId) continue;
      const prompt = typeof card.input.prompt === 'string' ? card.input.prompt.trim() : '';
      const source = card.input.original_model_task_id ?? card.input.task_id;
      const title =
        prompt || (typeof source === 'string' ? titles.get(source) : undefined) || 'Untitled model';
      titles.set(card.taskId, title);
      if (card.model && !models.has(card.taskId)) {
        models.set(card.taskId, {
          card: { ...card, taskId: card.taskId, model: card.model },
          title,
          kind: toolMeta(card.toolName).kind,
        });
      }
    }
  }
  return { models: [...models.values()], titles };
}
