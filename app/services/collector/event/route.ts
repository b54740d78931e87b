import { handleSplunkIntake, ingestRoute } from '@/server/api/ingest';
import { getWeir } from '@/server/weir';

export const dynamic = 'force-dynamic';
export const POST = ingestRoute(getWeir, (request, weir) => handleSplunkIntake(request, weir, 'event'));
