import { useSearchParams } from 'react-router';

/**
 * A list page's filter kept in the address's query (so it survives a reload and can be linked):
 * the current parameters, and a setter that replaces one of them, an empty value removing it.
 */
export function useSearchFilter(): [URLSearchParams, (key: string, value: string) => void] {
  const [params, setParams] = useSearchParams();
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  return [params, setFilter];
}
