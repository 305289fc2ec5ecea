import { useMutation } from '@tanstack/react-query';
import { api } from '../api/client';
import type { SimulationRequest, SimulationResult } from '../api/types';

/** Runs a journey for test customers on the server's virtual clock; nothing is stored or sent. */
export function useSimulate() {
  return useMutation({
    mutationKey: ['simulate'],
    mutationFn: (request: SimulationRequest) =>
      api<SimulationResult>('/api/simulate', { method: 'POST', body: request }),
  });
}
