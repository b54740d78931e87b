import type { JobState } from '@/server/model/job';
import { Badge, type BadgeTone } from '@/components/ui/badge';

const STATE_TONES: Record<JobState, BadgeTone> = {
  RUNNING: 'success',
  CREATED: 'warning',
  PENDING: 'warning',
  STARTING: 'warning',
  UPDATING: 'warning',
  ROLLING_BACK: 'warning',
  STOPPING: 'warning',
  FAILED: 'danger',
  STOPPED: 'neutral',
  FINISHED: 'neutral',
  CANCELLED: 'neutral',
  DELETED: 'neutral',
};

export function jobStateLabel(state: JobState): string {
  return state.replace('_', ' ');
}

export function JobStateBadge({ state, failureReason }: { state: JobState; failureReason?: string }) {
  return (
    <Badge tone={STATE_TONES[state] ?? 'neutral'} title={failureReason} data-state={state}>
      {jobStateLabel(state)}
    </Badge>
  );
}
