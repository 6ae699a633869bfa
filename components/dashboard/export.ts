/**
 * The PNG export of the current view (DASHBOARD.md "Exports"), drawn on a canvas: the texts
 * (north star, KPIs, lists, targets) with `fillText`, the view's SVG charts serialised with their
 * computed colours inlined and drawn as images. No dependency. (The CSV is `csvRows` in
 * lib/portfolio/csv.ts.)
 */
import { day } from '@/lib/format';
import { BAND_WORDS } from '@/lib/metrics/health';
import type { AccountReport } from '@/lib/metrics/types';
import { CORE_KPIS, DEAL_METRIC_KEYS, formatMetric, metricDef } from '@/lib/portfolio/catalog';
import type { ExportInput } from '@/lib/portfolio/csv';
import { describeScope } from '@/lib/portfolio/filters';
import { renewalLine } from '@/lib/portfolio/renewal';
import { evaluateTarget, STATUS_LABEL, TAB_LABEL } from '@/lib/portfolio/targets';
import { metricValue } from '@/lib/portfolio/view';

// ---------------------------------------------------------------------------------------------
// PNG

export interface PngModel {
  title: string;
  subtitle: string;
  cards: { label: string; value: string }[];
  /** Two per row; `empty` is drawn when a list has no rows. */
  lists: { title: string; rows: string[]; empty?: string }[];
  targets: string[];
}

const INLINE = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
] as const;

/** A self-contained copy of a chart: computed styles inlined (CSS variables and classes do not travel with an image). */
export function standaloneSvg(svg: SVGSVGElement, width: number, height: number): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const d = dst[i] as SVGElement;
    for (const prop of INLINE) {
      const val = cs.getPropertyValue(prop);
      if (val) d.setAttribute(prop, val);
    }
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('role');
  return new XMLSerializer().serializeToString(clone);
}

