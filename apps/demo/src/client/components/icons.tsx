import type { ReactElement, ReactNode } from 'react';

/** Inline stroke icons (no icon font or emoji: the page must render the same everywhere). */
export interface IconProps {
  size?: number;
  className?: string;
}

function Svg({ size = 18, className, children }: IconProps & { children: ReactNode }): ReactElement {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={className}
    >
      {children}
    </svg>
  );
}

export const CubeIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 2.8 20 7.2v9.6l-8 4.4-8-4.4V7.2z" />
    <path d="m4 7.2 8 4.4 8-4.4M12 11.6v9.6" />
  </Svg>
);

export const SparklesIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 3.5 13.8 9 19.5 10.8 13.8 12.6 12 18.2 10.2 12.6 4.5 10.8 10.2 9z" />
    <path d="M19 3v3M17.5 4.5h3M5 17v3M3.5 18.5h3" />
  </Svg>
);

export const LowPolyIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 3 21 9l-3.5 11h-11L3 9z" />
    <path d="M3 9h18M12 3 6.5 20M12 3l5.5 17" />
  </Svg>
);

export const ConvertIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M4 8h13l-3-3M20 16H7l3 3" />
  </Svg>
);

export const BoneIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="4.5" r="2" />
    <path d="M12 7v7M8 9.5h8M12 14l-3.5 6.5M12 14l3.5 6.5" />
  </Svg>
);

export const WalkIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="13" cy="4" r="1.8" />
    <path d="m9 21 2.5-6 2.5 2.5V21M7.5 12l2-4 3-1 2.5 3 2.5 1M11.5 15 12.5 7" />
  </Svg>
);

export const CheckShieldIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 3 19.5 6v5.5c0 4.4-3.2 8.2-7.5 9.5-4.3-1.3-7.5-5.1-7.5-9.5V6z" />
    <path d="m8.8 12 2.2 2.2 4.2-4.4" />
  </Svg>
);

export const CoinsIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <ellipse cx="9" cy="7" rx="5.5" ry="2.5" />
    <path d="M3.5 7v4c0 1.4 2.5 2.5 5.5 2.5s5.5-1.1 5.5-2.5V7" />
    <path d="M9.5 16.4c.9 1.2 3.2 2.1 5.5 2.1 3 0 5.5-1.1 5.5-2.5v-4c0-1.3-2.1-2.4-4.9-2.5" />
  </Svg>
);

export const SearchIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m20 20-4.3-4.3" />
  </Svg>
);

export const DownloadIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 4v11M7.5 10.5 12 15l4.5-4.5M5 19.5h14" />
  </Svg>
);

export const ArrowUpIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M12 19V5M6 11l6-6 6 6" />
  </Svg>
);

export const StopIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="7" y="7" width="10" height="10" rx="1.5" />
  </Svg>
);

export const AlertIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M10.3 4.2 2.8 17.5A2 2 0 0 0 4.5 20.5h15a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z" />
    <path d="M12 9.5v4.5M12 17.2v.1" />
  </Svg>
);

export const CheckIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Svg>
);

export const ClockIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </Svg>
);

export const QueueIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M4 6h16M4 12h10M4 18h6" />
  </Svg>
);

export const LightbulbIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M9 18h6M10 21h4" />
    <path d="M12 3a6 6 0 0 0-3.6 10.8c.6.5 1 1.2 1.1 2h5c.1-.8.5-1.5 1.1-2A6 6 0 0 0 12 3z" />
  </Svg>
);

export const GridIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <rect x="4" y="4" width="6.5" height="6.5" rx="1.5" />
    <rect x="13.5" y="4" width="6.5" height="6.5" rx="1.5" />
    <rect x="4" y="13.5" width="6.5" height="6.5" rx="1.5" />
    <rect x="13.5" y="13.5" width="6.5" height="6.5" rx="1.5" />
  </Svg>
);

export const UserIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <circle cx="12" cy="8" r="3.8" />
    <path d="M4.5 20c1.2-3.6 4-5.5 7.5-5.5s6.3 1.9 7.5 5.5" />
  </Svg>
);

export const WrenchIcon = (p: IconProps): ReactElement => (
  <Svg {...p}>
    <path d="M14.5 6.5a4 4 0 0 0 5 5l-8.8 8.8a2.1 2.1 0 0 1-3-3L16.5 8.5" />
    <path d="M14.5 6.5 17 4a4 4 0 0 1 3 3l-2.5 2.5" />
  </Svg>
);
