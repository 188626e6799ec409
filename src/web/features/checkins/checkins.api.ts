// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { z } from 'zod';
import type { Localized } from '../../../contract/checkin-values.ts';
import type * as C from '../../../contract/checkins.ts';
import { inLanguage } from '../../../contract/locales.ts';
import { api } from '../../api/client.ts';
import { onOutboxSent, sendOrKeep } from '../../api/outbox.ts';
import { currentLocale } from '../../i18n.ts';

export type CheckinForm = z.infer<typeof C.CheckinForm>;
export type FormItem = z.infer<typeof C.FormItem>;
export type Answers = z.infer<typeof C.Answers>;
export type AnswerValue = z.infer<typeof C.AnswerValue>;
export type ChildCheckins = z.infer<typeof C.ChildCheckins>;
export type Assignment = z.infer<typeof C.Assignment>;
export type OpenCheckin = z.infer<typeof C.OpenCheckin>;
export type CheckinAnswerPage = z.infer<typeof C.CheckinAnswerPage>;
export type CheckinTrend = z.infer<typeof C.CheckinTrend>;
export type FormTrend = z.infer<typeof C.FormTrend>;
export type CheckinTexts = z.infer<typeof C.CheckinTexts>;
export type AssignRequest = z.input<typeof C.AssignRequest>;
export type AnswerRequest = z.input<typeof C.AnswerRequest>;
export type AnswerResult = z.infer<typeof C.AnswerResult>;
export type Cadence = z.infer<typeof C.Cadence>;
export type Respondent = z.infer<typeof C.Respondent>;
export type PartnershipSummary = z.infer<typeof C.PartnershipSummary>;
export type { Localized } from '../../../contract/checkin-values.ts';
export type FormDefinition = z.infer<typeof C.FormDefinition>;
export type CheckinFormDetail = z.infer<typeof C.CheckinFormDetail>;

/** A form's text as plain words (a label, a sentence): the reader's language when written, else English, else the first. */
export const inLocale = (text: Localized): string => inLanguage(text, currentLocale()) ?? '';

const child = (childId: string) => `/api/children/${encodeURIComponent(childId)}/checkins`;

export const checkinKeys = {
  all: ['checkins'] as const,
  open: ['checkins', 'open'] as const,
  forms: ['checkins', 'forms'] as const,
  partnership: ['checkins', 'partnership'] as const,
  form: (formId: string) => ['checkins', 'forms', formId] as const,
  child: (childId: string) => ['checkins', 'child', childId] as const,
  trend: (childId: string) => ['checkins', 'child', childId, 'trend'] as const,
  texts: (childId: string, from: string) => ['checkins', 'child', childId, 'texts', from] as const,
  page: (childId: string, assignmentId: string, occurrence: string) => ['checkins', 'child', childId, 'page', assignmentId, occurrence] as const,
};

export const openCheckinsQuery = queryOptions({ queryKey: checkinKeys.open, queryFn: () => api<{ checkins: OpenCheckin[] }>('/api/checkins/open') });
export const formsQuery = queryOptions({ queryKey: checkinKeys.forms, queryFn: () => api<{ forms: CheckinForm[] }>('/api/checkin-forms') });
export const formQuery = (formId: string) =>
  queryOptions({ queryKey: checkinKeys.form(formId), queryFn: () => api<CheckinFormDetail>(`/api/checkin-forms/${encodeURIComponent(formId)}`) });
export const createForm = (body: FormDefinition) => api<CheckinForm>('/api/checkin-forms', { method: 'POST', body, idempotencyKey: crypto.randomUUID() });
export const updateForm = (formId: string, body: FormDefinition) => api<CheckinFormDetail>(`/api/checkin-forms/${encodeURIComponent(formId)}`, { method: 'PUT', body });
export const copyForm = (formId: string) => api<CheckinFormDetail>(`/api/checkin-forms/${encodeURIComponent(formId)}/copy`, { method: 'POST', body: {} });
export const partnershipQuery = queryOptions({ queryKey: checkinKeys.partnership, queryFn: () => api<PartnershipSummary>('/api/checkins/partnership') });
export const childCheckinsQuery = (childId: string) => queryOptions({ queryKey: checkinKeys.child(childId), queryFn: () => api<ChildCheckins>(child(childId)) });
export const trendQuery = (childId: string) => queryOptions({ queryKey: checkinKeys.trend(childId), queryFn: () => api<CheckinTrend>(`${child(childId)}/trend`) });
export const textsQuery = (childId: string, from: string) =>
  queryOptions({ queryKey: checkinKeys.texts(childId, from), queryFn: () => api<CheckinTexts>(`${child(childId)}/texts?from=${from}`) });
export const answerPageQuery = (childId: string, assignmentId: string, occurrence: string) =>
  queryOptions({
    queryKey: checkinKeys.page(childId, assignmentId, occurrence),
    queryFn: () => api<CheckinAnswerPage>(`${child(childId)}/${encodeURIComponent(assignmentId)}/occurrences/${encodeURIComponent(occurrence)}`),
  });

export const assignCheckin = (childId: string, body: AssignRequest) => api<Assignment>(child(childId), { method: 'POST', body });
export const stopCheckin = (childId: string, assignmentId: string) => api<{ id: string }>(`${child(childId)}/${encodeURIComponent(assignmentId)}/stop`, { method: 'POST', body: {} });

/** Answers saved half-done or sent: now, or kept on this phone until the connection returns (sent once). */
export function saveAnswers(childId: string, assignmentId: string, body: AnswerRequest, label: string) {
  return sendOrKeep<AnswerResult>({ path: `${child(childId)}/${encodeURIComponent(assignmentId)}/answers`, method: 'POST', body, label });
}

export function refreshCheckins(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: checkinKeys.all });
}

/** Once a kept answer reaches the server, what shows it is read again. */
export function useRefreshCheckinsOnSent(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onOutboxSent((item) => {
        if (item.path.includes('/checkins/')) void refreshCheckins(queryClient);
      }),
    [queryClient],
  );
}
