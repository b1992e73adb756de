import type { UIMessage } from 'ai';
import type { ReactElement, ReactNode } from 'react';
import { taskCards } from '../tool-view.js';
import { CubeIcon, UserIcon } from './icons.js';
import { ToolCard } from './ToolCard.js';

/** One chat turn: the user's words, or the agent's prose and task cards in the order they happened. */
export function ChatMessage({
  message,
  streaming,
  titles,
}: {
  message: UIMessage;
  streaming: boolean;
  titles: ReadonlyMap<string, string>;
}): ReactElement {
  const isUser = message.role === 'user';
  const cards = new Map(taskCards(message.parts).map(({ index, card }) => [index, card]));
  const body: ReactNode[] = [];
  message.parts.forEach((part, i) => {
    if (part.type === 'text') {
      if (part.text.trim() === '') return;
      body.push(
        // biome-ignore lint/suspicious/noArrayIndexKey: text parts have no id, and a message's parts only ever grow at the end
        <p key={`${message.id}-${i}`} className={isUser ? 'bubble bubble-user' : 'prose'}>
          {part.text}
          {streaming && part.state === 'streaming' && <span className="caret" />}
        </p>,
      );
      return;
    }
    const card = cards.get(i);
    if (card) body.push(<ToolCard key={card.key} card={card} titles={titles} live={streaming} />);
  });
  return (
    <li className={`message message-${message.role}`} data-role={message.role}>
      <span className="avatar" aria-hidden="true">
        {isUser ? <UserIcon size={16} /> : <CubeIcon size={16} />}
      </span>
      <div className="message-body">
        <span className="sr-only">{isUser ? 'You' : 'Agent'}</span>
        {body}
      </div>
    </li>
  );
}
