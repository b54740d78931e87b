import { getWeir } from './weir';

/** Starts Weir inside the Next server process, and stops it cleanly (checkpoints saved) on SIGTERM or Ctrl-C. */
export async function startWeirServer() {
  const weir = await getWeir();
  const shutdown = async (signal: string) => {
    console.log(`[weir] ${signal}: stopping pipelines and saving checkpoints`);
    await weir.close().catch((error) => console.error('[weir] shutdown failed', error));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}
