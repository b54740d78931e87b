import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/api/root';
import { principalFor } from '@/server/api/rest';
import { getWeir } from '@/server/weir';

export const dynamic = 'force-dynamic';

const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: async () => ({ weir: await getWeir(), principal: principalFor(request) }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[weir] tRPC ${path} failed`, error);
    },
  });

export { handler as GET, handler as POST };
