import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { type ReactElement, useEffect, useMemo, useRef } from 'react';
import { CHAT_ROUTE } from '../shared/api.js';
import { ChatMessage } from './components/ChatMessage.js';
import { Composer } from './components/Composer.js';
import { EmptyState } from './components/EmptyState.js';
import { Gallery } from './components/Gallery.js';
import { Header } from './components/Header.js';
import { AlertIcon } from './components/icons.js';
import { indexSession } from './session-models.js';
import { useDemoInfo } from './use-demo-info.js';

const transport = new DefaultChatTransport({ api: CHAT_ROUTE });

const FOLLOW_UPS = ['Make it low-poly', 'Rig it and make it walk', 'How many credits do I have?'];

/** The demo: chat on the left, the session's models on the right. */
export function App(): ReactElement {
  const { messages, sendMessage, status, stop, error, regenerate } = useChat({ transport });
  const info = useDemoInfo();
  const busy = status === 'submitted' || status === 'streaming';
  const { models, titles } = useMemo(() => indexSession(messages), [messages]);
  const threadRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    const el = threadRef.current;
    if (!el) return;
    const onScroll = (): void => {
      stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  // Follow the conversation while the reader is at the bottom; leave them be if they scrolled up.
  useEffect(() => {
    const el = threadRef.current;
    if (el && stick.current && messages.length > 0) el.scrollTop = el.scrollHeight;
  });

  const send = (text: string): void => {
    stick.current = true;
    void sendMessage({ text });
  };
  const last = messages.at(-1);

  return (
    <div className="app">
      <Header info={info} />
      <div className="layout">
        <main className="chat">
          <div className="thread" ref={threadRef}>
            {messages.length === 0 ? (
              <EmptyState onPick={send} disabled={busy} />
            ) : (
              <ol className="messages" aria-live="polite">
                {messages.map((m) => (
                  <ChatMessage key={m.id} message={m} streaming={busy && m === last} titles={titles} />
                ))}
                {status === 'submitted' && (
                  <li
                    className="message message-assistant message-pending"
                    aria-label="The agent is thinking"
                  >
                    <span className="avatar" />
                    <span className="dots">
                      <span />
                      <span />
                      <span />
                    </span>
                  </li>
                )}
              </ol>
            )}
            {error && (
              <div className="banner" role="alert">
                <AlertIcon size={18} />
                <span>Something went wrong: {error.message}</span>
                <button type="button" className="button" onClick={() => void regenerate()}>
                  Try again
                </button>
              </div>
            )}
          </div>
          <Composer
            busy={busy}
            onSend={send}
            onStop={() => void stop()}
            suggestions={models.length > 0 && !busy ? FOLLOW_UPS : []}
          />
        </main>
        <Gallery models={models} />
      </div>
    </div>
  );
}
