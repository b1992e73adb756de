import type { ReactElement } from 'react';
import type { SessionModel } from '../session-models.js';
import { shortId } from '../tool-meta.js';
import { CubeIcon, DownloadIcon, GridIcon } from './icons.js';
import { LazyModelViewer } from './LazyModelViewer.js';

/** Every model made in this session, newest first, each linking back to its card. */
export function Gallery({ models }: { models: SessionModel[] }): ReactElement {
  return (
    <aside className="gallery" aria-label="Models in this session" data-count={models.length}>
      <h2>
        <GridIcon size={16} /> This session
        <span className="count">{models.length}</span>
      </h2>
      {models.length === 0 ? (
        <p className="gallery-empty">Models you make appear here, ready to download.</p>
      ) : (
        <ul className="gallery-grid">
          {[...models].reverse().map(({ card, title, kind }) => (
            <li key={card.taskId} className="gallery-item" data-task-id={card.taskId}>
              <a
                href={`#tool-${card.key}`}
                className="gallery-thumb"
                aria-label={`Show ${title} in the chat`}
              >
                {card.model.viewable ? (
                  <LazyModelViewer src={card.model.url} alt={title} compact />
                ) : (
                  <span className="thumb-file">
                    <CubeIcon size={22} />
                    {card.model.format?.toUpperCase()}
                  </span>
                )}
              </a>
              <div className="gallery-caption">
                <span className="gallery-title">{title}</span>
                <span className="gallery-sub">
                  <span className={`kind kind-${kind.toLowerCase()}`}>{kind}</span>
                  <span className="mono">{shortId(card.taskId)}</span>
                </span>
              </div>
              <a
                className="icon-button"
                href={card.model.downloadUrl}
                download
                aria-label={`Download ${title}`}
                title="Download"
              >
                <DownloadIcon size={16} />
              </a>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
