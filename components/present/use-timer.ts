'use client';
/** A talk timer: elapsed time that can pause, resume and reset; ticks once a second (text only, no animation). */
import { useCallback, useEffect, useState } from 'react';

/** Elapsed ms as h:mm:ss (or m:ss under an hour). */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function useTimer() {
  // Time banked while paused, and when the current run started (null while paused).
  const [banked, setBanked] = useState(0);
  const [since, setSince] = useState<number | null>(null);
  const [now, setNow] = useState(0);
  useEffect(() => {
    setSince(Date.now());
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const running = since !== null;
  const elapsed = banked + (since !== null ? Math.max(0, now - since) : 0);
  const toggle = useCallback(() => {
    const t = Date.now();
    setNow(t);
    if (since !== null) {
      setBanked((b) => b + (t - since));
      setSince(null);
    } else setSince(t);
  }, [since]);
  const reset = useCallback(() => {
    const t = Date.now();
    setBanked(0);
    setNow(t);
    setSince((s) => (s === null ? null : t));
  }, []);
  return { elapsed, running, now, toggle, reset };
}
