import type { ReactElement } from 'react';
import type { AgentKind, DemoInfo, TripoKind } from '../../shared/api.js';
import { CubeIcon } from './icons.js';

const SHORT_AGENT: Record<AgentKind, string> = {
  scripted: 'Scripted',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
};
const SHORT_TRIPO: Record<TripoKind, string> = { simulator: 'Simulator', api: 'Tripo API' };

/** Brand and the mode the demo runs in: which model answers and where the 3D tasks run. */
export function Header({ info }: { info: DemoInfo | undefined }): ReactElement {
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark">
          <CubeIcon size={20} />
        </span>
        <span className="brand-name">
          TripoKit <span className="brand-sub">Studio</span>
        </span>
      </div>
      <div className="modes" data-testid="mode">
        {info ? (
          <>
            <span className={`mode mode-${info.agent.kind}`} title={`Language model: ${info.agent.label}`}>
              <span className="mode-dot" />
              <span className="mode-long">{info.agent.label}</span>
              <span className="mode-short">{SHORT_AGENT[info.agent.kind]}</span>
            </span>
            <span className={`mode mode-${info.tripo.kind}`} title={`3D tasks: ${info.tripo.label}`}>
              <span className="mode-dot" />
              <span className="mode-long">{info.tripo.label}</span>
              <span className="mode-short">{SHORT_TRIPO[info.tripo.kind]}</span>
            </span>
          </>
        ) : (
          <span className="mode mode-pending">Connecting…</span>
        )}
      </div>
    </header>
  );
}
