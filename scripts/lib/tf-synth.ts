/**
 * cdktf records a full stack trace (with no depth limit) for every token it creates: every attribute reference
 * (`repository.arn`), every lazy value, every computed list. It keeps the trace only to print it when the token cannot
 * be resolved at synthesis. Capturing and formatting those traces through the bundle's deep call stacks is a tenth of
 * a synthesis with a large catalog.
 *
 * {@link withoutTokenCreationStacks} runs a function during which `Error.captureStackTrace` leaves plain objects
 * alone: cdktf captures its creation stacks on `{ stack: '' }`, so it records none. Errors (instances of `Error`)
 * are captured as always, so every real error keeps its stack. The previous function is restored afterwards, also
 * when `fn` throws.
 */
export function withoutTokenCreationStacks<T>(fn: () => T): T {
  const descriptor = Object.getOwnPropertyDescriptor(Error, 'captureStackTrace');
  const original = Error.captureStackTrace.bind(Error);
  const capture: typeof Error.captureStackTrace = (target, constructorOpt) => {
    if (target instanceof Error) original(target, constructorOpt);
  };
  Error.captureStackTrace = capture;
  try {
    return fn();
  } finally {
    if (descriptor) Object.defineProperty(Error, 'captureStackTrace', descriptor);
  }
}
