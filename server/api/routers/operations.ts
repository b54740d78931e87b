import { listOperations } from '../../services/operations-service';
import { publicProcedure, router } from '../trpc';

export const operationsRouter = router({
  list: publicProcedure.query(() => ({ items: listOperations() })),
});
