import type { TFunction } from 'i18next';
import type {
  AttentionReason, Child, Goal, GoalArea, GoalEvent, GoalStatus, MeasureKind, Setting, TeamRole,
} from '../../api/types.ts';
import { GOAL_AREAS, MEASURE_KINDS, SETTINGS } from '../../../contract/plan-values.ts';
import { trendSentence as sharedTrendSentence } from '../../../contract/trend-sentence.ts';
import { formatMeasured, formatMeasuredTick, type SayValue } from '../../../contract/goal-chart.ts';
import { currentLocale } from '../../i18n.ts';
import { formatDate, formatNumber, listFormat } from '../../lib/format.ts';
import { teamRoleLabel } from '../../lib/roles.ts';

// The words of the plan: every label is an exhaustive switch with literal keys, so the compiler
// catches a new value without words and the locale test sees every key used.

// The contract's plain lists (no zod in the browser bundle).
export const AREAS = GOAL_AREAS;
export const MEASURES = MEASURE_KINDS;
export { SETTINGS };

export function areaLabel(area: GoalArea, t: TFunction): string {
  switch (area) {
    case 'communication':
      return t('plan.area.communication');
    case 'motor':
      return t('plan.area.motor');
    case 'social':
      return t('plan.area.social');
    case 'emotional_regulation':
      return t('plan.area.emotionalRegulation');
    case 'behaviour':
      return t('plan.area.behaviour');
    case 'daily_living':
      return t('plan.area.dailyLiving');
    case 'feeding':
      return t('plan.area.feeding');
    case 'sleep':
      return t('plan.area.sleep');
    case 'other':
      return t('plan.area.other');
  }
}

export function measureLabel(measure: MeasureKind, t: TFunction): string {
  switch (measure) {
    case 'count':
      return t('plan.measure.count');
    case 'percent':
      return t('plan.measure.percent');
    case 'rating':
      return t('plan.measure.rating');
    case 'duration':
      return t('plan.measure.duration');
    case 'yes_no':
      return t('plan.measure.yesNo');
  }
}

export function settingLabel(setting: Setting, t: TFunction): string {
  switch (setting) {
    case 'therapy':
      return t('plan.setting.therapy');
    case 'home':
      return t('plan.setting.home');
    case 'school':
      return t('plan.setting.school');
  }
}

export function statusLabel(status: GoalStatus, t: TFunction): string {
  switch (status) {
    case 'suggested':
      return t('plan.status.suggested');
    case 'proposed':
      return t('plan.status.proposed');
    case 'changes_requested':
      return t('plan.status.changesRequested');
    case 'agreed':
      return t('plan.status.agreed');
    case 'paused':
      return t('plan.status.paused');
    case 'met':
      return t('plan.status.met');
    case 'discontinued':
      return t('plan.status.discontinued');
  }
}

export const STATUS_COLORS: Record<GoalStatus, string> = {
  suggested: 'grape',
  proposed: 'yellow',
  changes_requested: 'red',
  agreed: 'care',
  paused: 'gray',
  met: 'green',
  discontinued: 'gray',
};

export function attentionLabel(reason: AttentionReason, t: TFunction): string {
  switch (reason) {
    case 'no_recent_data':
      return t('plan.attention.noRecentData');
    case 'flat':
      return t('plan.attention.flat');
    case 'moving_away':
      return t('plan.attention.movingAway');
    case 'target_date_near':
      return t('plan.attention.targetDateNear');
    case 'awaiting_agreement':
      return t('plan.attention.awaitingAgreement');
  }
}

/** The plain sentence above a chart, in the reader's language. */
export function trendSentence(goal: Pick<Goal, 'trend' | 'lowerIsBetter'>, t: TFunction): string {
  return sharedTrendSentence(goal, (key, vars) => t(key, vars ?? {}));
}

export function trendColor(goal: Pick<Goal, 'trend'>): string {
  switch (goal.trend.kind) {
    case 'target_met':
    case 'improving':
      return 'green';
    case 'worsening':
    case 'stale':
      return 'orange';
    default:
      return 'gray';
  }
}

