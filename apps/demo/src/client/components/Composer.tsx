import { type FormEvent, type KeyboardEvent, type ReactElement, useState } from 'react';
import { ArrowUpIcon, StopIcon } from './icons.js';

/** The message box: Enter sends, Shift+Enter adds a line; while the agent works it offers Stop. */
export function Composer({
  busy,
  onSend,
  onStop,
  suggestions,
}: {
  busy: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  suggestions: string[];
}): ReactElement {
  const [text, setText] = useState('');

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    const value = text.trim();
    if (value === '' || busy) return;
    onSend(value);
    setText('');
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <div className="composer-wrap">
      {suggestions.length > 0 && (
        <div className="followups">
          {suggestions.map((s) => (
            <button
              key={s}
              type="button"
              className="idea idea-small"
              disabled={busy}
              onClick={() => onSend(s)}
            >
              {s}
            </button>
          ))}
        </div>
      )}
      <form className="composer" onSubmit={submit}>
        <textarea
          name="message"
          aria-label="Message"
          placeholder="Describe a 3D model, or ask to change the last one…"
          rows={1}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {busy ? (
          <button type="button" className="send send-stop" onClick={onStop} aria-label="Stop">
            <StopIcon size={18} />
          </button>
        ) : (
          <button type="submit" className="send" disabled={text.trim() === ''} aria-label="Send">
            <ArrowUpIcon size={18} />
          </button>
        )}
      </form>
    </div>
  );
}
