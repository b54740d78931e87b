import { createRestHandler } from '@/server/api/rest';
import { getWeir } from '@/server/weir';

export const dynamic = 'force-dynamic';

const handler = createRestHandler(getWeir);

export { handler as GET, handler as POST, handler as PUT, handler as DELETE, handler as PATCH };
