import { jobsRouter } from './routers/jobs';
import { operationsRouter } from './routers/operations';
import { integrationsRouter } from './routers/integrations';
import { datasetsRouter } from './routers/datasets';
import { queryRouter } from './routers/query';
import { router } from './trpc';

export const appRouter = router({
  jobs: jobsRouter,
  operations: operationsRouter,
  integrations: integrationsRouter,
  datasets: datasetsRouter,
  query: queryRouter,
});

export type AppRouter = typeof appRouter;
