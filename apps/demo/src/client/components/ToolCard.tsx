import type { ReactElement } from 'react';
import {
  cardTitle,
  failureTitle,
  formatBytes,
  formatEta,
  shortId,
  statusLabel,
  toolMeta,
  toolSubject,
} from '../tool-meta.js';
import type { TaskCardView } from '../tool-view.js';
import { AlertIcon, CheckIcon, ClockIcon, DownloadIcon, LightbulbIcon, QueueIcon } from './icons.js';
import { LazyModelViewer } from './LazyModelViewer.js';
import { ProgressBar } from './ProgressBar.js';

/** One task: live progress while it runs, then the model, the facts, or the failure and its advice. */
export function ToolCard({
  card,
  titles,
  live,
}: {
  card: TaskCardView;
  titles: ReadonlyMap<string, string>;
  /** False once the turn has ended: a task still going is no longer watched (it goes on at Tripo). */
  live: boolean;
}): ReactElement {
  const meta = toolMeta(card.toolName);
  const subject = toolSubject(card, titles);
  const running = card.phase === 'starting' || card.phase === 'working';
  const unwatched = running && !live;

  return (
    <article
      className={`tool-card tool-${unwatched ? 'unwatched' : card.phase}`}
      id={`tool-${card.key}`}
      data-tool={card.toolName}
      data-phase={unwatched ? 'unwatched' : card.phase}
      data-status={card.status ?? ''}
      data-task-id={card.taskId ?? ''}
    >
      <header className="tool-head">
        <span className="tool-icon">
          <meta.Icon size={18} />
        </span>
        <div className="tool-heading">
          <h3>{card.phase === 'failure' ? failureTitle(card) : cardTitle(card)}</h3>
          {subject && <p className="tool-subject">{subject}</p>}
        </div>
        <span className={`chip chip-${card.phase}`}>
          {card.phase === 'success' && <CheckIcon size={13} />}
          {card.phase === 'failure' && <AlertIcon size={13} />}
          {running && !unwatched && <span className="pulse" />}
          {unwatched ? 'Not watching' : statusLabel(card)}
        </span>
      </header>

      {running && <RunningBody card={card} unwatched={unwatched} />}
      {card.phase === 'success' && <SuccessBody card={card} alt={subject} />}
      {card.phase === 'failure' && <FailureBody card={card} />}
      <Steps card={card} unwatched={unwatched} />
    </article>
  );
}

function RunningBody({ card, unwatched }: { card: TaskCardView; unwatched: boolean }): ReactElement {
  return (
    <div className="tool-body">
      <div className="progress-row">
        <ProgressBar
          value={unwatched ? (card.progress ?? 0) : card.progress}
          label={toolMeta(card.toolName).active}
        />
        <span className="progress-pct">
          {card.progress === undefined ? '' : `${Math.round(card.progress)}%`}
        </span>
      </div>
      <div className="tool-status">
        <p className="tool-message">
          {unwatched
            ? `No longer watching this task${card.taskId ? ` (${card.taskId})` : ''}; it goes on at Tripo. Ask the agent to check on it.`
            : (card.message ?? 'Starting…')}
        </p>
        <ul className="tool-meta" hidden={unwatched}>
          {card.queuePosition !== undefined && card.queuePosition > 0 && (
            <li data-testid="queue-position">
              <QueueIcon size={14} /> #{card.queuePosition} in queue
            </li>
          )}
          {card.etaSeconds !== undefined && (
            <li data-testid="eta">
              <ClockIcon size={14} /> {formatEta(card.etaSeconds)} left
            </li>
          )}
          {card.taskId && <li className="mono">{shortId(card.taskId)}</li>}
        </ul>
      </div>
    </div>
  );
}

function SuccessBody({ card, alt }: { card: TaskCardView; alt: string | undefined }): ReactElement {
  const model = card.model;
  return (
    <div className="tool-body">
      {model && (
        <div className="model-stage">
          {model.viewable && <LazyModelViewer src={model.url} alt={alt ?? 'Generated 3D model'} />}
          <div className="model-actions">
            <ul className="model-file">
              {model.format && <li className="format">{model.format.toUpperCase()}</li>}
              {model.sizeBytes !== undefined && <li>{formatBytes(model.sizeBytes)}</li>}
              {card.facts.map((f) => (
                <li key={f.label}>{f.inline}</li>
              ))}
              {card.taskId && <li className="mono muted">{shortId(card.taskId)}</li>}
            </ul>
            <a className="button button-primary" href={model.downloadUrl} download>
              <DownloadIcon size={16} /> Download
            </a>
          </div>
        </div>
      )}
      {!model && card.facts.length > 0 && (
        <dl className="facts">
          {card.facts.map((f) => (
            <div key={f.label} className="fact">
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {!model && card.facts.length === 0 && card.message && <p className="tool-message">{card.message}</p>}
    </div>
  );
}

function FailureBody({ card }: { card: TaskCardView }): ReactElement {
  return (
    <div className="tool-body">
      {card.message && <p className="failure-message">{card.message}</p>}
      {card.advice && (
        <div className="advice" data-testid="advice">
          <LightbulbIcon size={16} />
          <p>
            <strong>What to do: </strong>
            {card.advice}
          </p>
        </div>
      )}
      {card.taskId && <p className="mono muted">Task {card.taskId}</p>}
    </div>
  );
}

/** The tool calls behind the card, in order: what the agent actually did. */
function Steps({ card, unwatched }: { card: TaskCardView; unwatched: boolean }): ReactElement {
  return (
    <footer className="tool-steps">
      <span className="steps-label">Tools</span>
      <ol>
        {card.steps.map((step) => (
          <li key={step.toolCallId} className={`step step-${step.state}`} data-tool-call={step.toolName}>
            {step.state === 'done' && <CheckIcon size={12} />}
            {step.state === 'failed' && <AlertIcon size={12} />}
            {step.state === 'running' && !unwatched && <span className="pulse" />}
            <code>{step.toolName}</code>
          </li>
        ))}
      </ol>
    </footer>
  );
}
