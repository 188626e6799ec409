// A progress report drawn as a PDF with pdfkit: real text in embedded Noto Sans (Noto Sans SC for
// Chinese, Noto Sans Arabic for Arabic, each run of text in the font that has its glyphs), the goal
// charts as vector drawings in the app's colours and point shapes (so they read in black and white
// too), and on every page who it is about, when it was made and "page x of y". In a language
// written right to left the page is mirrored: text starts at the right, tables read from the right.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Locale } from '../../../contract/common.ts';
import { RTL_LOCALES } from '../../../contract/locales.ts';
import { formatDate, formatList, formatMonth, formatNumber } from '../../../contract/format.ts';
import { CHART_LINES, formatMeasured, formatMeasuredTick, SETTING_MARKS, trianglePoints, yScale } from '../../../contract/goal-chart.ts';
import type { MeasureKind, Setting } from '../../../contract/plan.ts';
import type { StrategyUseCounts } from '../../../contract/strategies.ts';
import { weekStart } from '../children/calendar.ts';
import { weeklyMeans } from '../plan/trend.ts';
import { hasRtl, isPlain, layoutParagraph, type Direction, type Line, type Script, type Span } from './script-text.ts';

const require = createRequire(import.meta.url);
/** Each script's font files (pdfkit embeds the glyphs a report uses); Chinese and Arabic ones are read when first needed. */
const FONT_FILES: Record<Script, { body: string; bold: string }> = {
  latin: { body: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf', bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf' },
  sc: { body: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf' },
  ar: { body: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf', bold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf' },
};
/** Each font file parsed once per process: parsing its layout tables again for every report was most of a report's time. */
const fonts = new Map<string, fontkit.Font>();
/** pdfkit's name for a script's font in a weight ('body' and 'bold' are Noto Sans). */
function fontName(script: Script, bold: boolean): string {
  const weight = bold ? 'bold' : 'body';
  return script === 'latin' ? weight : `${weight}-${script}`;
}
/** pdfkit takes a parsed fontkit font as well as bytes (its types name only bytes). */
function fontFile(script: Script, bold: boolean): PDFKit.Mixins.PDFFontSource {
  const file = FONT_FILES[script][bold ? 'bold' : 'body'];
  let font = fonts.get(file);
  if (!font) fonts.set(file, (font = fontkit.create(readFileSync(require.resolve(file))) as fontkit.Font));
  return font as unknown as PDFKit.Mixins.PDFFontSource;
}

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
  doc.registerFont('body', fontFile('latin', false));
  doc.registerFont('bold', fontFile('latin', true));
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

type TextStyle = { size?: number; bold?: boolean; color?: string };
type FlowOptions = TextStyle & { lineGap?: number; align?: 'start' | 'end'; dir?: Direction };

class Writer {
  doc: Doc;
  locale: Locale;
  t: Say;
  /** The page mirrors for a language written right to left. */
  rtl: boolean;
  registered = new Set(['body', 'bold']);
  constructor(doc: Doc, locale: Locale, t: Say) {
    this.doc = doc;
    this.locale = locale;
    this.t = t;
    this.rtl = RTL_LOCALES.has(locale);
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

  /** The current font set to a script's font in a weight and size (registered the first time a report needs it). */
  use(script: Script, bold: boolean, size: number): Doc {
    const name = fontName(script, bold);
    if (!this.registered.has(name)) {
      this.doc.registerFont(name, fontFile(script, bold));
      this.registered.add(name);
    }
    return this.doc.font(name).fontSize(size);
  }

  /** Lines of text in the fonts of its scripts, in drawing order; and their line height and ascent. */
  lines(spans: Span[], width: number, size: number, dir?: Direction): { lines: Line[]; height: number; ascent: number } {
    const { lines, scripts } = layoutParagraph(spans, width, (text, bold, script) => this.use(script, bold, size).widthOfString(text), dir);
    let height = 0;
    let ascent = 0;
    for (const script of scripts.add('latin')) {
      const doc = this.use(script, false, size);
      height = Math.max(height, doc.currentLineHeight(true));
      ascent = Math.max(ascent, ((doc as unknown as { _font: { ascender: number } })._font.ascender / 1000) * size);
    }
    return { lines, height, ascent };
  }

  /** Draws one laid-out line from x, on the baseline at y. */
  drawLine(line: Line, x: number, baseline: number, size: number, color: string) {
    let at = x;
    for (const p of line.pieces) {
      // Joined Arabic letters share glyphs (one skeleton, dots apart): the words themselves go alongside for copying and search.
      // Given in the order drawn (readers such as pdftotext put right-to-left text back in reading order).
      if (p.script === 'ar') this.doc.markContent('Span', { actual: [...p.text].reverse().join('') });
      if (!p.space) this.use(p.script, p.bold, size).fillColor(color).text(p.text, at, baseline, { lineBreak: false, baseline: 'alphabetic' });
      if (p.script === 'ar') this.doc.endMarkedContent();
      at += p.width;
    }
  }

  /**
   * Text from (x, y) wrapped to `width`, aligned to the page's start (left, or right when the page
   * mirrors) unless told; doc.y is left below it. Noto Sans text goes straight to pdfkit.
   */
  flow(spans: Span[], x: number, y: number, width: number, o: FlowOptions = {}) {
    const { doc } = this;
    const size = o.size ?? 10;
    const color = o.color ?? INK;
    const lineGap = o.lineGap ?? 1.5;
    const right = (o.align ?? 'start') === (this.rtl ? 'start' : 'end');
    if (!this.rtl && !right && spans.every((p) => isPlain(p.text))) {
      spans.forEach((p, i) => {
        doc.font(p.bold ? 'bold' : 'body').fontSize(size).fillColor(color);
        const opts = { width, lineGap, continued: i < spans.length - 1 };
        if (i === 0) doc.text(p.text, x, y, opts);
        else doc.text(p.text, opts);
      });
      return;
    }
    const { lines, height, ascent } = this.lines(spans, width, size, o.dir);
    let top = y;
    for (const line of lines) {
      this.drawLine(line, right ? x + width - line.width : x, top + ascent, size, color);
      top += height + lineGap;
    }
    doc.x = x;
    doc.y = top;
  }

  /** How tall flow() would make this text. */
  heightOf(spans: Span[], width: number, size: number, lineGap = 1.5): number {
    if (spans.every((p) => isPlain(p.text)) && spans.length === 1) {
      return this.doc.font(spans[0]?.bold ? 'bold' : 'body').fontSize(size).heightOfString(spans[0]?.text ?? '', { width, lineGap });
    }
    const { lines, height } = this.lines(spans, width, size);
    return lines.length * (height + lineGap);
  }

  /** How wide one line of this text is. */
  widthOf(s: string, size: number, bold = false): number {
    if (isPlain(s)) return this.doc.font(bold ? 'bold' : 'body').fontSize(size).widthOfString(s);
    return this.lines([{ text: s, bold }], Infinity, size).lines[0]?.width ?? 0;
  }

  /** One line of text, never wrapped: from x, or ending at x + width with align 'right'. */
  label(s: string, x: number, y: number, o: TextStyle & { width?: number; align?: 'left' | 'right' } = {}) {
    const size = o.size ?? 10;
    const color = o.color ?? INK;
    const right = o.align === 'right' && o.width !== undefined;
    if (isPlain(s)) {
      this.doc.font(o.bold ? 'bold' : 'body').fontSize(size).fillColor(color)
        .text(s, x, y, { lineBreak: false, ...(right ? { width: o.width, align: 'right' as const } : {}) });
      return;
    }
    const { lines, ascent } = this.lines([{ text: s, bold: o.bold ?? false }], Infinity, size);
    const line = lines[0];
    if (line) this.drawLine(line, right ? x + (o.width ?? 0) - line.width : x, y + ascent, size, color);
  }

  text(s: string, opts: { size?: number; bold?: boolean; color?: string; gap?: number; indent?: number; dir?: Direction } = {}) {
    const indent = opts.indent ?? 0;
    this.flow([{ text: s, bold: opts.bold ?? false }], this.left + (this.rtl ? 0 : indent), this.doc.y, this.width - indent, opts);
    if (opts.gap) this.doc.moveDown(opts.gap);
  }

  /** A section's heading, with room below it for `keep` points of what follows (never alone at a page's foot). */
  heading(s: string, keep = 60) {
    const size = 15;
    this.room(this.heightOf([{ text: s, bold: true }], this.width, size) + keep);
    this.doc.font('bold').fontSize(size);
    this.doc.moveDown(0.8);
    this.text(s, { size, bold: true, color: ACCENT });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1).strokeColor(ACCENT).stroke();
    this.doc.y = y + 6;
  }

  /** "Label: value" with the label in bold. */
  labelled(label: string, value: string) {
    // The value isolated, so a sentence in another direction keeps its full stop at its own end; one
    // with right-to-left words in a right-to-left report (a list of names and roles) reads right to left.
    const isolate = this.rtl && hasRtl(value) ? '\u2067' : '\u2068';
    this.flow([{ text: `${label}: `, bold: true }, { text: isPlain(value) && !this.rtl ? value : `${isolate}${value}\u2069`, bold: false }], this.left, this.doc.y, this.width, { dir: this.rtl ? 'rtl' : 'ltr' });
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
      this.label(formatMeasuredTick(this.locale, g.measure, tick, t), x0p, sy(tick) - 5, { size: 8, color: MUTED, width: CHART_PAD.start - 6, align: 'right' });
    }
    const labels = last - first > 20 ? [first, (first + last) / 2, last] : first === last ? [first] : [first, last];
    for (const [i, d] of labels.entries()) {
      const iso = new Date(Math.round(d) * 86_400_000).toISOString().slice(0, 10);
      const label = this.date(iso);
      const lw = this.widthOf(label, 8);
      const align = labels.length > 1 && i === 0 ? 0 : labels.length > 1 && i === labels.length - 1 ? 1 : 0.5;
      const x = Math.min(Math.max(sx(d) - lw * align, xStart), xEnd - lw);
      this.label(label, x, top + CHART_HEIGHT - 14, { size: 8, color: MUTED });
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
    const targetLabel = t('plan.chart.targetLine', { value: formatMeasuredTick(this.locale, g.measure, g.target, t) });
    const ty = sy(g.target) - 11 < top ? sy(g.target) + 2 : sy(g.target) - 11;
    this.label(targetLabel, xEnd - this.widthOf(targetLabel, 8, true) - 2, ty, { size: 8, bold: true, color: CHART_LINES.target.hex });
    if (g.baseline !== null) {
      const label = t('plan.chart.startLine', { value: formatMeasuredTick(this.locale, g.measure, g.baseline, t) });
      let by = sy(g.baseline) - 11 < top ? sy(g.baseline) + 2 : sy(g.baseline) - 11;
      if (Math.abs(by - ty) < 10) by = sy(g.baseline) + (sy(g.baseline) > sy(g.target) ? 2 : -11);
      this.label(label, xEnd - this.widthOf(label, 8) - 2, by, { size: 8, color: MUTED });
    }
    doc.restore();
    // The legend: each setting used, with its shape, and the weekly line; read from the page's start.
    const ly = top + CHART_HEIGHT + 6;
    const items: { key: Setting | 'weekly'; label: string; mark: number }[] = [...new Set(points.map((p) => p.setting))].map((s) => ({ key: s, label: t(`plan.setting.${s}`), mark: 8 }));
    if (weeks.length > 1) items.push({ key: 'weekly', label: t('plan.chart.weekly'), mark: 16 });
    let lx = this.rtl ? this.left + width : this.left + CHART_PAD.start;
    for (const item of items) {
      const lw = this.widthOf(item.label, 8.5);
      // Where the item's mark starts and its words start, whichever way the legend runs.
      const mx = this.rtl ? lx - item.mark : lx;
      const tx = this.rtl ? mx - 4 - lw : mx + item.mark + 4;
      if (item.key === 'weekly') {
        doc.moveTo(mx, ly + 5).lineTo(mx + item.mark, ly + 5).lineWidth(CHART_LINES.weekly.width).strokeColor(CHART_LINES.weekly.hex).strokeOpacity(CHART_LINES.weekly.opacity).stroke();
        doc.strokeOpacity(1);
      } else this.markers(item.key, [[mx + 4, ly + 5]], 3.5);
      this.label(item.label, tx, ly, { size: 8.5 });
      lx += (this.rtl ? -1 : 1) * (item.mark + 4 + lw + 16);
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
    // Each column's left edge: a page written right to left reads its columns from the right, each cell starting at its right.
    const xs = widths.map((_, i) => {
      const before = widths.slice(0, this.rtl ? i + 1 : i).reduce((sum, w) => sum + w, 0);
      return this.rtl ? this.left + this.width - before : this.left + before;
    });
    // Most cells fit on one line: those are placed without line wrapping, which is most of a table's cost.
    const measure = (cells: string[], bold: boolean) => {
      const plain = cells.every(isPlain);
      if (plain) doc.font(bold ? 'bold' : 'body').fontSize(8.5);
      const inner = cells.map((cell, i) => ({ cell, room: (widths[i] ?? 0) - pad * 2, width: plain ? doc.widthOfString(cell) : this.widthOf(cell, 8.5, bold) }));
      const oneLine = inner.every((c) => c.width <= c.room);
      const lineHeight = plain ? doc.currentLineHeight(true) : Math.max(...cells.map((cell) => this.lines([{ text: cell, bold }], Infinity, 8.5).height));
      const height = oneLine ? lineHeight : Math.max(...inner.map((c) => this.heightOf([{ text: c.cell, bold }], c.room, 8.5, 0.5)));
      return { inner, oneLine, height: height + pad * 2 };
    };
    const rowHeight = (cells: string[], bold: boolean) => measure(cells, bold).height;
    const draw = (cells: string[], bold: boolean, shade: boolean) => {
      const { inner, oneLine, height: h } = measure(cells, bold);
      const y = doc.y;
      if (shade) doc.rect(this.left, y, this.width, h).fillColor('#f1f3f5').fill();
      for (const [i, c] of inner.entries()) {
        const end = columns[i]?.align === 'right';
        const x = xs[i] ?? 0;
        if (oneLine) this.label(c.cell, x + pad + (end !== this.rtl ? c.room - c.width : 0), y + pad, { size: 8.5, bold });
        else this.flow([{ text: c.cell, bold }], x + pad, y + pad, c.room, { size: 8.5, lineGap: 0.5, align: end ? 'end' : 'start' });
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
    this.room(rowHeight(header, true) + 16);
    draw(header, true, true);
    for (const row of rows) {
      if (doc.y + rowHeight(row, false) > this.bottom) {
        doc.addPage();
        draw(header, true, true);
      }
      draw(row, false, false);
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
      this.text(`• ${s.name}`, { bold: true, dir: this.rtl ? 'rtl' : 'ltr' });
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
      // Who and when at the page's start, the page number at its end.
      const style = { size: 8.5, color: MUTED };
      if (i > range.start) {
        const who = `${c.child.name} · ${c.clinic.name}`;
        this.label(who, this.rtl ? x + width - this.widthOf(who, 8.5) : x, 30, style);
        doc.moveTo(x, 44).lineTo(x + width, 44).lineWidth(0.5).strokeColor(RULE).stroke();
      }
      const fy = doc.page.height - 38;
      doc.moveTo(x, fy - 6).lineTo(x + width, fy - 6).lineWidth(0.5).strokeColor(RULE).stroke();
      const page = t('reports.pdf.page', { page: i - range.start + 1, pages: range.count });
      this.label(generated, this.rtl ? x + width - this.widthOf(generated, 8.5) : x, fy, style);
      this.label(page, this.rtl ? x : x + width - this.widthOf(page, 8.5), fy, style);
      doc.page.margins = margins;
    }
    return range.count;
  }
}
