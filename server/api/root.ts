import { jobsRouter } from './routers/jobs';
import { operationsRouter } from './routers/operations';
import { router } from './trpc';

export const appRouter = router({
  jobs: jobsRouter,
  operations: operationsRouter,
});

export type AppRouter = typeof appRouter;
