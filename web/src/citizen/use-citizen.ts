// Loading one of the citizen doors for a page: useApi with a reload (after an objection, a
// repair or an appeal the page shows what the API answers now).
import { useCallback, useState } from 'react';
import { useApi, type Loaded } from '../app/use-api';

export function useCitizen<T>(load: () => Promise<T>): [Loaded<T>, () => void] {
  const [round, setRound] = useState(0);
  const loaded = useApi(load, [round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return [loaded, reload];
}