function loadImage(svgText: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('could not draw a chart'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}

interface ChartShot {
  title: string;
  images: { img: HTMLImageElement; w: number; h: number }[];
  legend: { color: string; alpha: number; text: string }[];
}

/** The charts of the current view (`[data-export-title]` sections under `root`), as images. */
async function shootCharts(root: HTMLElement, width: number): Promise<ChartShot[]> {
  const shots: ChartShot[] = [];
  for (const sec of root.querySelectorAll<HTMLElement>('[data-export-title]')) {
    const images: ChartShot['images'] = [];
    for (const svg of sec.querySelectorAll<SVGSVGElement>('svg[role="img"]')) {
      const box = svg.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      const w = Math.min(width, box.width);
      const h = (box.height / box.width) * w;
      images.push({ img: await loadImage(standaloneSvg(svg, w, h)), w, h });
    }
    const legend = [...sec.querySelectorAll<HTMLElement>('.hb-legend span')].map((s) => {
      const swatch = getComputedStyle(s.querySelector('i') ?? s);
      return {
        color: swatch.backgroundColor,
        alpha: Number(swatch.opacity) || 1,
        text: s.textContent?.trim() ?? '',
      };
    });
    if (images.length) shots.push({ title: sec.dataset.exportTitle ?? '', images, legend });
  }
  return shots;
}

function clip(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let t = text;
  while (t.length > 1 && ctx.measureText(`${t}…`).width > max) t = t.slice(0, -1);
  return `${t}…`;
}

/** Draws the view on a canvas and returns it as a PNG. */
export async function renderPng(root: HTMLElement, model: PngModel): Promise<Blob> {
  const css = getComputedStyle(document.documentElement);
  const color = (v: string, d: string) => css.getPropertyValue(v).trim() || d;
  const bg = color('--hb-bg', '#fff');
  const fg = color('--hb-fg', '#111');
  const muted = color('--hb-muted', '#666');
  const border = color('--hb-border', '#ddd');
  const font = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const W = 1280;
  const M = 32;
  const gap = 20;
  const colW = (W - 2 * M - gap) / 2;
  const shots = await shootCharts(root, colW);
  const cardW = (W - 2 * M - 4 * 12) / 5;
  const cardRows = Math.ceil(model.cards.length / 5);
  // Layout pass: heights of the chart blocks, two per row.
  const chartH = shots.map(
    (s) => 24 + s.images.reduce((a, i) => a + i.h + 6, 0) + (s.legend.length ? 20 : 0),
  );
  const chartRowsH: number[] = [];
  for (let i = 0; i < shots.length; i += 2) chartRowsH.push(Math.max(chartH[i], chartH[i + 1] ?? 0) + gap);
  // Lists two per row, each row as tall as its longer list.
  const listRowsH: number[] = [];
  for (let i = 0; i < model.lists.length; i += 2)
    listRowsH.push(
      Math.max(...model.lists.slice(i, i + 2).map((l) => 24 + Math.max(1, l.rows.length) * 20)) + gap,
    );
  const listH = listRowsH.reduce((a, b) => a + b, 0);
  const targetsH = model.targets.length ? 24 + model.targets.length * 20 + gap : 0;
  const H =
    M + 34 + 24 + 16 + cardRows * 76 + gap + chartRowsH.reduce((a, b) => a + b, 0) + listH + targetsH + M;
  const scale = 2;
  const canvas = document.createElement('canvas');
  canvas.width = W * scale;
  canvas.height = H * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw an image here.');
  ctx.scale(scale, scale);
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, W, H);
  ctx.textBaseline = 'alphabetic';
  let y = M + 24;
  ctx.fillStyle = fg;
  ctx.font = `600 24px ${font}`;
  ctx.fillText(clip(ctx, model.title, W - 2 * M), M, y);
  y += 26;
  ctx.fillStyle = muted;
  ctx.font = `14px ${font}`;
  ctx.fillText(clip(ctx, model.subtitle, W - 2 * M), M, y);
  y += 24;
  model.cards.forEach((c, i) => {
    const x = M + (i % 5) * (cardW + 12);
    const yy = y + Math.floor(i / 5) * 76;
    ctx.strokeStyle = border;
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, yy + 0.5, cardW, 64);
    ctx.fillStyle = muted;
    ctx.font = `12px ${font}`;
    ctx.fillText(clip(ctx, c.label, cardW - 20), x + 10, yy + 20);
    ctx.fillStyle = fg;
    ctx.font = `600 22px ${font}`;
    ctx.fillText(clip(ctx, c.value, cardW - 20), x + 10, yy + 50);
  });
  y += cardRows * 76 + gap;
  for (let i = 0; i < shots.length; i++) {
    const s = shots[i];
    const x = M + (i % 2) * (colW + gap);
    const top = y;
    ctx.fillStyle = fg;
    ctx.font = `600 15px ${font}`;
    ctx.fillText(clip(ctx, s.title, colW), x, top + 16);
    let yy = top + 24;
    for (const im of s.images) {
      ctx.drawImage(im.img, x, yy, im.w, im.h);
      yy += im.h + 6;
    }
    let lx = x;
    ctx.font = `12px ${font}`;
    for (const l of s.legend) {
      ctx.fillStyle = l.color;
      ctx.globalAlpha = l.alpha;
      ctx.fillRect(lx, yy + 4, 10, 10);
      ctx.globalAlpha = 1;
      ctx.fillStyle = muted;
      ctx.fillText(l.text, lx + 14, yy + 13);
      lx += 22 + ctx.measureText(l.text).width;
    }
    if (i % 2 === 1 || i === shots.length - 1) y += chartRowsH[Math.floor(i / 2)];
  }
  model.lists.forEach((l, i) => {
    const x = M + (i % 2) * (colW + gap);
    ctx.fillStyle = fg;
    ctx.font = `600 15px ${font}`;
    ctx.fillText(l.title, x, y + 16);
    ctx.font = `13px ${font}`;
    l.rows.forEach((r, j) => {
      ctx.fillText(clip(ctx, r, colW), x, y + 40 + j * 20);
    });
    if (l.rows.length === 0 && l.empty) {
      ctx.fillStyle = muted;
      ctx.fillText(clip(ctx, l.empty, colW), x, y + 40);
    }
    if (i % 2 === 1 || i === model.lists.length - 1) y += listRowsH[Math.floor(i / 2)];
  });
  if (model.targets.length) {
    ctx.fillStyle = fg;
    ctx.font = `600 15px ${font}`;
    ctx.fillText('Targets', M, y + 16);
    ctx.font = `13px ${font}`;
    model.targets.forEach((t, j) => {
      ctx.fillText(clip(ctx, t, W - 2 * M), M, y + 40 + j * 20);
    });
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Could not encode the image.'))), 'image/png'),
  );
}

