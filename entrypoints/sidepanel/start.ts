/**
 * The panel's code after its first script (./boot.ts, which may have painted the header the
 * background prepared): the first paint without React (components/panel/first-paint.ts), then
 * the React panel (./main.tsx), loaded once the first record is painted — or after
 * `REACT_AFTER_MS` at the latest, if the record is slow to come — which takes over from it,
 * starting from what the latest paint read.
 */
import { type FirstPaint, paintFirst } from '@/components/panel/first-paint';

const REACT_AFTER_MS = 400;

const root = document.getElementById('root')!;
let taken = false;
let started = false;
let latest: FirstPaint | null = null;
const startReact = () => {
  if (started) return;
  started = true;
  clearTimeout(early);
  void import('./main').then(({ startPanel }) => {
    taken = true;
    startPanel(root, latest);
  });
};
const early = setTimeout(startReact, REACT_AFTER_MS);
paintFirst(
  root,
  () => taken,
  (seed) => {
    latest = seed;
  },
).then(startReact, startReact);
