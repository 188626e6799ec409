// Types only from the contract: the zod schemas stay out of the browser bundle.
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Plan from '../../../contract/plan.ts';
import type * as Review from '../../../contract/review.ts';
import { api } from '../../api/client.ts';

export type PlanReview = z.infer<typeof Review.PlanReview>;
export type PlanReviewList = z.infer<typeof Review.PlanReviewList>;
export type ReviewGoalChange = z.infer<typeof Review.ReviewGoalChange>;
export type ReviewPreview = z.infer<typeof Review.ReviewPreview>;
export type CreateReviewRequest = z.input<typeof Review.CreateReviewRequest>;
export type GoalEvent = z.infer<typeof Plan.GoalEvent>;

const reviewsPath = (childId: string) => `/api/children/${encodeURIComponent(childId)}/reviews`;

export const reviewKeys = {
  list: (childId: string) => ['children', childId, 'reviews'] as const,
  preview: (childId: string, heldOn: string) => ['children', childId, 'reviews', 'preview', heldOn] as const,
};

export const reviewsQuery = (childId: string) =>
  queryOptions({
    queryKey: reviewKeys.list(childId),
    queryFn: () => api<PlanReviewList>(reviewsPath(childId)),
  });

export const reviewPreviewQuery = (childId: string, heldOn: string) =>
  queryOptions({
    queryKey: reviewKeys.preview(childId, heldOn),
    queryFn: () => api<ReviewPreview>(`${reviewsPath(childId)}/preview?heldOn=${encodeURIComponent(heldOn)}`),
  });

export function recordReview(childId: string, body: CreateReviewRequest): Promise<PlanReview> {
  return api<PlanReview>(reviewsPath(childId), { method: 'POST', body });
}
