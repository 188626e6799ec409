// Strategies as a reader sees them: the library's rows as the contract's strategies, a child's
// strategies with the goals they help, and how often each was used and helped in the last four weeks.
import { SETTINGS, type Setting } from '../../../contract/plan.ts';
import { inLanguage, localeOf, writtenIn } from '../../../contract/locales.ts';
import type { ChildStrategy, Strategy, StrategyText, StrategyUseCounts } from '../../../contract/strategies.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import type { ContentTranslation } from '../../../contract/translation.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { badField } from '../../http/errors.ts';
import { contentKey, contentTranslations, listFields, listOf, withTranslation, type TranslatableContent } from '../translation/content-translation.service.ts';
import {
  childStrategies, findStrategy, goalLinks, strategiesByIds, usesBetween, usesSince, type ChildStrategyRow, type StrategyRow, type StrategyUseRow,
} from './strategies.repository.ts';
import { teamNames } from '../children/team-names.ts';
import { countUses, countUsesBetween, recentNotes, windowStart, type UseLog } from './strategy-use.ts';

export function toStrategy(row: StrategyRow, clinicId: string | null): Strategy {
  return {
    id: row.id,
    starter: row.clinic_id === null,
    copiedFrom: row.copied_from,
    settings: row.settings as Setting[],
    content: row.content,
    editable: clinicId !== null && row.clinic_id === clinicId,
    hasImage: row.has_image,
    illustration: row.illustration,
    updatedAt: row.updated_at.toISOString(),
  };
}

// ---- In the reader's language ------------------------------------------------------------------

/**
 * A clinic's own strategy as translation sees it for a reader of `language`: its words in the
 * language shown when the reader's is missing (English first). None for CareTeam's starter
 * strategies (written in every language) or one the clinic wrote in the reader's language.
 */
export function strategyContent(s: Pick<Strategy, 'id' | 'starter' | 'content'>, clinicId: string, language: string): TranslatableContent | null {
  const content = s.content as Partial<Record<string, StrategyText>>;
  if (s.starter || content[language]) return null;
  const text = inLanguage(content, language);
  if (!text) return null;
  const source = Object.keys(content).find((l) => content[l] === text) ?? null;
  return {
    type: 'strategy', id: s.id, clinicId, childId: null, language: source,
    fields: { name: text.name, purpose: text.purpose, ...listFields('steps', text.steps), ...listFields('tips', text.tips) },
  };
}

/** Strategies of `clinicId` (and starter ones) as a reader of `reader` receives them, the clinic's own translated where needed. */
export async function withStrategyTranslations<S extends Strategy>(deps: Pick<Deps, 'config' | 'db' | 'clock'>, clinicId: string, strategies: readonly S[], reader: string): Promise<S[]> {
  const items = strategies.flatMap((s) => strategyContent(s, clinicId, reader) ?? []);
  if (items.length === 0) return [...strategies];
  const views = await contentTranslations(deps, items, reader);
  return strategies.map((s) => ({ ...s, ...withTranslation(views.get(contentKey('strategy', s.id))) }));
}

/**
 * A strategy's words as a reader of `language` reads them (where nothing draws them for the reader,
 * as in the family's archive): written in their language, else translated for them, else as
 * written (English first); with the language they are in.
 */
export function textForReader(s: Pick<Strategy, 'content' | 'translation'>, language: string): (StrategyText & { language: string }) | null {
  const written = writtenIn(s.content as Partial<Record<string, StrategyText>>, localeOf(language));
  if (!written) return null;
  const translated = written.lang === localeOf(language) ? null : s.translation?.translated;
  if (!translated) return { language: written.lang, ...written.value };
  const f = translated.fields;
  const { name, purpose, steps, tips } = written.value;
  return { language: translated.language, name: f.name ?? name, purpose: f.purpose ?? purpose, steps: listOf('steps', f, steps), tips: listOf('tips', f, tips) };
}

/** Each strategy's name as a reader of `reader` reads it (strategyNameFor), the clinic's own translated where needed; by id. */
export async function strategyNamesFor(deps: Pick<Deps, 'config' | 'db' | 'clock'>, clinicId: string, strategies: readonly Pick<Strategy, 'id' | 'starter' | 'content'>[], reader: string): Promise<Map<string, string>> {
  const items = strategies.flatMap((s) => strategyContent(s, clinicId, reader) ?? []);
  const views = items.length > 0 ? await contentTranslations(deps, items, reader) : new Map<string, ContentTranslation>();
  return new Map(strategies.map((s) => [s.id, strategyNameFor({ content: s.content, translation: views.get(contentKey('strategy', s.id)) }, reader)]));
}

/** A child's strategies as a reader of `reader` receives them (see withStrategyTranslations). */
export async function withChildStrategyTranslations(deps: Pick<Deps, 'config' | 'db' | 'clock'>, clinicId: string, list: readonly ChildStrategy[], reader: string): Promise<ChildStrategy[]> {
  const strategies = await withStrategyTranslations(deps, clinicId, list.map((c) => c.strategy), reader);
  return list.map((c, i) => ({ ...c, strategy: strategies[i] ?? c.strategy }));
}

