/**
 * The panel page's entry: the first paint without React (components/panel/first-paint.ts), then
 * the React panel (./main.tsx), loaded once the first paint is done — or after
 * `REACT_AFTER_MS` at the latest, if the record is slow to come — which takes over from it.
 */
import { paintFirst } from '@/components/panel/first-paint';
import '@/components/base.css';
import '@/components/panel/panel.css';

const REACT_AFTER_MS = 400;

const root = document.getElementById('root')!;
let taken = false;
let started = false;
const startReact = (seed: Awaited<ReturnType<typeof paintFirst>>) => {
  if (started) return;
  started = true;
  void import('./main').then(({ startPanel }) => {
    taken = true;
    startPanel(root, seed);
  });
};
const early = setTimeout(() => startReact(null), REACT_AFTER_MS);
paintFirst(root, () => taken).then(
  (seed) => {
    clearTimeout(early);
    startReact(seed);
  },
  () => {
    clearTimeout(early);
    startReact(null);
  },
);
