/** Loopback ports for the local servers of the benchmarks and tests. */
import { createServer } from 'node:net';

/** A TCP port free on `host` right now (the kernel picks it; the caller binds it next). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
