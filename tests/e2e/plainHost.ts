/**
 * The plainest static host: Python's http.server, no CSP, no isolation headers, no caching
 * rules. Each spec that uses one gives it a port of its own, beside `vite preview`'s 4173.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from '@playwright/test';

/** Serves `dir` on `port` for the spec's tests; `probe` is a path that must answer 200. */
export function plainHost(port: number, dir: () => string, probe = '/'): string {
  const origin = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  test.beforeAll(async () => {
    server = spawn(
      'python3',
      ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir()],
      { stdio: 'ignore' },
    );
    const status = () =>
      fetch(`${origin}${probe}`).then(
        (r) => r.status,
        () => 0,
      );
    await expect.poll(status, { timeout: 15_000 }).toBe(200);
  });
  test.afterAll(() => {
    server?.kill();
    server = null;
  });
  return origin;
}
