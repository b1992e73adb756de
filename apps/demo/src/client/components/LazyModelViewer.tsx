import { lazy, type ReactElement, Suspense } from 'react';

const ModelViewer = lazy(() => import('./model-viewer-element.js'));

/** The viewer behind a placeholder while its chunk (three.js) loads. */
export function LazyModelViewer(props: { src: string; alt: string; compact?: boolean }): ReactElement {
  return (
    <Suspense
      fallback={
        <div className={props.compact ? 'viewer viewer-compact' : 'viewer'} data-state="loading">
          {!props.compact && <div className="viewer-overlay">Loading viewer…</div>}
        </div>
      }
    >
      <ModelViewer {...props} />
    </Suspense>
  );
}