/** The texts of the PNG: title, north star and KPIs, the top of the lists, the targets. */
export function pngModel(x: ExportInput): PngModel {
  const { v, locale } = x;
  const f = (k: string) => formatMetric(k, metricValue(v, k), v.currency, locale);
  const label = (k: string) => metricDef(k, v.featureNames)?.label ?? k;
  const listRow = (a: AccountReport, kind: 'risk' | 'upsell') =>
    `${a.name} — ${a.health.label ?? BAND_WORDS.unknown}${a.health.rounded === null ? '' : ` ${a.health.rounded}`}${
      kind === 'upsell'
        ? ` · MRR ${formatMetric('mrr', a.mrr, v.currency, locale)}`
        : a.renewsInDays === null
          ? ''
          : ` · ${renewalLine(a, v.asOf, v.currency, locale)}`
    }`;
  return {
    title: `Healthbar portfolio — ${TAB_LABEL[x.tab]} view`,
    subtitle: `As of ${day(v.asOf)} · ${x.filters} · ${v.report.accounts.length} accounts · ${x.stageLabel} stage`,
    cards: [
      { label: `North star: ${label(x.northStar)}`, value: f(x.northStar) },
      ...CORE_KPIS.filter((k) => k !== x.northStar).map((k) => ({ label: label(k), value: f(k) })),
      // Feature adoption has no history: its current value, said to be current.
      ...(x.northStar === 'featureAdoption'
        ? []
        : [{ label: `${label('featureAdoption')} (now)`, value: f('featureAdoption') }]),
      // The Sales tab's deal figures (issue 32), as the CSV has them.
      ...(x.tab === 'sales'
        ? DEAL_METRIC_KEYS.filter((k) => k !== x.northStar).map((k) => ({ label: label(k), value: f(k) }))
        : []),
    ],
    lists: [
      { title: `At risk (${v.atRisk.length})`, rows: v.atRisk.slice(0, 10).map((a) => listRow(a, 'risk')) },
      { title: `Upsell (${v.upsell.length})`, rows: v.upsell.slice(0, 10).map((a) => listRow(a, 'upsell')) },
      {
        title: `Churned (${v.churned.length})`,
        rows: v.churned.slice(0, 10).map((a) => `${a.name} — ${renewalLine(a, v.asOf, v.currency, locale)}`),
        empty: 'No account has churned.',
      },
      ...(x.tab === 'sales' && v.openDeals !== null
        ? [
            {
              title: `Largest open deals (${v.openDeals.length})`,
              rows: v.openDeals
                .slice(0, 10)
                .map(
                  (d) =>
                    `${d.account.name} — ${d.name ?? d.id} · ${d.stage} · ${formatMetric('pipelineValue', d.amount, v.currency, locale)}`,
                ),
              empty: `No deal is open on ${day(v.asOf)}.`,
            },
          ]
        : []),
    ],
    targets: x.targets.map(({ t, current }) => {
      const pr = evaluateTarget(t, current, v.asOf);
      const g = (n: number | null) => formatMetric(t.metric, n, v.currency, locale);
      return `${label(t.metric)} (${describeScope(t.scope, v.planNames)}): ${g(current)} of ${g(t.target)} by ${day(t.dueOn)} — ${STATUS_LABEL[pr.status]}`;
    }),
  };
}
