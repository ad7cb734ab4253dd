/**
 * The service: a public server (API and probes) and a separate metrics/admin server.
 *
 * - Public port: `GET /api/items`, `GET /api/items/:id`, `POST /api/items`; `/healthz` (alive) and `/readyz` (503 while
 *   starting and from the moment shutdown begins). Probes are neither counted in the metrics nor logged above debug.
 * - Metrics port: `GET /metrics` (Prometheus text format); `GET|POST /admin/fault` reads or sets fault injection
 *   (`{"errorRate":0.5,"delayMs":200}`). The admin endpoint exists only on this port, never on the public one.
 * - Shutdown (`shutdown()`, called on SIGTERM by main.ts): not ready at once, keeps serving for
 *   `shutdownDelaySeconds` so the endpoints controller and load balancers stop sending traffic, then stops accepting
 *   connections and gives in-flight requests `shutdownTimeoutSeconds` before closing their connections.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from './config.js';
import { HttpError, readJson, type Reply, requestId, sendJson, traceId } from './http.js';
import { ItemStore, SEED_ITEMS } from './items.js';
import { Logger } from './log.js';
import { Metrics } from './metrics.js';
import { apiRoutes, matchRoute } from './routes.js';

export const PROBE_PATHS = { liveness: '/healthz', readiness: '/readyz' } as const;
export const METRICS_PATH = '/metrics';
export const FAULT_PATH = '/admin/fault';

export type Phase = 'starting' | 'ready' | 'draining' | 'stopped';

export interface Fault {
  /** Fraction of API requests answered with 500, in [0, 1]. */
  readonly errorRate: number;
  /** Delay added before every API request is handled, in milliseconds. */
  readonly delayMs: number;
}

export interface ShutdownResult {
  /** True when every in-flight request finished within the timeout. */
  readonly drained: boolean;
  /** Requests whose connections were closed at the timeout. */
  readonly aborted: number;
}

export interface ServiceOptions {
  /** @default - JSON lines on stdout at the configured level */
  readonly logger?: Logger;
  /** Source of randomness for error injection. @default Math.random */
  readonly random?: () => number;
}

export interface RunningService {
  readonly port: number;
  readonly metricsPort: number;
  readonly phase: Phase;
  readonly fault: Fault;
  readonly metrics: Metrics;
  /** Idempotent: every call returns the same shutdown. */
  shutdown(): Promise<ShutdownResult>;
}

function validateFault(body: unknown, current: Fault): Fault {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'the body must be a JSON object like {"errorRate":0.5,"delayMs":200}');
  }
  const { errorRate = current.errorRate, delayMs = current.delayMs, ...rest } = body as Record<string, unknown>;
  const problems: string[] = Object.keys(rest).map((k) => `${k}: unknown field; allowed: errorRate, delayMs`);
  if (typeof errorRate !== 'number' || !(errorRate >= 0 && errorRate <= 1)) {
    problems.push(`errorRate: must be a number from 0 to 1 (got ${JSON.stringify(errorRate)})`);
  }
  if (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) {
    problems.push(`delayMs: must be an integer from 0 to 60000 (got ${JSON.stringify(delayMs)})`);
  }
  if (problems.length > 0) throw new HttpError(400, 'invalid fault settings', problems);
  return { errorRate: errorRate as number, delayMs: delayMs as number };
}

