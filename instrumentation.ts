// Next runs register() once when the server process starts: bring up the store, migrations,
// the reconciler and the engine there, so jobs run without waiting for a first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getWeir } = await import('./server/weir');
  const weir = await getWeir();
  const shutdown = async (signal: string) => {
    console.log(`[weir] ${signal}: stopping pipelines and saving checkpoints`);
    await weir.close().catch((error) => console.error('[weir] shutdown failed', error));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
