// A progress report drawn as a PDF with pdfkit: real text in embedded Noto Sans, the goal charts
// as vector drawings in the app's colours and point shapes (so they read in black and white too),
// and on every page who it is about, when it was made and "page x of y".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Locale } from '../../../contract/common.ts';
import { formatDate, formatList, formatMonth, formatNumber } from '../../../contract/format.ts';
import { CHART_LINES, formatMeasured, formatMeasuredTick, SETTING_MARKS, trianglePoints, yScale } from '../../../contract/goal-chart.ts';
import type { MeasureKind, Setting } from '../../../contract/plan.ts';
import type { StrategyUseCounts } from '../../../contract/strategies.ts';
import { weekStart } from '../children/calendar.ts';
import { weeklyMeans } from '../plan/trend.ts';

const require = createRequire(import.meta.url);
/** The fonts' bytes, read once: every report embeds the glyphs it uses. */
const FONTS = {
  regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')),
  bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf')),
};

export type Say = (key: string, vars?: Record<string, string | number>) => string;

export type ReportPoint = { date: string; value: number; opportunities: number | null; setting: Setting; by: string };
export type ReportGoal = {
  statement: string;
  /** The goal's status, in words. */
  status: string;
  whyItMatters: string;
  measure: MeasureKind;
  baseline: number | null;
  target: number;
  targetDate: string | null;
  trendSentence: string;
  points: ReportPoint[];
};
export type ReportContent = {
  locale: Locale;
  clinic: { name: string; letterhead: string };
  child: { name: string; age: number | null };
  from: string;
  to: string;
  generatedOn: string;
  team: { name: string; role: string }[];
  goals: ReportGoal[];
  /** Null: the reader does not see home practice. */
  practice: { weeks: { week: string; planned: number; done: number }[]; items: string[] } | null;
  /** With how often each was used and helped in the period, per setting (only where logged). */
  strategies: { name: string; settings: Setting[]; uses: StrategyUseCounts[] }[] | null;
  /** Null: the reader does not see check-ins. Each form's score series in the period, one per respondent and setting. */
  checkins: { title: string; range: { min: number; max: number }; higherIsBetter: boolean; series: { who: string; setting: Setting; sentence: string; points: { date: string; value: number }[] }[] }[] | null;
  milestones: { date: string; title: string; goalMet: boolean }[];
  /** Null: the reader does not see sessions. */
  sessions: { date: string; writtenBy: string; parts: { label: string; text: string }[] }[] | null;
  closing: { text: string; by: string } | null;
};

const INK = '#1b1f23';
const MUTED = '#52606d';
const RULE = '#adb5bd';
const ACCENT = '#0b4038';
const PAGE = { margin: 50, top: 64, bottom: 56 };
/** Above this many measurements, a goal's table gives each week's average by setting instead. */
const TABLE_ROWS_MAX = 40;
const CHART_HEIGHT = 150;
/** Above this many points a chart draws them small, with the weekly line on top. */
const DENSE_POINTS = 120;
const CHART_PAD = { top: 10, bottom: 22, start: 44, end: 8 };

type Doc = PDFKit.PDFDocument;

/** The report as PDF bytes, and how many pages it has. */
export function renderReportPdf(c: ReportContent, t: Say): Promise<{ bytes: Buffer; pages: number }> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    lang: c.locale,
    displayTitle: true,
    info: { Title: t('reports.pdf.documentTitle', { name: c.child.name }), Author: c.clinic.name, Creator: 'CareTeam' },
  });
  doc.registerFont('body', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const w = new Writer(doc, c.locale, t);
  w.cover(c);
  for (const g of c.goals) w.goal(g);
  if (c.practice) w.practice(c.practice);
  if (c.strategies) w.strategies(c.strategies);
  if (c.checkins) w.checkins(c.checkins);
  w.milestones(c.milestones);
  if (c.sessions) w.sessions(c.sessions);
  if (c.closing) w.closing(c.closing);
  const pages = w.finish(c);
  doc.end();
  return done.then((bytes) => ({ bytes, pages }));
}

class Writer {
  doc: Doc;
  locale: Locale;
  t: Say;
  constructor(doc: Doc, locale: Locale, t: Say) {
    this.doc = doc;
    this.locale = locale;
    this.t = t;
    doc.font('body').fontSize(10).fillColor(INK);
  }

