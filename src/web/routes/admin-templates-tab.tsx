import { QuickReplyManager } from '../features/quick-replies/quick-reply-manager.tsx';

/** The clinic's message templates: every clinician may use them; only admins change them. */
export function AdminTemplatesTab() {
  return <QuickReplyManager scope="clinic" />;
}
