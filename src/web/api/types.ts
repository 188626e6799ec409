// Types only: the contract's zod schemas stay out of the browser bundle.
import type { z } from 'zod';
import type * as Access from '../../contract/access.ts';
import type * as Admin from '../../contract/admin.ts';
import type * as Auth from '../../contract/auth.ts';
import type * as Children from '../../contract/children.ts';

export type Permission = z.infer<typeof Access.Permission>;
export type TeamRole = z.infer<typeof Access.TeamRole>;
export type ClinicRole = z.infer<typeof Access.ClinicRole>;

export type Me = z.infer<typeof Auth.Me>;
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
export type InviteClinicianRequest = z.input<typeof Admin.InviteClinicianRequest>;
