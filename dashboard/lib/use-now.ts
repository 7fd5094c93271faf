'use client';
/** A clock for components that show durations ("up 4 min"): re-renders every intervalMs. */
import { useEffect, useState } from 'react';

/** The current epoch milliseconds, refreshed every intervalMs (0 before the first client render). */
export function useNow(intervalMs = 1000): number {
  const [nowMs, setNowMs] = useState(0);
  useEffect(() => {
    setNowMs(Date.now());
    const timer = setInterval(() => {
      setNowMs(Date.now());
    }, intervalMs);
    return () => {
      clearInterval(timer);
    };
  }, [intervalMs]);
  return nowMs;
}
