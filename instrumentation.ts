// Next runs register() once when the server starts. The store, the reconciler and the engine
// start there (Node runtime only), so jobs run without waiting for a first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startWeirServer } = await import('./server/start-server');
    await startWeirServer();
  }
}
