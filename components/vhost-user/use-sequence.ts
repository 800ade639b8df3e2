'use client';
/** The sequence model of the loaded run (built once per trace) and where it is at the step on screen. */
import { sequenceOf, type SequenceAt, type SequenceModel } from './sequence-model';
import { useExplainer } from '../store/ExplainerStoreProvider';
import { vuFrame, vuInfo } from '../store/kind-selectors';

/** The model, or null before a vhost-user run is loaded. */
export function useSequenceModel(): SequenceModel | null {
  const trace = useExplainer((s) => s.trace);
  const info = useExplainer(vuInfo);
  return info ? sequenceOf(trace, info.threads) : null;
}

/** Where the diagram is at the frame on screen. */
export function useSequenceAt(): SequenceAt | null {
  return useExplainer((s) => vuFrame(s)?.seq ?? null);
}
