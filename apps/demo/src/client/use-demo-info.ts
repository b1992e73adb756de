import { useEffect, useState } from 'react';
import { type DemoInfo, INFO_ROUTE } from '../shared/api.js';

/** The server's mode (which model, which Tripo), fetched once. */
export function useDemoInfo(): DemoInfo | undefined {
  const [info, setInfo] = useState<DemoInfo>();
  useEffect(() => {
    const controller = new AbortController();
    fetch(INFO_ROUTE, { signal: controller.signal })
      .then((res) => (res.ok ? (res.json() as Promise<DemoInfo>) : undefined))
      .then((value) => value && setInfo(value))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return info;
}
