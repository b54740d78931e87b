import { getWeir } from '@/server/weir';

export const dynamic = 'force-dynamic';

/** 200 once the store is migrated and the engine is up; 503 while starting or if start-up failed. */
export async function GET() {
  try {
    await getWeir();
    return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Response.json({ status: 'unavailable', message: detail }, { status: 503 });
  }
}
