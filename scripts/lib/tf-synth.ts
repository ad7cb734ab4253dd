/**
 * cdktf records a full stack trace (with no depth limit) for every token it creates: every attribute reference
 * (`repository.arn`), every lazy value, every computed list. It keeps the trace only to print it when the token cannot
 * be resolved. Formatting those traces is a tenth of a synthesis with a large catalog (a fresh `Error.stack`-style
 * string per reference, walked through the bundle's deep call stacks).
 *
 * {@link withoutTokenCreationStacks} runs a function with `Error.prepareStackTrace` set so that a stack captured on
 * a plain object (what cdktf's `captureStackTrace` does, `{ stack: '' }` and `Error.captureStackTrace`) comes out
 * empty, so cdktf records no creation stack. Real errors keep their stack: for an `Error` the previous formatter is
 * used, or V8's default layout when there was none. The previous setting is restored afterwards, also on a throw.
 */

type PrepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** V8's default layout: `Error.prototype.toString()`, then one `    at <frame>` line per frame. */
function defaultFormat(error: Error, frames: NodeJS.CallSite[]): string {
  const head = Error.prototype.toString.call(error);
  return frames.length === 0 ? head : `${head}\n${frames.map((f) => `    at ${String(f)}`).join('\n')}`;
}

export function withoutTokenCreationStacks<T>(fn: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  const previous = Error.prepareStackTrace as PrepareStackTrace | undefined;
  const format: PrepareStackTrace = (error, frames) => {
    if (!(error instanceof Error)) return '';
    return previous ? previous(error, frames) : defaultFormat(error, frames);
  };
  Error.prepareStackTrace = format as typeof Error.prepareStackTrace;
  try {
    return fn();
  } finally {
    if (descriptor) Object.defineProperty(Error, 'prepareStackTrace', descriptor);
    else Reflect.deleteProperty(Error, 'prepareStackTrace');
  }
}
