import { jobsRouter } from './routers/jobs';
import { operationsRouter } from './routers/operations';
import { integrationsRouter } from './routers/integrations';
import { datasetsRouter } from './routers/datasets';
import { router } from './trpc';

export const appRouter = router({
  jobs: jobsRouter,
  operations: operationsRouter,
  integrations: integrationsRouter,
  datasets: datasetsRouter,
});

export type AppRouter = typeof appRouter;
