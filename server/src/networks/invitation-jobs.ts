/**
 * The job an invitation to an e-mail address queues, in the transaction that creates it. Networks
 * only queue it; the notifications module, which builds on networks, mails it (and notifies the
 * invitee in the app when they have an account), so networks never depends on notifications.
 */
export const INVITATION_CREATED_JOB = 'networks:invitation-created';

export interface InvitationCreatedJob {
  invitationId: string;
  networkId: string;
  email: string;
  role: string;
  invitedBy: string;
  /** The accept link (it holds the secret token, which is stored nowhere else; the job row goes when it is done). */
  url: string;
  expiresAt: string;
}
