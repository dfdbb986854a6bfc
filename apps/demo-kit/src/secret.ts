let generated: string | undefined

/**
 * The secret that signs the session cookie: `SESSION_SECRET`, or a random one made once per
 * process (with a warning: every session ends when the process restarts). Web Crypto only, so
 * it also runs on edge runtimes.
 */
export function demoSecret(fromEnv: string | undefined = process.env.SESSION_SECRET): string {
  if (fromEnv) return fromEnv
  if (!generated) {
    const bytes = crypto.getRandomValues(new Uint8Array(32))
    generated = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
    console.warn(
      '[demo] SESSION_SECRET is not set: using a random secret for this process, so sessions end when it restarts. ' +
        'Set SESSION_SECRET to 32 or more random characters (e.g. `openssl rand -base64 32`).',
    )
  }
  return generated
}