function number(value: number, digits = 1): string {
  return formatNumber(value, { maximumFractionDigits: digits });
}

const say = (t: TFunction): SayValue => (key, vars) => t(key, vars ?? {});

/** A measured value as a person says it: "80% (4 of 5)", "4 of 5", "12 min", "Yes". */
export function formatValue(measure: MeasureKind, value: number, t: TFunction, opportunities?: number | null): string {
  return formatMeasured(currentLocale(), measure, value, say(t), opportunities);
}

/** Short axis labels: "80%", "4", "12 min". */
export function formatTick(measure: MeasureKind, value: number, t: TFunction): string {
  return formatMeasuredTick(currentLocale(), measure, value, say(t));
}

export function shortDate(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

export function roleName(role: TeamRole | null, t: TFunction): string {
  return role ? teamRoleLabel(role, t) : t('plan.history.clinic');
}

/** What a history entry did, in a few words. */
export function eventLabel(event: GoalEvent, t: TFunction): string {
  switch (event.kind) {
    case 'created':
      return t('plan.history.created', { version: event.version });
    case 'suggested':
      return t('plan.history.suggested');
    case 'revised':
      return t('plan.history.revised', { version: event.version });
    case 'agreed':
      return t('plan.history.agreed', { version: event.version });
    case 'change_requested':
      return t('plan.history.changeRequested', { version: event.version });
    case 'status_changed':
      return t('plan.history.statusChanged');
    case 'priority_changed':
      return t('plan.history.priorityChanged');
  }
}

export function fieldLabel(field: string, t: TFunction): string {
  switch (field) {
    case 'area':
      return t('plan.form.area');
    case 'statement':
      return t('plan.form.statement');
    case 'measure':
      return t('plan.form.measure');
    case 'unit':
      return t('plan.form.unit');
    case 'baseline':
      return t('plan.form.baseline');
    case 'target':
      return t('plan.form.target');
    case 'lowerIsBetter':
      return t('plan.form.lowerIsBetter');
    case 'targetDate':
      return t('plan.form.targetDate');
    case 'settings':
      return t('plan.form.settings');
    case 'priority':
      return t('plan.form.priority');
    case 'whyItMatters':
      return t('plan.form.why');
    case 'status':
      return t('plan.history.status');
    default:
      return field;
  }
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => (list as readonly unknown[]).includes(value);
const STATUSES: readonly GoalStatus[] = ['suggested', 'proposed', 'changes_requested', 'agreed', 'paused', 'met', 'discontinued'];

/** A before or after value of a change, readable: "Communication", "80%", "Home and school". */
export function changeValue(field: string, value: unknown, measure: MeasureKind, t: TFunction): string {
  if (value === null || value === undefined || value === '') return t('plan.history.empty');
  if (field === 'area' && isOneOf(AREAS, value)) return areaLabel(value, t);
  if (field === 'measure' && isOneOf(MEASURES, value)) return measureLabel(value, t);
  if (field === 'status' && isOneOf(STATUSES, value)) return statusLabel(value, t);
  if (field === 'settings' && Array.isArray(value)) {
    const names = value.filter((s): s is Setting => isOneOf(SETTINGS, s)).map((s) => settingLabel(s, t));
    return listFormat(names);
  }
  if (field === 'targetDate' && typeof value === 'string') return formatDate(value);
  if ((field === 'target' || field === 'baseline') && typeof value === 'number') return formatValue(measure, value, t);
  if (typeof value === 'boolean') return value ? t('plan.yes') : t('plan.no');
  return typeof value === 'number' ? number(value) : String(value);
}

/** The settings a team member records in: the family at home, a teacher at school, a therapist anywhere. */
export function ownSettings(child: Pick<Child, 'myRole'>): readonly Setting[] {
  switch (child.myRole) {
    case 'guardian':
    case 'caregiver':
      return ['home'];
    case 'teacher':
      return ['school'];
    case 'therapist':
      return ['therapy', 'home', 'school'];
    case null:
    case undefined:
      return [];
  }
}
