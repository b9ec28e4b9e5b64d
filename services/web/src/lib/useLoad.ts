import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => Promise<void>;
  /** Replaces the data with what a write answered. */
  set: (data: T) => void;
}

/**
 * Loads `load()` when `deps` change and on reload(); an answer that arrives
 * after a newer load started is dropped. Pages use it; components never fetch.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const run = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await load();
      if (mine === seq.current) setState({ data, loading: false });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ data: s.data, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    void run();
    return () => void seq.current++; // unmounted or deps changed: drop late answers
  }, [run]);
  return { data: state.data, error: state.error, loading: state.loading, reload: run, set: (data: T) => setState({ data, loading: false }) };
}
