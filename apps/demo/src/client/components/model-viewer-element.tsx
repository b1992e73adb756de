import '@google/model-viewer';
import { type ReactElement, useEffect, useRef, useState } from 'react';

/** The `<model-viewer>` element's properties this page reads. */
interface ModelViewerElement extends HTMLElement {
  loaded: boolean;
}

type LoadState = 'loading' | 'loaded' | 'error';

/**
 * The 3D viewer. This module imports `@google/model-viewer` (and with it three.js), so the page loads it
 * lazily: the chat renders first and the viewer chunk arrives when the first model does.
 */
export default function ModelViewer({
  src,
  alt,
  compact = false,
}: {
  src: string;
  alt: string;
  compact?: boolean;
}): ReactElement {
  const ref = useRef<ModelViewerElement>(null);
  const [state, setState] = useState<LoadState>('loading');

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setState(el.loaded ? 'loaded' : 'loading');
    const onLoad = (): void => setState('loaded');
    const onError = (): void => setState('error');
    el.addEventListener('load', onLoad);
    el.addEventListener('error', onError);
    return () => {
      el.removeEventListener('load', onLoad);
      el.removeEventListener('error', onError);
    };
  }, []);

  return (
    <div className={compact ? 'viewer viewer-compact' : 'viewer'} data-state={state}>
      <model-viewer
        ref={ref}
        src={src}
        alt={alt}
        camera-controls={compact ? undefined : ''}
        auto-rotate={compact ? '' : undefined}
        autoplay=""
        interaction-prompt="none"
        shadow-intensity="0.9"
        exposure="1.05"
        environment-image="neutral"
        touch-action="pan-y"
      >
        {/* An empty slot hides model-viewer's own loading bar; the page shows its own state. */}
        <div slot="progress-bar" />
      </model-viewer>
      {state === 'loading' && !compact && <div className="viewer-overlay">Loading model…</div>}
      {state === 'error' && (
        <div className="viewer-overlay viewer-overlay-error">The model could not be shown.</div>
      )}
    </div>
  );
}
