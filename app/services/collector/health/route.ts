export const dynamic = 'force-dynamic';

/** HEC's health check, which load balancers and forwarders poll. */
export function GET() {
  return Response.json({ text: 'HEC is healthy', code: 17 });
}
