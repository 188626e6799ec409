// Types only: the contract's zod schemas stay out of the browser bundle.
import type { z } from 'zod';
import type * as Access from '../../contract/access.ts';
import type * as Admin from '../../contract/admin.ts';
import type * as Auth from '../../contract/auth.ts';
import type * as Children from '../../contract/children.ts';
import type * as Plan from '../../contract/plan.ts';

export type Permission = z.infer<typeof Access.Permission>;
export type TeamRole = z.infer<typeof Access.TeamRole>;
export type ClinicRole = z.infer<typeof Access.ClinicRole>;

export type Me = z.infer<typeof Auth.Me>;
export type SessionState = z.infer<typeof Auth.SessionState>;
export type SetupStatus = z.infer<typeof Auth.SetupStatus>;
export type SetupRequest = z.input<typeof Auth.SetupRequest>;
export type LoginResponse = z.infer<typeof Auth.LoginResponse>;
export type InvitationInfo = z.infer<typeof Auth.InvitationInfo>;
export type AcceptInvitationRequest = z.input<typeof Auth.AcceptInvitationRequest>;
export type AcceptInvitationResponse = z.infer<typeof Auth.AcceptInvitationResponse>;
export type TotpSetupResponse = z.infer<typeof Auth.TotpSetupResponse>;

export type TherapyType = z.infer<typeof Children.TherapyType>;
export type ContactChannel = z.infer<typeof Children.ContactChannel>;
export type FamilyProfile = z.infer<typeof Children.FamilyProfile>;
export type Child = z.infer<typeof Children.Child>;
export type ChildListItem = z.infer<typeof Children.ChildListItem>;
export type ChildList = z.infer<typeof Children.ChildList>;
export type CreateChildRequest = z.input<typeof Children.CreateChildRequest>;
export type UpdateChildRequest = z.input<typeof Children.UpdateChildRequest>;
export type TeamMember = z.infer<typeof Children.TeamMember>;
export type PendingInvitation = z.infer<typeof Children.PendingInvitation>;
export type InvitationDelivery = z.infer<typeof Children.InvitationDelivery>;
export type InvitationLink = z.infer<typeof Children.InvitationLink>;
export type ClinicianOptions = z.infer<typeof Children.ClinicianOptions>;
export type Team = z.infer<typeof Children.Team>;
export type InviteTeamMemberRequest = z.input<typeof Children.InviteTeamMemberRequest>;
export type UpdateTeamMemberRequest = z.input<typeof Children.UpdateTeamMemberRequest>;

export type Clinician = z.infer<typeof Admin.Clinician>;
export type ClinicInvitation = z.infer<typeof Admin.ClinicInvitation>;
export type Clinicians = z.infer<typeof Admin.Clinicians>;
export type OutboxMail = z.infer<typeof Admin.OutboxMail>;
export type Outbox = z.infer<typeof Admin.Outbox>;
export type AuditEvent = z.infer<typeof Admin.AuditEvent>;
export type AuditPage = z.infer<typeof Admin.AuditPage>;
export type ClinicSettings = z.infer<typeof Admin.ClinicSettings>;
export type FirstSteps = z.infer<typeof Admin.FirstSteps>;
export type TranslationStatus = z.infer<typeof Admin.TranslationStatus>;
export type InviteClinicianRequest = z.input<typeof Admin.InviteClinicianRequest>;

export type GoalArea = Plan.GoalArea;
export type MeasureKind = Plan.MeasureKind;
export type Setting = Plan.Setting;
export type GoalStatus = Plan.GoalStatus;
export type Trend = Plan.Trend;
export type AttentionReason = Plan.AttentionReason;
export type Goal = z.infer<typeof Plan.Goal>;
export type GoalList = z.infer<typeof Plan.GoalList>;
export type GoalEvent = z.infer<typeof Plan.GoalEvent>;
export type GoalHistory = z.infer<typeof Plan.GoalHistory>;
export type Measurement = z.infer<typeof Plan.Measurement>;
export type CreateGoalRequest = z.input<typeof Plan.CreateGoalRequest>;
export type UpdateGoalRequest = z.input<typeof Plan.UpdateGoalRequest>;
export type SuggestGoalRequest = z.input<typeof Plan.SuggestGoalRequest>;
export type RespondToGoalRequest = z.input<typeof Plan.RespondToGoalRequest>;
export type UpdateGoalPriorityRequest = z.input<typeof Plan.UpdateGoalPriorityRequest>;
export type ChangeGoalStatusRequest = z.input<typeof Plan.ChangeGoalStatusRequest>;
export type RecordMeasurementRequest = z.input<typeof Plan.RecordMeasurementRequest>;
