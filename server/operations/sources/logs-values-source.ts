import { z } from 'zod';
import { logEventInput, type LogEvent } from '../../model/log-event';
import { newId } from '../../model/ids';
import { defineOperation } from '../define-operation';
import { pause } from '../pause';

/** Pause between passes over the values when looping, so a looping demo does not spin a core. */
const LOOP_PAUSE_MS = 250;

export const logsValuesSource = defineOperation({
  type: 'logs-values-source',
  kind: 'source',
  title: 'Values',
  description: 'Emits a fixed list of log events; with loop on, repeats them for as long as a streaming job runs.',
  params: z.strictObject({
    values: z.array(logEventInput).default([]).describe('The log events to emit.'),
    loop: z
      .boolean()
      .default(false)
      .describe('Repeat the values indefinitely while a STREAMING job runs. Ignored in BATCH jobs.'),
  }),
  inputs: [],
  outputs: () => ['out'],
  create(params, ctx) {
    const restored = ctx.checkpoint as { passes?: number } | undefined;
    let passes = restored?.passes ?? 0;
    const loop = params.loop && ctx.processing === 'STREAMING';
    return {
      kind: 'source',
      snapshot: () => ({ passes }),
      async run(out, signal) {
        if (!loop && passes > 0) return; // a finished one-shot source resumed from its checkpoint has nothing left
        do {
          const now = Date.now();
          const batch: LogEvent[] = params.values.map((value) => ({
            ...value,
            id: value.id && !loop ? value.id : newId(),
            eventTimestamp: value.eventTimestamp ?? now,
            receivedTimestamp: value.receivedTimestamp ?? now,
          }));
          if (batch.length > 0) await out.emit('out', batch);
          passes += 1;
          if (loop) await pause(LOOP_PAUSE_MS, signal);
        } while (loop && !signal.aborted);
      },
    };
  },
});
