import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/** The attributes of `<model-viewer>` this page sets. Values are attribute strings ('' means present). */
interface ModelViewerAttributes extends DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> {
  src?: string;
  alt?: string;
  'camera-controls'?: string;
  'auto-rotate'?: string;
  autoplay?: string;
  'interaction-prompt'?: 'auto' | 'none';
  'shadow-intensity'?: string;
  exposure?: string;
  'environment-image'?: string;
  'touch-action'?: string;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'model-viewer': ModelViewerAttributes;
    }
  }
}