/**
 * The clinic's own strategy, as translation into `language` sees it, for a clinician of the clinic
 * who may edit it; null when there is none (another clinic's, or a starter one: read-only).
 */
export async function strategyForTranslation(db: Executor, clinicId: string, strategyId: string, language: string): Promise<TranslatableContent | null> {
  const row = await findStrategy(db, clinicId, strategyId);
  if (!row || row.clinic_id !== clinicId) return null;
  const item = strategyContent(toStrategy(row, clinicId), clinicId, language);
  if (!item) throw badField('language', 'The strategy is already written in this language: change it on the strategy itself.');
  return item;
}

/** A teacher sees only what is used at school, and only the goals shared with school. */
export const teacherSees = (access: Pick<ChildAccess, 'role'>, settings: readonly string[]) => access.role !== 'teacher' || settings.includes('school');

/** The settings whose use a reader sees: a teacher, school's; the family and therapists, all. */
const usesSeenBy = (access: Pick<ChildAccess, 'role'>): readonly Setting[] => (access.role === 'teacher' ? ['school'] : SETTINGS);

const asUses = (rows: readonly StrategyUseRow[]): (UseLog & { note: string })[] =>
  rows.map((l) => ({ loggedBy: l.logged_by, date: l.used_on, setting: l.setting, helped: l.helped, note: l.note, createdAt: l.created_at }));

/** Per strategy of the library, how often it was used and helped for a child between two days, in the settings the reader sees (a report's period). */
export async function useCountsBetween(db: Executor, access: ChildAccess, from: string, to: string): Promise<Map<string, StrategyUseCounts[]>> {
  const logs = await usesBetween(db, access.childId, from, to);
  const byStrategy = new Map<string, StrategyUseRow[]>();
  for (const l of logs) byStrategy.set(l.strategy_id, [...(byStrategy.get(l.strategy_id) ?? []), l]);
  const seen = usesSeenBy(access);
  return new Map([...byStrategy].map(([id, rows]) => [id, countUsesBetween(asUses(rows), from, to, seen)]));
}

/**
 * The child's strategies the reader may see, each with the goals it helps, its uses over the four
 * weeks ending `today` (the child's date) and the reader's own word for today.
 */
export async function presentChildStrategies(
  db: Executor, access: ChildAccess, readerId: string, rows: readonly ChildStrategyRow[], today: string, uses?: readonly StrategyUseRow[],
): Promise<ChildStrategy[]> {
  const visible = rows.filter((r) => teacherSees(access, r.settings));
  if (visible.length === 0) return [];
  const [strategies, links, logs] = await Promise.all([
    strategiesByIds(db, visible.map((r) => r.strategy_id)),
    goalLinks(db, visible.map((r) => r.id)),
    uses ? Promise.resolve(uses) : usesSince(db, [access.childId], windowStart(today)),
  ]);
  const byId = new Map(strategies.map((s) => [s.id, s]));
  const seen = usesSeenBy(access);
  const noted = new Map(visible.map((r) => [r.id, recentNotes(asUses(logs.filter((l) => l.child_id === r.child_id && l.strategy_id === r.strategy_id)), today, seen)]));
  const names = await teamNames(db, access.childId, [...noted.values()].flat().map((n) => n.loggedBy));
  return visible.flatMap((r) => {
    const s = byId.get(r.strategy_id);
    if (!s) return [];
    const mine = logs.filter((l) => l.child_id === r.child_id && l.strategy_id === r.strategy_id);
    // Logs come oldest first: the last of the reader's today is their word.
    const myToday = mine.filter((l) => l.logged_by === readerId && l.used_on === today).at(-1);
    return [{
      id: r.id,
      childId: r.child_id,
      strategy: toStrategy(s, null),
      settings: r.settings as Setting[],
      goals: links.filter((l) => l.child_strategy_id === r.id && teacherSees(access, l.settings)).map((l) => ({ id: l.id, statement: l.statement })),
      note: r.note,
      updatedAt: r.updated_at.toISOString(),
      uses: countUses(asUses(mine), today, seen),
      myToday: myToday ? { helped: myToday.helped, note: myToday.note } : null,
      notes: (noted.get(r.id) ?? []).map((n) => ({ date: n.date, setting: n.setting, helped: n.helped, note: n.note, by: names.get(n.loggedBy)?.name ?? '' })),
    }];
  });
}

/** The child's strategies as the reader sees them, and every use of them logged in a setting the reader sees; nothing without plan.view. */
export async function strategiesSeenBy(db: Executor, access: ChildAccess, readerId: string, today: string) {
  if (!access.permissions.includes('plan.view')) return { strategies: [], uses: [] };
  const [rows, all] = await Promise.all([childStrategies(db, [access.childId]), usesSince(db, [access.childId], '0001-01-01')]);
  const strategies = await presentChildStrategies(db, access, readerId, rows, today, all.filter((u) => u.used_on >= windowStart(today)));
  const seen = usesSeenBy(access);
  const shown = new Set(strategies.map((s) => s.strategy.id));
  return { strategies, uses: all.filter((u) => seen.includes(u.setting) && shown.has(u.strategy_id)) };
}