function errorReply(error: unknown): Reply {
  if (error instanceof HttpError) {
    return { status: error.status, body: error.details === undefined ? { error: error.message } : { error: error.message, details: error.details } };
  }
  return { status: 500, body: { error: 'internal error' } };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<RunningService> {
  const logger = options.logger ?? new Logger(config.logLevel);
  const random = options.random ?? Math.random;
  const metrics = new Metrics();
  const routes = apiRoutes(new ItemStore(SEED_ITEMS));
  let phase: Phase = 'starting';
  let fault: Fault = { errorRate: config.errorRate, delayMs: config.faultDelayMs };
  let inFlight = 0;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const match = matchRoute(routes, method, path);
    const id = requestId(req);
    const trace = traceId(req);
    res.setHeader('x-request-id', id);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observe(method, match.template, res.statusCode, seconds);
      const fields = {
        method,
        route: match.template,
        path,
        status: res.statusCode,
        duration_ms: Math.round(seconds * 1e6) / 1e3,
        request_id: id,
        trace_id: trace,
      };
      logger.log(res.statusCode >= 500 ? 'error' : 'info', `${method} ${match.template} ${res.statusCode}`, fields);
    });
    res.once('close', () => {
      if (!res.writableFinished) logger.warn('connection closed before the response was sent', { method, route: match.template, request_id: id });
    });

    let reply: Reply;
    if (!match.route) {
      reply =
        match.allowed.length > 0
          ? { status: 405, body: { error: `method ${method} not allowed; use ${match.allowed.join(', ')}` }, headers: { allow: match.allowed.join(', ') } }
          : { status: 404, body: { error: `no route for ${path}` } };
    } else {
      if (fault.delayMs > 0) await sleep(fault.delayMs);
      if (fault.errorRate > 0 && random() < fault.errorRate) {
        reply = { status: 500, body: { error: 'injected fault' } };
        req.resume(); // discard an unread body
      } else {
        try {
          reply = await match.route.handle({ req, params: match.params });
        } catch (error) {
          reply = errorReply(error);
          if (!(error instanceof HttpError)) logger.error('request handler failed', { route: match.template, request_id: id, error: String(error) });
        }
      }
    }
    sendJson(res, reply);
  };

  const app = createServer((req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    // While draining, ask keep-alive clients to reconnect (to another pod) instead of reusing this connection.
    if (phase !== 'ready') res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === PROBE_PATHS.liveness) {
      sendJson(res, { status: 200, body: { status: 'alive' } });
      logger.debug('liveness probe', { path });
    } else if (path === PROBE_PATHS.readiness) {
      sendJson(res, { status: phase === 'ready' ? 200 : 503, body: { status: phase } });
      logger.debug('readiness probe', { path, phase });
    } else {
      handleApi(req, res, path).catch((error: unknown) => {
        logger.error('request failed', { path, error: String(error) });
        if (!res.headersSent) sendJson(res, errorReply(error));
        else res.destroy();
      });
    }
  });

  const admin = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const respond = async (): Promise<void> => {
      if (path === METRICS_PATH && req.method === 'GET') {
        const text = await metrics.render();
        res.setHeader('content-type', metrics.contentType);
        res.end(text);
      } else if (path === FAULT_PATH && req.method === 'GET') {
        sendJson(res, { status: 200, body: fault });
      } else if (path === FAULT_PATH && req.method === 'POST') {
        try {
          fault = validateFault(await readJson(req), fault);
          logger.warn('fault injection changed', { error_rate: fault.errorRate, delay_ms: fault.delayMs });
          sendJson(res, { status: 200, body: fault });
        } catch (error) {
          sendJson(res, errorReply(error));
        }
      } else {
        sendJson(res, { status: 404, body: { error: `no route for ${req.method ?? ''} ${path}; use GET ${METRICS_PATH} or GET|POST ${FAULT_PATH}` } });
      }
    };
    respond().catch((error: unknown) => {
      logger.error('admin request failed', { path, error: String(error) });
      if (!res.headersSent) sendJson(res, { status: 500, body: { error: 'internal error' } });
      else res.destroy();
    });
  });

  let port: number;
  let metricsPort: number;
  try {
    port = await listen(app, config.port, config.host);
    metricsPort = await listen(admin, config.metricsPort, config.host);
  } catch (error) {
    app.close();
    admin.close();
    throw error;
  }
  phase = 'ready';
  logger.info('listening', { host: config.host, port, metrics_port: metricsPort });

  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  let shutdown: Promise<ShutdownResult> | undefined;
  const runShutdown = async (): Promise<ShutdownResult> => {
    phase = 'draining';
    logger.info('shutdown started: not ready, still serving', { delay_seconds: config.shutdownDelaySeconds, in_flight: inFlight });
    await sleep(config.shutdownDelaySeconds * 1000);
    logger.info('no longer accepting connections', { in_flight: inFlight, timeout_seconds: config.shutdownTimeoutSeconds });
    const closed = close(app);
    app.closeIdleConnections();
    // A keep-alive connection that goes idle from now on is closed by its response's `connection: close`.
    let aborted = 0;
    const timedOut = Symbol('timeout');
    const timer = sleep(config.shutdownTimeoutSeconds * 1000, timedOut, { ref: false });
    if ((await Promise.race([closed, timer])) === timedOut) {
      aborted = inFlight;
      logger.warn('shutdown timeout: closing the connections of unfinished requests', { aborted });
      app.closeAllConnections();
      await closed;
    }
    const adminClosed = close(admin);
    admin.closeAllConnections();
    await adminClosed;
    phase = 'stopped';
    logger.info('shutdown complete', { drained: aborted === 0, aborted });
    return { drained: aborted === 0, aborted };
  };

  return {
    port,
    metricsPort,
    get phase() {
      return phase;
    },
    get fault() {
      return fault;
    },
    metrics,
    shutdown: () => (shutdown ??= runShutdown()),
  };
}