  get left() {
    return this.doc.page.margins.left;
  }
  get width() {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  date(iso: string) {
    return formatDate(this.locale, iso);
  }

  /** A new page unless this much room is left on the current one. */
  room(height: number) {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  text(s: string, opts: { size?: number; bold?: boolean; color?: string; gap?: number; indent?: number } = {}) {
    const indent = opts.indent ?? 0;
    this.doc.font(opts.bold ? 'bold' : 'body').fontSize(opts.size ?? 10).fillColor(opts.color ?? INK)
      .text(s, this.left + indent, this.doc.y, { width: this.width - indent, lineGap: 1.5 });
    if (opts.gap) this.doc.moveDown(opts.gap);
  }

  /** A section's heading, with room below it for `keep` points of what follows (never alone at a page's foot). */
  heading(s: string, keep = 60) {
    const size = 15;
    this.doc.font('bold').fontSize(size);
    this.room(this.doc.heightOfString(s, { width: this.width }) + keep);
    this.doc.moveDown(0.8);
    this.text(s, { size, bold: true, color: ACCENT });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1).strokeColor(ACCENT).stroke();
    this.doc.y = y + 6;
  }

  /** "Label: value" with the label in bold. */
  labelled(label: string, value: string) {
    this.doc.font('bold').fontSize(10).fillColor(INK).text(`${label}: `, this.left, this.doc.y, { width: this.width, continued: true, lineGap: 1.5 })
      .font('body').text(value, { lineGap: 1.5 });
  }

  cover(c: ReportContent) {
    const { t } = this;
    this.text(c.clinic.name, { size: 18, bold: true, color: ACCENT });
    if (c.clinic.letterhead.trim()) this.text(c.clinic.letterhead.trim(), { size: 9, color: MUTED });
    this.doc.moveDown(1.2);
    this.text(t('reports.pdf.title'), { size: 11, bold: true, color: MUTED });
    this.text(c.child.name, { size: 22, bold: true });
    if (c.child.age !== null) this.text(t('reports.pdf.age', { years: c.child.age }), { size: 11 });
    this.doc.moveDown(0.6);
    this.labelled(t('reports.pdf.period'), t('reports.pdf.periodRange', { from: this.date(c.from), to: this.date(c.to) }));
    if (c.team.length > 0) this.labelled(t('reports.pdf.team'), formatList(this.locale, c.team.map((m) => t('reports.pdf.teamMember', { name: m.name, role: m.role }))));
    this.labelled(t('reports.pdf.goalsIncluded'), String(c.goals.length));
  }

  goal(g: ReportGoal) {
    const { t } = this;
    // The goal's words and its chart start on the same page.
    this.heading(g.statement, g.points.length > 0 ? CHART_HEIGHT + 110 : 80);
    if (g.whyItMatters.trim()) this.labelled(t('reports.pdf.whyItMatters'), g.whyItMatters.trim());
    const v = (x: number) => formatMeasured(this.locale, g.measure, x, t);
    const target = g.targetDate ? t('reports.pdf.targetBy', { value: v(g.target), date: this.date(g.targetDate) }) : v(g.target);
    this.labelled(t('reports.pdf.status'), g.status);
    this.labelled(t('reports.pdf.start'), g.baseline !== null ? v(g.baseline) : t('reports.pdf.noBaseline'));
    this.labelled(t('reports.pdf.target'), target);
    this.doc.moveDown(0.3);
    // Without measurements in the period there is no trend to tell, whatever came before.
    if (g.points.length === 0) {
      this.text(t('reports.pdf.noMeasurements'), { bold: true });
      return;
    }
    this.text(g.trendSentence, { bold: true, gap: 0.3 });
    this.chart(g);
    this.table(g);
  }

  chart(g: ReportGoal) {
    const { doc, t } = this;
    this.room(CHART_HEIGHT + 36);
    const top = doc.y + 4;
    const x0p = this.left;
    const width = this.width;
    const points = g.points;
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    const y = yScale(g.measure, [...points.map((p) => p.value), g.target, ...(g.baseline !== null ? [g.baseline] : [])]);
    const first = day(points[0]?.date ?? '');
    const last = day(points.at(-1)?.date ?? '');
    const [d0, d1] = first === last ? [first - 3, last + 3] : [first, last];
    const plotW = width - CHART_PAD.start - CHART_PAD.end;
    const plotH = CHART_HEIGHT - CHART_PAD.top - CHART_PAD.bottom;
    const inset = 6;
    const sx = (d: number) => x0p + CHART_PAD.start + inset + ((d - d0) / (d1 - d0)) * (plotW - inset * 2);
    const sy = (val: number) => top + CHART_PAD.top + plotH - ((Math.min(Math.max(val, y.min), y.max) - y.min) / (y.max - y.min)) * plotH;
    const xStart = x0p + CHART_PAD.start;
    const xEnd = x0p + width - CHART_PAD.end;
    doc.save();
    doc.font('body').fontSize(8);
    for (const tick of y.ticks) {
      doc.moveTo(xStart, sy(tick)).lineTo(xEnd, sy(tick)).lineWidth(0.5).strokeColor(CHART_LINES.grid.hex).stroke();
      doc.fillColor(MUTED).text(formatMeasuredTick(this.locale, g.measure, tick, t), x0p, sy(tick) - 5, { width: CHART_PAD.start - 6, align: 'right', lineBreak: false });
    }
    const labels = last - first > 20 ? [first, (first + last) / 2, last] : first === last ? [first] : [first, last];
    for (const [i, d] of labels.entries()) {
      const iso = new Date(Math.round(d) * 86_400_000).toISOString().slice(0, 10);
      const label = this.date(iso);
      const lw = doc.widthOfString(label);
      const align = labels.length > 1 && i === 0 ? 0 : labels.length > 1 && i === labels.length - 1 ? 1 : 0.5;
      const x = Math.min(Math.max(sx(d) - lw * align, xStart), xEnd - lw);
      doc.fillColor(MUTED).text(label, x, top + CHART_HEIGHT - 14, { lineBreak: false });
    }
    const line = (val: number, style: { hex: string; width: number; dash: readonly number[] }) => {
      doc.moveTo(xStart, sy(val)).lineTo(xEnd, sy(val)).lineWidth(style.width).strokeColor(style.hex)
        .dash(style.dash[0] ?? 3, { space: style.dash[1] ?? 3 }).stroke().undash();
    };
    if (g.baseline !== null) line(g.baseline, CHART_LINES.baseline);
    line(g.target, CHART_LINES.target);
    const weeks = weeklyMeans(points);
    const weeklyLine = () => {
      const [head, ...rest] = weeks.map((wk) => [sx(Math.min(Math.max(day(wk.week) + 3, d0), d1)), sy(wk.value)] as const);
      if (!head || rest.length === 0) return;
      doc.moveTo(head[0], head[1]);
      for (const p of rest) doc.lineTo(p[0], p[1]);
      doc.lineWidth(CHART_LINES.weekly.width).lineJoin('round').strokeColor(CHART_LINES.weekly.hex).strokeOpacity(CHART_LINES.weekly.opacity).stroke();
      doc.strokeOpacity(1);
    };
    // Many points (a year of daily data) are drawn small, under the weekly line that tells the story.
    const dense = points.length > DENSE_POINTS;
    if (!dense) weeklyLine();
    // One painted path per setting: thousands of points cost one fill each, not one each.
    for (const setting of Object.keys(SETTING_MARKS) as Setting[]) {
      const mine = points.filter((p) => p.setting === setting);
      if (mine.length > 0) this.markers(setting, mine.map((p) => [sx(day(p.date)), sy(p.value)] as const), dense ? 1.6 : 3.2);
    }
    if (dense) weeklyLine();
    // Line labels last, so no point hides them.
    doc.font('bold').fontSize(8).fillColor(CHART_LINES.target.hex);
    const targetLabel = t('plan.chart.targetLine', { value: formatMeasuredTick(this.locale, g.measure, g.target, t) });
    const ty = sy(g.target) - 11 < top ? sy(g.target) + 2 : sy(g.target) - 11;
    doc.text(targetLabel, xEnd - doc.widthOfString(targetLabel) - 2, ty, { lineBreak: false });
    if (g.baseline !== null) {
      doc.font('body').fillColor(MUTED);
      const label = t('plan.chart.startLine', { value: formatMeasuredTick(this.locale, g.measure, g.baseline, t) });
      let by = sy(g.baseline) - 11 < top ? sy(g.baseline) + 2 : sy(g.baseline) - 11;
      if (Math.abs(by - ty) < 10) by = sy(g.baseline) + (sy(g.baseline) > sy(g.target) ? 2 : -11);
      doc.text(label, xEnd - doc.widthOfString(label) - 2, by, { lineBreak: false });
    }
    doc.restore();
    // The legend: each setting used, with its shape, and the weekly line.
    let lx = this.left + CHART_PAD.start;
    const ly = top + CHART_HEIGHT + 6;
    doc.font('body').fontSize(8.5).fillColor(INK);
    const used = [...new Set(points.map((p) => p.setting))];
    for (const s of used) {
      this.markers(s, [[lx + 4, ly + 5]], 3.5);
      const label = t(`plan.setting.${s}`);
      doc.fillColor(INK).text(label, lx + 12, ly, { lineBreak: false });
      lx += 12 + doc.widthOfString(label) + 16;
    }
    if (weeks.length > 1) {
      doc.moveTo(lx, ly + 5).lineTo(lx + 16, ly + 5).lineWidth(CHART_LINES.weekly.width).strokeColor(CHART_LINES.weekly.hex).strokeOpacity(CHART_LINES.weekly.opacity).stroke();
      doc.strokeOpacity(1);
      doc.fillColor(INK).text(t('plan.chart.weekly'), lx + 20, ly, { lineBreak: false });
    }
    doc.x = this.left;
    doc.y = ly + 18;
  }

  /** Points of one setting in its colour and shape, outlined in white so overlapping ones stay apart. */
  markers(setting: Setting, at: readonly (readonly [number, number])[], size: number) {
    const { doc } = this;
    const mark = SETTING_MARKS[setting];
    doc.lineWidth(size < 2 ? 0.3 : 0.8).fillColor(mark.hex).strokeColor('#ffffff');
    for (const [x, y] of at) {
      switch (mark.shape) {
        case 'circle':
          doc.circle(x, y, size);
          break;
        case 'square':
          doc.rect(x - size, y - size, size * 2, size * 2);
          break;
        case 'triangle':
          doc.polygon(...trianglePoints(x, y, size));
          break;
      }
    }
    doc.fillAndStroke();
  }

  /** Columns of text with a bold header row; rows break across pages with the header repeated. */
  grid(columns: { label: string; width: number; align?: 'left' | 'right' }[], rows: string[][], caption?: string) {
    const { doc } = this;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 3;
    // Most cells fit on one line: those are placed without line wrapping, which is most of a table's cost.
    const measure = (cells: string[], font: string) => {
      doc.font(font).fontSize(8.5);
      const inner = cells.map((cell, i) => ({ cell, room: (widths[i] ?? 0) - pad * 2, width: doc.widthOfString(cell) }));
      const oneLine = inner.every((c) => c.width <= c.room);
      const height = oneLine ? doc.currentLineHeight(true) : Math.max(...inner.map((c) => doc.heightOfString(c.cell, { width: c.room, lineGap: 0.5 })));
      return { inner, oneLine, height: height + pad * 2 };
    };
    const rowHeight = (cells: string[], font: string) => measure(cells, font).height;
    const draw = (cells: string[], font: string, shade: boolean) => {
      const { inner, oneLine, height: h } = measure(cells, font);
      const y = doc.y;
      if (shade) doc.rect(this.left, y, this.width, h).fillColor('#f1f3f5').fill();
      let x = this.left;
      doc.font(font).fontSize(8.5).fillColor(INK);
      for (const [i, c] of inner.entries()) {
        const right = columns[i]?.align === 'right';
        if (oneLine) doc.text(c.cell, x + pad + (right ? c.room - c.width : 0), y + pad, { lineBreak: false });
        else doc.text(c.cell, x + pad, y + pad, { width: c.room, align: right ? 'right' : 'left', lineGap: 0.5 });
        x += widths[i] ?? 0;
      }
      doc.moveTo(this.left, y + h).lineTo(this.left + this.width, y + h).lineWidth(0.4).strokeColor(RULE).stroke();
      doc.x = this.left;
      doc.y = y + h;
    };
    const header = columns.map((c) => c.label);
    if (caption) {
      this.room(40);
      this.text(caption, { size: 8.5, color: MUTED });
    }
    this.room(rowHeight(header, 'bold') + 16);
    draw(header, 'bold', true);
    for (const row of rows) {
      if (doc.y + rowHeight(row, 'body') > this.bottom) {
        doc.addPage();
        draw(header, 'bold', true);
      }
      draw(row, 'body', false);
    }
    doc.moveDown(0.5);
  }

  table(g: ReportGoal) {
    const { t } = this;
    const v = (x: number, opp?: number | null) => formatMeasured(this.locale, g.measure, x, t, opp);
    if (g.points.length <= TABLE_ROWS_MAX) {
      this.grid(
        [{ label: t('plan.chart.colDate'), width: 3 }, { label: t('plan.chart.colValue'), width: 3 }, { label: t('plan.chart.colWhere'), width: 2 }, { label: t('plan.chart.colBy'), width: 4 }],
        g.points.map((p) => [this.date(p.date), v(p.value, p.opportunities), t(`plan.setting.${p.setting}`), p.by]),
        t('reports.pdf.tableCaption', { count: g.points.length }),
      );
      return;
    }
    // Many measurements: each week's average in each setting, with how many there were.
    const settings = [...new Set(g.points.map((p) => p.setting))];
    const weeks = new Map<string, Map<Setting, { sum: number; n: number }>>();
    for (const p of g.points) {
      const week = weekStart(p.date);
      let bySetting = weeks.get(week);
      if (!bySetting) weeks.set(week, (bySetting = new Map()));
      const acc = bySetting.get(p.setting) ?? { sum: 0, n: 0 };
      bySetting.set(p.setting, { sum: acc.sum + p.value, n: acc.n + 1 });
    }
    const rows = [...weeks.entries()].map(([week, bySetting]) => [
      this.date(week),
      ...settings.map((s) => {
        const acc = bySetting.get(s);
        return acc ? t('reports.pdf.weeklyCell', { value: v(acc.sum / acc.n), count: acc.n }) : '–';
      }),
    ]);
    this.grid(
      [{ label: t('reports.pdf.colWeek'), width: 3 }, ...settings.map((s) => ({ label: t(`plan.setting.${s}`), width: 3 }))],
      rows,
      t('reports.pdf.tableWeeklyCaption', { count: g.points.length }),
    );
  }

  practice(p: NonNullable<ReportContent['practice']>) {
    const { t } = this;
    this.heading(t('reports.pdf.practiceTitle'));
    if (p.weeks.length === 0) {
      this.text(t('reports.pdf.practiceNone'), { color: MUTED });
      return;
    }
    if (p.items.length > 0) this.labelled(t('reports.pdf.practiceItems'), formatList(this.locale, p.items));
    const planned = p.weeks.reduce((s, w) => s + w.planned, 0);
    const done = p.weeks.reduce((s, w) => s + w.done, 0);
    this.text(t('reports.pdf.practiceTotal', { done, planned }), { gap: 0.4 });
    this.grid(
      [{ label: t('reports.pdf.colWeek'), width: 4 }, { label: t('reports.pdf.colPlanned'), width: 2, align: 'right' }, { label: t('reports.pdf.colDone'), width: 2, align: 'right' }, { label: t('reports.pdf.colShare'), width: 3, align: 'right' }, { label: '', width: 2 }],
      p.weeks.map((w) => [this.date(w.week), String(w.planned), String(w.done), w.planned > 0 ? t('reports.pdf.donePercent', { percent: Math.round((100 * Math.min(w.done, w.planned)) / w.planned) }) : '', '']),
    );
  }

  strategies(list: NonNullable<ReportContent['strategies']>) {
    const { t } = this;
    this.heading(t('reports.pdf.strategiesTitle'));
    if (list.length === 0) {
      this.text(t('reports.pdf.strategiesNone'), { color: MUTED });
      return;
    }
    for (const s of list) {
      this.room(30);
      this.text(`• ${s.name}`, { bold: true });
      if (s.settings.length > 0) this.text(t('reports.pdf.strategyWhere', { settings: formatList(this.locale, s.settings.map((x) => t(`plan.setting.${x}`))) }), { color: MUTED, indent: 10, size: 9 });
      for (const u of s.uses) {
        this.text(t('reports.pdf.strategyUses', { setting: t(`plan.setting.${u.setting}`), used: u.used, helped: u.helped, aBit: u.aBit, notHelped: u.notHelped }), { indent: 10, size: 9 });
      }
    }
  }

  checkins(forms: NonNullable<ReportContent['checkins']>) {
    const { t } = this;
    this.heading(t('reports.pdf.checkinsTitle'));
    if (forms.length === 0) {
      this.text(t('reports.pdf.checkinsNone'), { color: MUTED });
      return;
    }
    for (const f of forms) {
      this.room(80);
      this.doc.moveDown(0.3);
      this.text(f.title, { bold: true, size: 11.5 });
      this.text(t('reports.pdf.checkinRange', { min: formatNumber(this.locale, f.range.min), max: formatNumber(this.locale, f.range.max), higherIsBetter: String(f.higherIsBetter) }), { color: MUTED, size: 9 });
      for (const x of f.series) this.labelled(t('reports.pdf.checkinWho', { who: x.who, setting: t(`plan.setting.${x.setting}`) }), x.sentence);
      // Weekly answers over a year are many rows: past the table's limit, each month's average.
      const rows = f.series.flatMap((x) => x.points.map((p) => ({ ...p, who: x.who })));
      const score = (v: number) => formatNumber(this.locale, v, { maximumFractionDigits: 1 });
      if (rows.length <= TABLE_ROWS_MAX) {
        rows.sort((a, b) => a.date.localeCompare(b.date) || a.who.localeCompare(b.who));
        this.grid([{ label: t('reports.pdf.colDate'), width: 4 }, { label: t('reports.pdf.colWho'), width: 6 }, { label: t('reports.pdf.colScore'), width: 3, align: 'right' }],
          rows.map((r) => [this.date(r.date), r.who, score(r.value)]));
      } else {
        const months = new Map<string, { month: string; who: string; sum: number; n: number }>();
        for (const r of rows) {
          const key = `${r.date.slice(0, 7)}|${r.who}`;
          const m = months.get(key) ?? { month: r.date.slice(0, 7), who: r.who, sum: 0, n: 0 };
          m.sum += r.value;
          m.n += 1;
          months.set(key, m);
        }
        const list = [...months.values()].sort((a, b) => a.month.localeCompare(b.month) || a.who.localeCompare(b.who));
        this.grid([{ label: t('reports.pdf.colMonth'), width: 4 }, { label: t('reports.pdf.colWho'), width: 6 }, { label: t('reports.pdf.colScore'), width: 3, align: 'right' }],
          list.map((m) => [formatMonth(this.locale, m.month), m.who, t('reports.pdf.weeklyCell', { value: score(m.sum / m.n), count: m.n })]),
          t('reports.pdf.checkinMonthlyCaption', { count: rows.length }));
      }
    }
  }

  milestones(list: ReportContent['milestones']) {
    const { t } = this;
    this.heading(t('reports.pdf.milestonesTitle'));
    if (list.length === 0) {
      this.text(t('reports.pdf.milestonesNone'), { color: MUTED });
      return;
    }
    for (const m of list) {
      this.room(24);
      this.text(`${this.date(m.date)} — ${m.goalMet ? t('reports.pdf.goalMet', { title: m.title }) : m.title}`);
    }
  }

  sessions(list: NonNullable<ReportContent['sessions']>) {
    const { t } = this;
    this.heading(t('reports.pdf.sessionsTitle'));
    if (list.length === 0) {
      this.text(t('reports.pdf.sessionsNone'), { color: MUTED });
      return;
    }
    for (const s of list) {
      this.room(50);
      this.doc.moveDown(0.3);
      this.text(`${this.date(s.date)} · ${t('reports.pdf.writtenBy', { name: s.writtenBy })}`, { bold: true, size: 10 });
      for (const part of s.parts) this.labelled(part.label, part.text);
    }
  }

  closing(c: { text: string; by: string }) {
    const { t } = this;
    this.heading(t('reports.pdf.closingTitle'));
    this.text(c.text, { gap: 0.4 });
    this.text(c.by, { color: MUTED });
  }

  /** Every page's header and footer, once the page count is known. */
  finish(c: ReportContent): number {
    const { doc, t } = this;
    const range = doc.bufferedPageRange();
    const generated = t('reports.pdf.generated', { date: this.date(c.generatedOn) });
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const margins = doc.page.margins;
      // Writing in the margins must not start new pages.
      doc.page.margins = { ...margins, top: 0, bottom: 0 };
      const x = margins.left;
      const width = doc.page.width - margins.left - margins.right;
      if (i > range.start) {
        doc.font('body').fontSize(8.5).fillColor(MUTED).text(`${c.child.name} · ${c.clinic.name}`, x, 30, { width, lineBreak: false });
        doc.moveTo(x, 44).lineTo(x + width, 44).lineWidth(0.5).strokeColor(RULE).stroke();
      }
      const fy = doc.page.height - 38;
      doc.moveTo(x, fy - 6).lineTo(x + width, fy - 6).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.font('body').fontSize(8.5).fillColor(MUTED);
      doc.text(generated, x, fy, { width: width / 2, lineBreak: false });
      const page = t('reports.pdf.page', { page: i - range.start + 1, pages: range.count });
      doc.text(page, x + width - doc.widthOfString(page), fy, { lineBreak: false });
      doc.page.margins = margins;
    }
    return range.count;
  }
}
